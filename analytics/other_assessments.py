"""Assessments a school passport shows beside the quality index, not in it: НИКО, regional
diagnostic works (КДР) and mock exams (issue 13).

They are imported with the results (``analytics.importing``, assessment «НИКО», «КДР»,
«пробный ОГЭ»…) and left out of the indices by ``methodology.inputs.index_results`` unless the
run's parameters name them in ``vpr_assessments`` or ``exam_assessments``; an assessment so
named is part of the index and is therefore not listed here.
"""

from __future__ import annotations

from analytics.importing.schema import SUBJECTS
from analytics.methodology import Parameters
from analytics.models import AssessmentResult, ComputationRun

Assessment = AssessmentResult.Assessment
OTHER_ASSESSMENTS = (Assessment.NIKO, Assessment.KDR, Assessment.MOCK)

# The subject's Russian name as the import reads it, first spelling first («русский язык»).
SUBJECT_NAMES: dict[str, str] = {}
for _name, _code in SUBJECTS.items():
    SUBJECT_NAMES.setdefault(_code, _name)


def latest_parameters() -> Parameters:
    """The parameters of the latest successful run: they decide what the index is made of."""
    run = ComputationRun.latest_success()
    return run.engine_parameters() if run else Parameters()


def outside_index(params: Parameters) -> list[str]:
    named = {*params.vpr_assessments, *params.exam_assessments}
    return [kind for kind in OTHER_ASSESSMENTS if kind not in named]


def results_for(school, params: Parameters | None = None) -> list[AssessmentResult]:
    """The school's НИКО, КДР and mock-exam results outside the index, latest years first.

    ``params`` defaults to the latest successful run's; a passport passes the run it shows.
    Each result carries ``subject_name`` for the table.
    """
    kinds = outside_index(params or latest_parameters())
    results = list(
        AssessmentResult.objects.filter(school=school, assessment__in=kinds).order_by(
            "-year", "assessment", "grade", "subject"
        )
    )
    for result in results:
        result.subject_name = SUBJECT_NAMES.get(result.subject, result.subject)
    return results
