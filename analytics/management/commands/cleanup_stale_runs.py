from django.core.management.base import BaseCommand, CommandError

from analytics.computation import clear_stale_runs
from base.queue import KEEP_FINISHED_DAYS, prune_finished


class Command(BaseCommand):
    help = (
        "Отмечает сбойными расчёты индексов, которые дольше COMPUTATION_TIMEOUT_MINUTES не подают признаков "
        "работы или чья задача в фоновой очереди уже закончилась (обработчик очереди остановлен или не "
        "запущен), и удаляет из очереди задачи, завершённые больше --days дней назад. Ждущие и идущие "
        "задачи не трогает. Запускается по расписанию раз в час."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=KEEP_FINISHED_DAYS,
            help=f"Сколько дней хранить завершённые задачи очереди (по умолчанию {KEEP_FINISHED_DAYS}).",
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days не может быть отрицательным.")
        # Runs first: a run is judged also by its task, which the pruning may delete.
        cleared = clear_stale_runs()
        pruned = prune_finished(days)
        queue = (
            f"завершённые задачи очереди старше {days} дн. удалены"
            if pruned
            else "очередь не хранит задач (задачи выполняются сразу)"
        )
        self.stdout.write(f"Расчётов отмечено сбойными: {cleared}; {queue}.")
