from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Аналитика"

    def ready(self):
        from base import cabinet
        from base.roles import on_migrate
        from surveys.signals import response_submitted
        from surveys.targets import register_programme_schools

        from .cabinet import analytics_entries
        from .directions import seed_cooperation_directions
        from .roles import grant_analytics_permissions
        from .survey_feed import on_response_submitted, programme_schools

        on_migrate(grant_analytics_permissions)
        on_migrate(seed_cooperation_directions)
        cabinet.register(analytics_entries)
        # A school's risk self-diagnosis writes its risk profile; campaigns learn the programme's schools.
        response_submitted.connect(on_response_submitted, dispatch_uid="analytics.risk_profile_from_survey")
        register_programme_schools(programme_schools)
