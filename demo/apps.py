from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo region and content for people to try the portal; the top layer, used by nothing."""

    name = "demo"
    verbose_name = "Демонстрационные данные"
