from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Surveys of the programme: parents' satisfaction, teachers' deficits, schools' risk
    self-diagnosis; answered anonymously through a link per school."""

    name = "surveys"
    verbose_name = "Анкетирование"

    def ready(self):
        from base import cabinet
        from base.roles import on_migrate

        from . import signals  # noqa: F401  (connects the receivers)
        from .cabinet import survey_entries
        from .roles import grant_survey_permissions

        on_migrate(grant_survey_permissions)
        cabinet.register(survey_entries)
