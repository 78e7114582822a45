"""Proves that a backup of deploy/backup.sh comes back whole through deploy/restore.sh.

Without ``--source-database-url`` it builds what it checks, apart from anything else on the
machine: a fresh PostgreSQL database and file folders, ``migrate``, ``load_demo --force`` and
``collectstatic``, with the production settings (DEBUG off). Then, in this order:

1. ``deploy/backup.sh`` of that database and its two file stores;
2. the rows of every table (their number and a digest), the value of every sequence and every
   file (size and SHA-256) of the source, as the backup took them;
3. a set of pages through Django's test client: the home page, a practice, the materials list,
   an event, the resource bank's search, a document download, and, signed in as ``analyst``,
   the analytics dashboard, a school passport and a programme document;
4. ``deploy/restore.sh`` into a new empty database and empty folders;
5. the same of the restored copy, compared with step 2 (sequences may only be ahead);
6. the same pages from the restored copy, compared with step 3: status, content type,
   redirect, and the body once the CSRF tokens are taken out.

It prints a report and exits with 1 on any difference. The databases it made are dropped and its
folder deleted at the end, unless ``--keep``.

    .venv/bin/python deploy/check_restore.py [--server postgres://postgres@127.0.0.1:5432]
                                             [--db-prefix restore_check] [--keep]

With ``--source-database-url`` (and ``--media-root``, ``--page``, ``--staff-page``, ``--user``,
``--settings``) it checks a database that already has content instead of the demo; the test
tests/deploy/test_backup_restore.py runs it that way on a small site.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"

# What differs between two renders of one database and says nothing about the data: the tokens
# Django puts in forms, meta tags and scripts for CSRF, and CSP nonces.
VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1…"),
    (re.compile(r'(csrf[\w-]*"?\s*(?:content|value)?[=:]\s*")[A-Za-z0-9]{32,}'), r"\1…"),
    (re.compile(r'(nonce=")[^"]+'), r"\1…"),
]
TEXT_TYPES = ("text/", "application/json", "application/xml", "image/svg")


# --- Comparison (pure: the test checks it finds what it must) -----------------------------------


def normalise(body: str) -> str:
    for pattern, replacement in VOLATILE:
        body = pattern.sub(replacement, body)
    return body


def compare_pages(before: dict, after: dict) -> list[str]:
    """Differences between two renders of the same paths, one message per path that differs."""
    problems = []
    for path, old in before.items():
        new = after.get(path)
        if new is None:
            problems.append(f"{path}: после восстановления страница не открывалась")
            continue
        for key, label in (("status", "код ответа"), ("content_type", "тип"), ("location", "перенаправление")):
            if old.get(key) != new.get(key):
                problems.append(f"{path}: {label} {old.get(key)} → {new.get(key)}")
        if old.get("body") != new.get("body"):
            if "text" in old and "text" in new:
                diff = difflib.unified_diff(
                    old["text"].splitlines(), new["text"].splitlines(), "до", "после", n=0, lineterm=""
                )
                shown = "\n".join(list(diff)[2:12])
                problems.append(f"{path}: содержимое отличается\n{shown}")
            else:
                problems.append(f"{path}: содержимое отличается ({old['length']} → {new['length']} байт)")
    return problems


def compare_tables(before: dict, after: dict) -> list[str]:
    """Tables as (row count, digest of the rows): every table back, with the same rows."""
    problems = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            problems.append(f"таблица {name}: нет после восстановления")
        elif name not in before:
            problems.append(f"таблица {name}: лишняя после восстановления")
        elif before[name][0] != after[name][0]:
            problems.append(f"таблица {name}: строк {before[name][0]} → {after[name][0]}")
        elif before[name][1] != after[name][1]:
            problems.append(f"таблица {name}: строки те же по числу, но другие")
    return problems


def compare_sequences(before: dict, after: dict) -> list[str]:
    """Every sequence at least where it was: one behind would hand out ids that rows already have.

    Ahead is fine: ``migrate`` after the restore re-adds the roles' permissions with ON CONFLICT
    DO NOTHING, which adds no row but takes ids.
    """
    problems = []
    for name, value in sorted(before.items()):
        if name not in after:
            problems.append(f"последовательность {name}: нет после восстановления")
        elif (after[name] or 0) < (value or 0):
            problems.append(f"последовательность {name}: {value} → {after[name]} (назад)")
    return problems


def file_tree(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under ``folder``: its path inside, size and SHA-256."""
    tree = {}
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                tree[str(path.relative_to(folder))] = (
                    path.stat().st_size,
                    hashlib.sha256(path.read_bytes()).hexdigest(),
                )
    return tree


def compare_trees(before: dict, after: dict, what: str) -> list[str]:
    problems = [f"{what}: нет файла {name}" for name in sorted(set(before) - set(after))]
    problems += [f"{what}: лишний файл {name}" for name in sorted(set(after) - set(before))]
    problems += [
        f"{what}: файл {name} изменился" for name in sorted(set(before) & set(after)) if before[name] != after[name]
    ]
    return problems


# --- Rendering (run in a child process with the copy's settings) -------------------------------


def render(spec: dict) -> dict:
    """Renders ``spec``'s paths through Django's test client; with ``discover``, picks them first."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    paths = discover() if spec.get("discover") else {"anonymous": spec["anonymous"], "staff": spec["staff"]}
    results = {}
    anonymous = Client()
    for path in paths["anonymous"]:
        results[path] = fetch(anonymous, path)
    if paths["staff"]:
        staff = Client()
        staff.force_login(get_user_model().objects.get(username=spec["user"]))
        for path in paths["staff"]:
            results[f"{path} ({spec['user']})"] = fetch(staff, path)
    return {
        "paths": paths,
        "pages": results,
        "media_root": str(settings.MEDIA_ROOT),
        "private_media_root": str(settings.STORAGES["private"]["OPTIONS"]["location"]),
    }


def fetch(client, path: str) -> dict:
    response = client.get(path)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    result = {
        "status": response.status_code,
        "content_type": content_type,
        "location": response.get("Location"),
        "length": len(content),
    }
    if content_type.startswith(TEXT_TYPES):
        result["text"] = normalise(content.decode(response.charset or "utf-8"))
        result["body"] = hashlib.sha256(result["text"].encode()).hexdigest()
    else:
        result["body"] = hashlib.sha256(content).hexdigest()
    return result


def discover() -> dict:
    """The demo's pages of the check: one of each kind the portal shows, picked the same way each time."""
    from analytics.models import ImprovementProgramme
    from communities.models import EventPage
    from home.models import HomePage
    from practices.models import MaterialIndexPage, PracticePage
    from registry.models import School
    from search.models import BankPage

    def first(model):
        page = model.objects.live().public().order_by("path").first()
        if page is None:
            raise SystemExit(f"В базе нет опубликованной страницы {model.__name__}: демо загружено не полностью?")
        return page

    practice = first(PracticePage)
    document = practice.files.order_by("pk").first().document
    school = School.objects.order_by("code").first()
    programme = ImprovementProgramme.objects.exclude(document="").order_by("pk").first()
    return {
        "anonymous": [
            first(HomePage).url,
            practice.url,
            first(MaterialIndexPage).url,
            first(EventPage).url,
            first(BankPage).url + "?q=математика",
            document.url,
        ],
        "staff": [
            "/analytics/",
            f"/analytics/schools/{school.code}/",
            f"/analytics/programme/files/school-programme/{programme.pk}/",
        ],
    }


# --- The check --------------------------------------------------------------------------------


class Check:
    # A throwaway key of the length production demands; nothing signed with it outlives the check.
    secret = "restore-check-" + secrets.token_hex(24)

    def __init__(self, args):
        self.args = args
        self.problems: list[str] = []
        self.created: list[str] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="restore-check-"))
        self.timings: list[tuple[str, float]] = []

    def step(self, label: str):
        return _Step(self, label)

    def env(self, database_url: str, media: Path | None) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key != "PORTAL_ENV_FILE"}
        env.update(
            DJANGO_SETTINGS_MODULE=self.args.settings,
            DATABASE_URL=database_url,
            SECRET_KEY=self.secret,
            ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
            SECURE_SSL_REDIRECT="False",
            SECURE_HSTS_SECONDS="0",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            STATIC_ROOT=str(self.tmp / "static"),
            # Set and empty: a developer's .env must not lead the check to a live cache or index.
            REDIS_URL="",
            ELASTICSEARCH_URL="",
        )
        if media is not None:
            env.update(MEDIA_ROOT=str(media), PRIVATE_MEDIA_ROOT=str(media) + "-private")
        return env

    def run(self, command: list[str], env: dict[str, str], quiet: bool = False) -> str:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stdout.write(result.stdout + result.stderr)
            raise SystemExit(f"Команда {' '.join(command)} завершилась с кодом {result.returncode}.")
        if not quiet:
            for line in result.stdout.splitlines():
                print(f"    {line}")
        return result.stdout

    def manage(self, env, *args):
        self.run([sys.executable, "manage.py", *args], env, quiet=True)

    def render(self, env: dict[str, str], spec: dict) -> dict:
        out = self.tmp / f"render-{len(list(self.tmp.glob('render-*.json')))}.json"
        spec_file = out.with_suffix(".spec")
        spec_file.write_text(json.dumps(spec))
        self.run([sys.executable, str(Path(__file__)), "--render", str(spec_file), str(out)], env, quiet=True)
        return json.loads(out.read_text())

    def main(self) -> int:
        args = self.args
        try:
            if args.source_database_url:
                source_url = args.source_database_url
                restored_url = with_database(source_url, database_name(source_url) + "_restored")
                source_env = self.env(source_url, Path(args.media_root) if args.media_root else None)
                spec = {"anonymous": args.page, "staff": args.staff_page, "user": args.user}
            else:
                source_url, restored_url = (
                    with_database(args.server, f"{args.db_prefix}_{os.getpid()}_{side}")
                    for side in ("source", "restored")
                )
                source_env = self.env(source_url, self.tmp / "source" / "media")
                spec = {"discover": True, "user": args.user}
                with self.step("Создаю базу с демо-данными (migrate, load_demo, collectstatic)"):
                    self.create_database(source_url)
                    self.manage(source_env, "migrate", "--noinput")
                    self.manage(source_env, "load_demo", "--force")
                    if args.settings.endswith("production"):
                        self.manage(source_env, "collectstatic", "--noinput")

            with self.step("Резервная копия: deploy/backup.sh"):
                backups = self.tmp / "backups"
                self.run(["bash", str(DEPLOY / "backup.sh")], {**source_env, "BACKUP_DIR": str(backups)})
                backup = next(path for path in backups.iterdir() if path.name.startswith("portal-"))
                manifest = dict(line.split("=", 1) for line in (backup / "MANIFEST").read_text().splitlines())
                source_tables = table_digests(source_url)
                source_sequences = sequence_values(source_url)
                source_files = {
                    "media": file_tree(Path(manifest["media_root"])),
                    "private": file_tree(Path(manifest["private_media_root"])),
                }
            with self.step("Страницы исходной базы"):
                before = self.render(source_env, spec)
                spec = {"anonymous": before["paths"]["anonymous"], "staff": before["paths"]["staff"], "user": args.user}

            restored_env = self.env(restored_url, self.tmp / "restored" / "media")
            with self.step("Восстановление в пустую базу и пустые папки: deploy/restore.sh"):
                self.create_database(restored_url)
                self.run(["bash", str(DEPLOY / "restore.sh"), str(backup)], restored_env)
                restored_tables = table_digests(restored_url)
                restored_sequences = sequence_values(restored_url)
            with self.step("Страницы восстановленной базы"):
                after = self.render(restored_env, spec)

            restored_files = {
                "media": file_tree(Path(after["media_root"])),
                "private": file_tree(Path(after["private_media_root"])),
            }
            self.problems += compare_tables(source_tables, restored_tables)
            self.problems += compare_sequences(source_sequences, restored_sequences)
            self.problems += compare_trees(source_files["media"], restored_files["media"], "MEDIA_ROOT")
            self.problems += compare_trees(source_files["private"], restored_files["private"], "PRIVATE_MEDIA_ROOT")
            self.problems += compare_pages(before["pages"], after["pages"])
            self.report(backup, source_tables, source_files, before["pages"], after["pages"])
        finally:
            self.clean_up()
        return 1 if self.problems else 0

    def report(self, backup, tables, files, before, after):
        print()
        print(
            f"Копия {backup.name}: " + ", ".join(f"{p.name} {size(p.stat().st_size)}" for p in sorted(backup.iterdir()))
        )
        print(f"Таблиц: {len(tables)}, строк: {sum(rows for rows, _digest in tables.values())}")
        for store, tree in files.items():
            print(f"Файлов в {'MEDIA_ROOT' if store == 'media' else 'PRIVATE_MEDIA_ROOT'}: {len(tree)}")
        print()
        print(f"{'страница':<62} {'код':>4} {'размер':>9}  итог")
        for path, page in before.items():
            same = path in after and not compare_pages({path: page}, {path: after[path]})
            verdict = "совпадает" if same else "ОТЛИЧАЕТСЯ"
            print(f"{path[:62]:<62} {page['status']:>4} {size(page['length']):>9}  {verdict}")
        print()
        for label, seconds in self.timings:
            print(f"{label}: {seconds:.0f} с")
        print()
        if self.problems:
            print(f"Восстановление НЕ совпало с исходной базой ({len(self.problems)}):")
            for problem in self.problems:
                print(f"  - {problem}")
        else:
            print("Восстановление совпало с исходной базой: строки всех таблиц, последовательности, файлы и страницы.")

    def create_database(self, url: str):
        import psycopg
        from psycopg import sql

        name = database_name(url)
        with maintenance(url) as connection:
            try:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            except psycopg.errors.DuplicateDatabase as error:
                raise SystemExit(
                    f"База {name} уже есть (осталась от прошлой проверки?): удалите её или выберите другое имя."
                ) from error
        self.created.append(url)

    def clean_up(self):
        from psycopg import sql

        if self.args.keep:
            print(f"Оставлены: папка {self.tmp}, базы {', '.join(database_name(url) for url in self.created)}")
            return
        for url in self.created:
            with maintenance(url) as connection:
                name = sql.Identifier(database_name(url))
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        shutil.rmtree(self.tmp, ignore_errors=True)


class _Step:
    def __init__(self, check: Check, label: str):
        self.check, self.label = check, label

    def __enter__(self):
        print(f"{self.label}…", flush=True)
        self.started = time.monotonic()

    def __exit__(self, *exc):
        self.check.timings.append((self.label, time.monotonic() - self.started))


def size(count: int) -> str:
    for unit in ("Б", "КБ", "МБ"):
        if count < 1024 or unit == "МБ":
            return f"{count:.0f} {unit}" if unit == "Б" else f"{count:.1f} {unit}"
        count /= 1024
    return str(count)


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def connect(url: str):
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)


@contextmanager
def maintenance(url: str):
    """A connection to the server's ``postgres`` database, to create and drop the copies."""
    with connect(with_database(url, "postgres")) as connection:
        yield connection


def table_digests(url: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows in a stable order."""
    from psycopg import sql

    query = "select count(*), md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) from {} t"
    with connect(url) as connection:
        tables = [row[0] for row in connection.execute("select tablename from pg_tables where schemaname = 'public'")]
        return {
            table: tuple(connection.execute(sql.SQL(query).format(sql.Identifier(table))).fetchone())
            for table in sorted(tables)
        }


def sequence_values(url: str) -> dict[str, int | None]:
    with connect(url) as connection:
        rows = connection.execute("select sequencename, last_value from pg_sequences where schemaname = 'public'")
        return dict(sorted(rows))


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Проверка восстановления из резервной копии deploy/backup.sh.")
    parser.add_argument(
        "--server", default="postgres://postgres@127.0.0.1:5432", help="сервер PostgreSQL для баз проверки"
    )
    parser.add_argument("--db-prefix", default="restore_check", help="начало имён баз проверки")
    parser.add_argument("--keep", action="store_true", help="не удалять базы и папку проверки")
    parser.add_argument("--settings", default="config.settings.production", help="модуль настроек Django")
    parser.add_argument("--user", default="analyst", help="от чьего имени открывать страницы сотрудников")
    parser.add_argument("--source-database-url", help="проверить эту базу вместо демо (копия — в базу <имя>_restored)")
    parser.add_argument("--media-root", help="MEDIA_ROOT проверяемой базы (PRIVATE_MEDIA_ROOT — по её настройкам)")
    parser.add_argument("--page", action="append", default=[], help="адрес страницы для посетителя")
    parser.add_argument("--staff-page", action="append", default=[], help="адрес страницы для --user")
    return parser.parse_args(argv)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--render"]:
        sys.path.insert(0, str(ROOT))
        spec_file, out = sys.argv[2:4]
        Path(out).write_text(json.dumps(render(json.loads(Path(spec_file).read_text())), ensure_ascii=False))
    else:
        sys.exit(Check(parse_args(sys.argv[1:])).main())
