from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Municipalities, schools, the federal risk list and who of the staff belongs where."""

    name = "registry"
    verbose_name = "Реестр школ"
