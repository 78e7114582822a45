from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Практики и методические материалы"

    def ready(self):
        from base.roles import on_migrate

        from .roles import grant_library_permissions

        on_migrate(grant_library_permissions)
