"""A backup of deploy/backup.sh comes back whole through deploy/restore.sh.

The check itself is deploy/check_restore.py, run here on a small site this test builds instead of
the demo: it backs the test database up, restores it into a new empty database and empty
folders, and compares rows, sequences, files and pages. pg_dump and pg_restore are PostgreSQL's,
so that part runs where production runs; the comparison it relies on is checked everywhere.
"""

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from django.db import connection

from analytics.models import MunicipalProgramme
from practices.models import PracticeType
from tests.factories import library
from tests.factories.analytics import regional_analyst
from tests.factories.registry import MunicipalityFactory

ROOT = Path(__file__).resolve().parents[2]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql" or not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump and pg_restore work on PostgreSQL",
)


def load_check():
    spec = importlib.util.spec_from_file_location("check_restore", ROOT / "deploy" / "check_restore.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def database_url():
    """The test database's address, as DATABASE_URL spells it."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    host = (db["HOST"] or "") + (f":{db['PORT']}" if db["PORT"] else "")
    return f"postgres://{user}@{host}/{db['NAME']}"


@pytest.fixture
def media(settings, tmp_path):
    """The site's files in a folder of the test's own; programme documents beside it, where the test
    settings put them (``<media>-private``)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_check_reports_every_kind_of_difference():
    check = load_check()
    page = {"status": 200, "content_type": "text/html", "location": None, "length": 5, "text": "a\nb", "body": "1"}
    assert check.compare_pages({"/": page}, {"/": page}) == []
    changed = check.compare_pages({"/": page, "/x/": page}, {"/": {**page, "status": 404, "text": "a\nc", "body": "2"}})
    assert any("/: код ответа 200 → 404" in problem for problem in changed)
    assert any(problem.startswith("/: содержимое отличается") and "+c" in problem for problem in changed)
    assert "/x/: после восстановления страница не открывалась" in changed

    assert check.compare_trees({"a.pdf": (3, "x"), "b.pdf": (3, "y")}, {"a.pdf": (3, "z"), "c.pdf": (1, "w")}, "M") == [
        "M: нет файла b.pdf",
        "M: лишний файл c.pdf",
        "M: файл a.pdf изменился",
    ]
    assert check.compare_tables({"t": (2, "x"), "u": (1, "y")}, {"t": (2, "z")}) == [
        "таблица t: строки те же по числу, но другие",
        "таблица u: нет после восстановления",
    ]
    # A sequence may move on (migrate takes ids it does not use), never back.
    assert check.compare_sequences({"s": 10, "t": 5}, {"s": 12, "t": 4}) == ["последовательность t: 5 → 4 (назад)"]


def test_csrf_tokens_are_the_only_thing_taken_out_of_a_page():
    check = load_check()
    page = '<input type="hidden" name="csrfmiddlewaretoken" value="{}"><p>{}</p>'
    assert check.normalise(page.format("A" * 64, "Школа")) == check.normalise(page.format("B" * 64, "Школа"))
    assert check.normalise(page.format("A" * 64, "Школа")) != check.normalise(page.format("A" * 64, "Школа 2"))


@on_postgresql
# Committed, so that pg_dump sees the rows.
@pytest.mark.django_db(transaction=True)
def test_pages_rows_and_files_survive_a_backup_and_a_restore(home, media):
    # A type of its own: a test that committed before this one flushed the types the migrations seed.
    PracticeType.objects.get_or_create(slug="restore-check", defaults={"name": "Проверка копии"})
    handout = library.make_document("Памятка учителю", "pamyatka.txt", content="Текст памятки".encode())
    practice = library.make_practice("Практика для проверки копии", practice_type="restore-check", files=[handout])
    programme = MunicipalProgramme.objects.create(
        municipality=MunicipalityFactory(), year=2024, title="Поддержка школ района"
    )
    # Written by hand where the check's settings look: the field's storage was fixed at import.
    document = media.with_name("media-private") / "programmes" / "municipal" / "programme.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.4 programme")
    MunicipalProgramme.objects.filter(pk=programme.pk).update(document="programmes/municipal/programme.pdf")
    analyst = regional_analyst()

    result = subprocess.run(
        [sys.executable, "deploy/check_restore.py", "--settings", "config.settings.test"]
        + ["--source-database-url", database_url(), "--media-root", str(media), "--user", analyst.username]
        + ["--page", "/", "--page", practice.url, "--page", handout.url]
        + ["--staff-page", f"/analytics/programme/files/municipal-programme/{programme.pk}/"],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        capture_output=True,
        text=True,
        timeout=180,
    )

    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "Восстановление совпало с исходной базой" in report
    assert "Файлов в MEDIA_ROOT: 1\n" in report and "Файлов в PRIVATE_MEDIA_ROOT: 1\n" in report, report
    served_alike = [line for line in report.splitlines() if " 200 " in line and line.endswith("совпадает")]
    for path in ("/", practice.url, handout.url, "municipal-programme"):
        assert any(path in line for line in served_alike), report
    with connection.cursor() as cursor:
        cursor.execute("select 1 from pg_database where datname = %s", [connection.settings_dict["NAME"] + "_restored"])
        assert cursor.fetchone() is None, "the check leaves no database behind"


@on_postgresql
@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    backup = tmp_path / "portal-20250101-000000"
    backup.mkdir()
    sums = ""
    for name in ("database.dump", "media.tar", "private-media.tar"):
        (backup / name).write_bytes(b"")
        sums += f"{hashlib.sha256(b'').hexdigest()}  {name}\n"
    (backup / "SHA256SUMS").write_text(sums)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    result = subprocess.run(
        ["bash", "deploy/restore.sh", str(backup)], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert f"база {connection.settings_dict['NAME']} не пуста" in result.stderr
    assert not (tmp_path / "media").exists()
