"""An import killed while it writes (SIGKILL: the server rebooted, the OOM killer, a `kill -9`)
leaves nothing half-written, and the next import runs cleanly.

``import_data`` runs as a real child process on a generated file of 40,000 result rows, against
this test's database: on PostgreSQL the test database itself (shared by name); on SQLite, whose
test database lives in this process's memory, a file copy of it. The test waits until the
child is inside its write transaction (PostgreSQL: its backend holds a transaction id; SQLite:
the rollback journal exists) and its rows have reached the database's files (the table's file
on PostgreSQL, the database file on SQLite, once the page cache spills), freezes it (SIGSTOP),
checks it is still inside that transaction, and kills it (SIGKILL): the kill cannot land after
the commit, and what it leaves behind is really on disk, for the database to roll back.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest

from django.conf import settings
from django.db import connection

from analytics.importing import write_frame
from analytics.methodology import generate_region
from analytics.models import AssessmentResult, ImportRecord

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 40_000
RESULTS = AssessmentResult._meta.db_table
RECORDS = ImportRecord._meta.db_table
CHILD_NAME = "faults-import-kill"


class Target:
    """The database the child process writes to, as the test reads it."""

    def __init__(self, tmp_path: Path):
        if connection.vendor == "sqlite":
            # The child cannot open this process's in-memory database: give it a file copy.
            self.path = tmp_path / "import.sqlite3"
            connection.ensure_connection()
            with closing(sqlite3.connect(self.path)) as copy:
                connection.connection.backup(copy)
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
            self.url = (
                f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"
                f"?application_name={CHILD_NAME}"
            )

    def query(self, sql: str, params=()):
        if connection.vendor == "sqlite":
            # The first connection after the kill finds the hot journal and rolls it back.
            with closing(sqlite3.connect(self.path)) as db:
                return db.execute(sql, params).fetchone()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def count(self, table: str) -> int:
        return self.query(f"SELECT COUNT(*) FROM {table}")[0]  # noqa: S608 (a model's table name)

    def total_mean_score(self) -> float:
        return self.query(f"SELECT SUM(mean_score) FROM {RESULTS}")[0]  # noqa: S608

    def in_write_transaction(self) -> bool:
        """The child has written inside its transaction and not committed it."""
        if connection.vendor == "sqlite":
            # In the rollback-journal mode the journal exists from the first changed page until
            # the commit, which deletes it.
            return Path(f"{self.path}-journal").exists()
        row = self.query(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = %s "
            "AND backend_xid IS NOT NULL AND query NOT ILIKE 'COMMIT%%'",
            [CHILD_NAME],
        )
        return row[0] == 1

    def footprint(self):
        """What changes in the database's files as rows are written, committed or not."""
        if connection.vendor == "sqlite":
            stat = self.path.stat()
            return stat.st_size, stat.st_mtime_ns
        return self.query("SELECT pg_relation_size(%s)", [RESULTS])[0]

    def settle(self) -> None:
        """Wait until the killed child's server session has ended (PostgreSQL rolls it back)."""
        if connection.vendor == "sqlite":
            return
        deadline = time.monotonic() + 30
        while self.query("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = %s", [CHILD_NAME])[0]:
            assert time.monotonic() < deadline, "the killed import's session did not end"
            time.sleep(0.05)

    def integrity(self) -> str:
        return self.query("PRAGMA integrity_check")[0] if connection.vendor == "sqlite" else "ok"


@pytest.fixture
def generated(tmp_path):
    """The region's schools in the registry and a file of ``ROWS`` result rows for them."""
    schools, results, _context = generate_region(n_schools=ROWS // 40 + 100, n_municipalities=5, seed=11)
    results = results.iloc[:ROWS]
    schools = schools.loc[schools["code"].isin(results["school_code"].unique())]
    write_frame("schools", schools, new_municipalities=sorted(schools["municipality"].unique()))
    return results


def import_command(target: Target, path: Path, tmp_path: Path) -> tuple[list[str], dict, Path]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": target.url}
    out = tmp_path / f"{path.stem}.out"
    return [sys.executable, "manage.py", "import_data", "results", str(path)], env, out


def import_to_the_end(target: Target, path: Path, tmp_path: Path) -> str:
    command, env, out = import_command(target, path, tmp_path)
    done = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def kill_while_writing(target: Target, path: Path, tmp_path: Path) -> str:
    """Start the import, SIGKILL it inside its write transaction; return what it printed."""
    command, env, out = import_command(target, path, tmp_path)
    before = target.footprint()
    with out.open("w") as output:
        child = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while not (target.in_write_transaction() and target.footprint() != before):
            assert child.poll() is None, "the import ended before it was seen writing:\n" + out.read_text()
            assert time.monotonic() < deadline, "the import did not begin writing"
            time.sleep(0.01)
        child.send_signal(signal.SIGSTOP)
        assert target.in_write_transaction(), "the import committed before it was stopped: use a bigger file"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    target.settle()
    return out.read_text()


def test_an_import_killed_while_writing_leaves_no_rows_and_the_next_one_runs_cleanly(generated, tmp_path):
    path = tmp_path / "results.csv"
    generated.to_csv(path, index=False)
    target = Target(tmp_path)

    printed = kill_while_writing(target, path, tmp_path)
    assert "Загружено" not in printed
    assert target.integrity() == "ok"
    assert (target.count(RESULTS), target.count(RECORDS)) == (0, 0)

    printed = import_to_the_end(target, path, tmp_path)
    assert f"строк {ROWS}, создано {ROWS}, обновлено 0" in printed
    assert (target.count(RESULTS), target.count(RECORDS)) == (ROWS, 1)


def test_a_reimport_killed_while_writing_leaves_every_old_value(generated, tmp_path):
    first, second = tmp_path / "results.csv", tmp_path / "corrected.csv"
    generated.to_csv(first, index=False)
    generated.assign(mean_score=generated["mean_score"] + 1).to_csv(second, index=False)
    target = Target(tmp_path)
    import_to_the_end(target, first, tmp_path)
    before = target.total_mean_score()

    kill_while_writing(target, second, tmp_path)
    assert target.integrity() == "ok"
    assert (target.count(RESULTS), target.count(RECORDS)) == (ROWS, 1)
    assert target.total_mean_score() == pytest.approx(before, abs=1e-6)

    printed = import_to_the_end(target, second, tmp_path)
    assert f"строк {ROWS}, создано 0, обновлено {ROWS}" in printed
    assert target.total_mean_score() == pytest.approx(before + ROWS, rel=1e-9)
    assert target.count(RECORDS) == 2
