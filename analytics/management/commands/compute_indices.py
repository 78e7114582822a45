import pandas as pd

from django.core.management.base import BaseCommand, CommandError

from analytics.computation import ComputationBusy, output_frame, run_computation
from analytics.exports import safe_text
from analytics.models import AssessmentResult


def spreadsheet_safe(table: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """The Output table with text cells that a spreadsheet would run as a formula (a school code
    such as ``=HYPERLINK(...)``) written as text, as the staff exports write them. Columns that
    are numbers or flags in the engine's table stay as they are, so ``-1.99`` stays a number."""
    safe = table.copy()
    for column in safe.columns:
        kind = source[column].dtype if column in source.columns else None
        if kind is not None and (pd.api.types.is_numeric_dtype(kind) or pd.api.types.is_bool_dtype(kind)):
            continue
        safe[column] = safe[column].map(lambda value: safe_text(value) if isinstance(value, str) else value)
    return safe


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
        try:
            run, result = run_computation(years=years, source="command")
        except ComputationBusy as busy:
            raise CommandError(str(busy)) from busy
        table = output_frame(result)
        if output:
            spreadsheet_safe(table, result.table).to_csv(output, index=False, lineterminator="\n")
        low = int(result.table["low_results"].sum())
        unfavourable = int(result.table["unfavourable"].sum())
        self.stdout.write(
            self.style.SUCCESS(
                f"Расчёт №{run.pk} сохранён: годы {', '.join(map(str, run.years))}; строк {len(table)}; "
                f"ШНОР {low}, ШФНСУ {unfavourable} (школо-лет)." + (f" Таблица записана в {output}." if output else "")
            )
        )
