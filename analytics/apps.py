from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Аналитика"

    def ready(self):
        from base.roles import on_migrate

        from .roles import grant_analytics_permissions

        on_migrate(grant_analytics_permissions)
