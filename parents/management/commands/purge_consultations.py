from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parents.retention import purge


class Command(BaseCommand):
    help = (
        "Обезличивает закрытые обращения родителей, срок хранения которых истёк: удаляет имя, контакты, школу, "
        "вопрос, ответ и заметки, оставляя тему, муниципалитет и даты для показателей службы. "
        "Запускается по расписанию раз в сутки."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Сколько дней хранить закрытое обращение (по умолчанию CONSULTATION_RETENTION_DAYS, "
            f"сейчас {settings.CONSULTATION_RETENTION_DAYS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Только показать, какие обращения будут обезличены.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 0:
            raise CommandError("Срок хранения не может быть отрицательным.")
        result = purge(days, dry_run=dry_run)
        cutoff = timezone.localtime(result.cutoff).strftime("%d.%m.%Y %H:%M")
        verb = "Будут обезличены" if dry_run else "Обезличены"
        self.stdout.write(f"{verb} обращения, закрытые до {cutoff}: {len(result.references)}.")
        for reference in result.references:
            self.stdout.write(f"  {reference}")
        if dry_run:
            self.stdout.write("Проверка: ничего не изменено.")
