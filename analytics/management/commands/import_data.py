from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from analytics.importing import (
    SCHEMAS,
    DatabaseRegistry,
    ImportFileError,
    count_changes,
    read_table,
    sha256,
    validate,
    write,
)

MAX_SHOWN = 500


class Command(BaseCommand):
    help = (
        "Загружает таблицу CSV или XLSX: данные (municipalities, schools, results, context, risks) или записи "
        "программы (participation, school_programmes, municipal_programmes, partnerships, mentoring, training, "
        "programme_events). "
        "Всё или ничего: при любой ошибке ничего не записывается, а каждая ошибка выводится с номером "
        "строки и столбцом. Повторная загрузка обновляет строки, а не дублирует их. Муниципалитеты "
        "из файла школ создаются, только пока реестр муниципалитетов пуст (первая загрузка региона); "
        "дальше неизвестный муниципалитет — ошибка, новые добавляются файлом municipalities. Записи программы "
        "из командной строки загружаются для любых школ региона."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SCHEMAS), help="Что загружается.")
        parser.add_argument("file", help="Путь к файлу CSV (UTF-8 или Windows-1251) или XLSX.")
        parser.add_argument("--dry-run", action="store_true", help="Только проверить файл, ничего не записывать.")

    def handle(self, kind, file, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл не найден: {file}")
        data = path.read_bytes()
        try:
            frame = read_table(data, path.name)
        except ImportFileError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        validated = validate(kind, frame, DatabaseRegistry())
        for warning in validated.warnings:
            self.stderr.write(f"Предупреждение: {warning}")
        if not validated.ok:
            problems = validated.problems
            for problem in problems[:MAX_SHOWN]:
                self.stderr.write(str(problem))
            if len(problems) > MAX_SHOWN:
                self.stderr.write(f"…и ещё {len(problems) - MAX_SHOWN} ошибок.")
            raise CommandError(
                f"{path.name}: найдено ошибок: {len(problems)}. Ничего не загружено; исправьте файл и повторите."
            )
        title = SCHEMAS[kind].title
        if dry_run:
            counts = count_changes(validated)
            self.stdout.write(
                f"Проверка пройдена ({title}): строк {counts.rows}, было бы создано {counts.created}, "
                f"обновлено {counts.updated}. Ничего не записано (--dry-run)."
            )
            return
        record = write(validated, file_name=path.name, digest=sha256(data), source="command")
        if validated.new_municipalities:
            self.stdout.write(
                f"Созданы муниципалитеты ({len(validated.new_municipalities)}): "
                + ", ".join(validated.new_municipalities)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Загружено ({title}): строк {record.rows}, создано {record.created}, обновлено {record.updated}."
            )
        )
