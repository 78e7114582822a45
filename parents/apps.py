from django.apps import AppConfig


class ParentsConfig(AppConfig):
    """The consultation service for parents: its pages, requests, consultants and replies."""

    name = "parents"
    verbose_name = "Консультационная служба для родителей"

    def ready(self):
        from base import cabinet
        from base.roles import on_migrate

        from .cabinet import consultation_entries
        from .roles import grant_consultation_permissions
        from .topics import ensure_default_topics

        on_migrate(grant_consultation_permissions)
        # Not a data migration: `flush` (transactional tests) empties the table and runs only
        # the post-migrate handlers, after which the form would have no topics at all.
        on_migrate(ensure_default_topics)
        cabinet.register(consultation_entries)
