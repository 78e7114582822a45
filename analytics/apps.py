from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Аналитика"

    def ready(self):
        from base import cabinet
        from base.roles import on_migrate

        from .cabinet import analytics_entries
        from .directions import seed_cooperation_directions
        from .roles import grant_analytics_permissions

        on_migrate(grant_analytics_permissions)
        on_migrate(seed_cooperation_directions)
        cabinet.register(analytics_entries)
