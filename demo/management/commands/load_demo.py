from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from wagtail.models import Site

from demo import communities as communities_demo
from demo import library as practices_demo
from demo import orginfo as orginfo_demo
from demo import parents as parents_demo
from demo import region as analytics_demo
from demo import site as demo
from demo import surveys as surveys_demo
from demo.site import DEMO_PASSWORD

# Each app adds its own demo step here, in the order they depend on each other.
DEMO_STEPS = [
    demo.load,
    # The analytics region (schools, data, computed indices, scoped accounts) after the accounts.
    analytics_demo.load,
    practices_demo.load,
    communities_demo.load,
    parents_demo.load,
    # Surveys ask the programme's schools, so after the region and its programme records.
    surveys_demo.load,
    orginfo_demo.load,
    # Keep last: attaches practices to registry schools once the analytics region exists.
    practices_demo.link_schools,
]


class Command(BaseCommand):
    help = "Загружает демонстрационный регион и содержимое портала (повторный запуск ничего не дублирует)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Загрузить демо-данные даже при выключенном DEBUG (например, на стенде).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG выключен: похоже, это рабочий сервер. Демо-данные создают учётные записи с "
                "известным паролем. Если это действительно нужно, запустите с флагом --force."
            )
        accounts = []
        # Wagtail tells the demo reviewers of every page the demo submits for review; dozens of
        # such letters in the console would bury the accounts printed at the end.
        with transaction.atomic(), override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for step in DEMO_STEPS:
                accounts += step(self.stdout) or []
            site_url = serve_site_at_base_url()
        # Pages are saved through the ORM, so Wagtail's signals already keep the reference index;
        # rebuilding it would only re-walk every registry row (tens of seconds).
        call_command("update_index", verbosity=0)
        # After every app's content: the resource bank indexes practices and materials.
        call_command("rebuild_bank_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Демо-данные загружены."))
        self.stdout.write(f"Сайт: {site_url}  вход для сотрудников: {site_url}accounts/login/")
        self.stdout.write(f"Демо-учётные записи (пароль для всех: {DEMO_PASSWORD}):")
        width = max(len(username) for username, _role in accounts)
        for username, role in accounts:
            self.stdout.write(f"  {username:<{width}} — {role}")


def serve_site_at_base_url() -> str:
    """Give the default site the address of WAGTAILADMIN_BASE_URL (`make demo` sets it from PORT).

    Page links in letters, the sitemap and the iCal feeds are built from the site's host and
    port; left at Wagtail's localhost:80 they would lead nowhere on the demo's port.
    """
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) != (address.hostname, port):
        site.hostname, site.port = address.hostname, port
        site.save(update_fields=["hostname", "port"])
    return site.root_url + "/"
