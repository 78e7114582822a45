from django.apps import AppConfig


class BaseConfig(AppConfig):
    """The shared layer every feature app builds on; it imports none of them."""

    name = "base"
    verbose_name = "Общие настройки сайта"

    def ready(self):
        from . import pagecache, roles

        roles.connect()
        pagecache.connect()
