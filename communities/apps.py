from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "Профессиональные сообщества и мероприятия"

    def ready(self):
        from . import signals

        signals.connect()
