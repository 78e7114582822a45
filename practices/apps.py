from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Практики и методические материалы"

    def ready(self):
        from base import cabinet, pagecache
        from base.roles import on_migrate

        from .cabinet import library_entries
        from .models import Audience, EducationLevel, Grade, MaterialType, PracticeType, Subject
        from .roles import grant_library_permissions

        on_migrate(grant_library_permissions)
        cabinet.register(library_entries)
        # The taxonomies' names are printed on every practice and material and in the filters.
        pagecache.follow(Subject, EducationLevel, Grade, Audience, MaterialType, PracticeType)
