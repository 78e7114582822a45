from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "Профессиональные сообщества и мероприятия"

    def ready(self):
        from base import cabinet, pagecache
        from base.roles import on_migrate

        from . import signals
        from .cabinet import event_entries
        from .models import Registration
        from .models.occurrences import seats_tag
        from .roles import grant_registration_permissions

        signals.connect()
        on_migrate(grant_registration_permissions)
        cabinet.register(event_entries)
        # Event pages show the seats left (registration.availability declares the dependency).
        pagecache.follow(Registration, tag=lambda registration: seats_tag(registration.occurrence_id))
