from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Практики и методические материалы"

    def ready(self):
        from base import cabinet
        from base.roles import on_migrate

        from .cabinet import library_entries
        from .roles import grant_library_permissions

        on_migrate(grant_library_permissions)
        cabinet.register(library_entries)
