"""Word documents the programme hands out: the partnership agreement of the standard form.

``agreement.docx`` is a docxtpl template made by ``build.py`` (python-docx), so its wording is
reviewed as code; ``agreement.py`` fills it for one ``Partnership``.
"""
