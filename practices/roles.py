"""What the roles may do with the library's own models (see base.roles for the roles)."""

from base.roles import EXPERTS, METHODISTS, grant

VOCABULARIES = ["subject", "audience", "materialtype", "practicetype", "educationlevel", "grade"]


def grant_library_permissions():
    """Methodists and experts keep the vocabularies the library's filters are made of."""
    vocabulary_rights = [
        f"practices.{action}_{model}" for model in VOCABULARIES for action in ("add", "change", "view")
    ]
    grant(METHODISTS, vocabulary_rights)
    grant(EXPERTS, vocabulary_rights)
