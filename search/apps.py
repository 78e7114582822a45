from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Поиск"

    def ready(self):
        from . import signals

        signals.connect()
