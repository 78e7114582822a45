from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = (
        "Доводит до конца отложенные обновления поискового индекса: текст новых вложений и страницы, "
        "которые не попали в Elasticsearch из-за сбоя. Запускается по расписанию."
    )

    def handle(self, *args, **options):
        counts = indexing.retry_due()
        if options["verbosity"]:
            self.stdout.write(
                f"Обновлено страниц: {counts['done']}, отложено до следующей попытки: {counts['failed']}."
            )
