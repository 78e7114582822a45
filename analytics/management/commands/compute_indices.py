from django.core.management.base import BaseCommand, CommandError

from analytics.computation import output_frame, run_computation
from analytics.models import AssessmentResult


class Command(BaseCommand):
    help = (
        "Рассчитывает индексы школ по METHODOLOGY.md за все годы с результатами (или за один), "
        "сохраняет расчёт с параметрами и отпечатком входных данных и при --output пишет итоговую таблицу CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Рассчитать только этот год.")
        parser.add_argument("--output", help="Куда записать итоговую таблицу (CSV, UTF-8).")

    def handle(self, year=None, output=None, **options):
        years = None
        if year is not None:
            if not AssessmentResult.objects.filter(year=year).exists():
                raise CommandError(f"За {year} год нет результатов оценочных процедур: считать нечего.")
            years = [year]
        elif not AssessmentResult.objects.exists():
            raise CommandError("В базе нет результатов оценочных процедур: сначала загрузите их (import_data results).")
        run, result = run_computation(years=years, source="command")
        table = output_frame(result)
        if output:
            table.to_csv(output, index=False, lineterminator="\n")
        low = int(result.table["low_results"].sum())
        unfavourable = int(result.table["unfavourable"].sum())
        self.stdout.write(
            self.style.SUCCESS(
                f"Расчёт №{run.pk} сохранён: годы {', '.join(map(str, run.years))}; строк {len(table)}; "
                f"ШНОР {low}, ШФНСУ {unfavourable} (школо-лет)." + (f" Таблица записана в {output}." if output else "")
            )
        )
