from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from communities.retention import anonymise


class Command(BaseCommand):
    help = (
        "Обезличивает регистрации на мероприятия, прошедшие больше срока хранения назад: удаляет ФИО, "
        "почту, должность и организацию, оставляя школу, посещение и даты для мониторинга программы. "
        "Запускается по расписанию раз в сутки."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Сколько дней после занятия хранить данные (по умолчанию EVENT_REGISTRATION_RETENTION_DAYS, "
            f"сейчас {settings.EVENT_REGISTRATION_RETENTION_DAYS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Только посчитать, ничего не менять.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 0:
            raise CommandError("Срок хранения не может быть отрицательным.")
        count, cutoff = anonymise(days, dry_run=dry_run)
        verb = "Будут обезличены" if dry_run else "Обезличены"
        self.stdout.write(
            f"{verb} регистрации на занятия, закончившиеся до {timezone.localtime(cutoff):%d.%m.%Y}: {count}."
        )
