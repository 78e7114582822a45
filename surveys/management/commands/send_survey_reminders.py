from django.core.management.base import BaseCommand

from surveys.reminders import purge_drafts, send_reminders


class Command(BaseCommand):
    help = (
        "Напоминает руководителям школ об идущих опросах (в начале, в середине и за три дня до конца, "
        "каждое — один раз) и удаляет неотправленные черновики ответов давно закрытых опросов. "
        "Запускается по расписанию раз в сутки."
    )

    def handle(self, *args, **options):
        counts = send_reminders()
        deleted = purge_drafts()
        self.stdout.write(
            f"Напоминаний поставлено в отправку: {counts['sent']}, школ без руководителя с почтой: "
            f"{counts['no_leader']}; удалено черновиков ответов: {deleted}."
        )
