from django.core.management.base import BaseCommand

from base.mail import deliver_due


class Command(BaseCommand):
    help = (
        "Повторяет отправку писем, которые не ушли из-за сбоя почтового сервера, и удаляет давно "
        "отправленные. Запускается по расписанию каждые 5 минут."
    )

    def handle(self, *args, **options):
        counts = deliver_due()
        self.stdout.write(
            f"Отправлено: {counts.get('sent', 0)}, ждут повтора: {counts.get('pending', 0)}, "
            f"не удалось: {counts.get('failed', 0)}, удалено старых: {counts['purged']}."
        )
