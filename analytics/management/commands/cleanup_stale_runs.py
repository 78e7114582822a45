from django.core.management.base import BaseCommand

from analytics.computation import clear_stale_runs


class Command(BaseCommand):
    help = (
        "Отмечает сбойными расчёты индексов, которые дольше COMPUTATION_TIMEOUT_MINUTES не подают признаков "
        "работы или чья задача в фоновой очереди уже закончилась (обработчик очереди остановлен, не запущен "
        "или убит посреди расчёта), чтобы зависший расчёт не числился идущим и не держал очередь. "
        "Запускается по расписанию раз в час; страница расчётов и новый расчёт делают то же сами."
    )

    def handle(self, *args, **options):
        cleared = clear_stale_runs()
        self.stdout.write(f"Расчётов отмечено сбойными: {cleared}.")
