import logging

from django.core.management.base import BaseCommand

from communities.registration import REMINDER_LEAD, send_reminders

logger = logging.getLogger("communities.reminders")


class Command(BaseCommand):
    help = (
        "Отправляет напоминания участникам мероприятий, которые начнутся в ближайшие "
        f"{int(REMINDER_LEAD.total_seconds() // 3600)} ч. Каждому — одно напоминание, сколько бы раз "
        "ни запускалась команда. Запускается по расписанию каждый час."
    )

    def handle(self, *args, **options):
        counts = send_reminders()
        summary = (
            f"Напоминаний поставлено в отправку: {counts['sent']}, "
            f"уже отправленных другим запуском: {counts['skipped']}."
        )
        # The schedule's log keeps the figures; the output is for a person running it by hand.
        logger.info(summary)
        self.stdout.write(summary)
