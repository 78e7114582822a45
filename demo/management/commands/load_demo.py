from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import communities as communities_demo
from demo import library as practices_demo
from demo import parents as parents_demo
from demo import region as analytics_demo
from demo import site as demo
from demo.site import DEMO_PASSWORD

# Each app adds its own demo step here, in the order they depend on each other.
DEMO_STEPS = [
    demo.load,
    # The analytics region (schools, data, computed indices, scoped accounts) after the accounts.
    analytics_demo.load,
    practices_demo.load,
    communities_demo.load,
    parents_demo.load,
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
        with transaction.atomic():
            for step in DEMO_STEPS:
                accounts += step(self.stdout) or []
        # Pages are saved through the ORM, so Wagtail's signals already keep the reference index;
        # rebuilding it would only re-walk every registry row (tens of seconds).
        call_command("update_index", verbosity=0)
        # After every app's content: the resource bank indexes practices and materials.
        call_command("rebuild_bank_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Демо-данные загружены."))
        self.stdout.write(f"Демо-учётные записи (пароль для всех: {DEMO_PASSWORD}):")
        for username, role in accounts:
            self.stdout.write(f"  {username:<10} — {role}")
