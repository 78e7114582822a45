"""Load benchmark: the portal under gunicorn on PostgreSQL beside a fresh Wagtail project.

What it does, in one run on this machine:
1. The portal: a PostgreSQL database with the demo (made once, kept for the next run unless
   --fresh-demo), production settings (DEBUG off, Redis as the cache, the page cache on),
   gunicorn with 2 workers.
2. A realistic mix for --duration seconds at --connections clients (wrk): the home page,
   listings (news, practices, materials, the calendar, communities), bank searches with words
   and filters, site search, event pages, registration posts (each a new participant, a real
   write that also refreshes the event's seats), and school passports for a signed-in analyst.
3. Each public page alone for --per-page seconds at the same concurrency.
4. A fresh Wagtail project (`wagtail start`, its own PostgreSQL database, its production
   settings, the same gunicorn) under the same load on its home page.
Prints requests per second, p50/p95/p99, errors (socket errors and non-2xx/3xx answers) and
the ratio of each figure to the fresh project's home page.

    .venv/bin/python benchmarks/bench_load.py [--duration 60] [--connections 50] [--per-page 10]

Needs wrk (Debian's package; installed with apt-get when missing and run as root).
Registrations from one address are limited per hour; all clients here share 127.0.0.1, so the
run raises EVENT_REGISTRATION_RATE_PER_IP for the portal it starts.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PG = "postgres://postgres@127.0.0.1:5432/"
PORTAL_DB, FRESH_DB = "bench_load_portal", "bench_load_fresh"
REDIS_URL = "redis://127.0.0.1:6379/7"
PORTAL_PORT, FRESH_PORT = 8611, 8612
WORKERS = 2

# Shares of the mix, in percent.
# Public visitors (teachers, parents) far outnumber the staff who open passports.
MIX = {"home": 20, "listing": 30, "bank": 20, "search": 5, "event": 17, "register": 3, "passport": 5}

LUA = r"""
local requests = {}
local weights = %(weights)s
local groups = %(groups)s
local register_body = %(register_body)s
local register_path = %(register_path)s
local csrf_cookie = %(csrf_cookie)s
local session_cookie = %(session_cookie)s
local counter = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + (thread_id or 0) * 7919)
  for name, share in pairs(weights) do
    for i = 1, share do table.insert(requests, name) end
  end
end

request = function()
  local kind = requests[math.random(#requests)]
  if kind == "register" then
    counter = counter + 1
    local email = string.format("load-%%d-%%d-%%d@example.ru", thread_id, counter, math.random(1000000000))
    local body = register_body .. "&email=" .. email
    return wrk.format("POST", register_path, {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = csrf_cookie,
    }, body)
  end
  local paths = groups[kind]
  local path = paths[math.random(#paths)]
  if kind == "passport" then
    return wrk.format("GET", path, {["Cookie"] = session_cookie})
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write("RESULT ", string.format(
    '{"requests": %%d, "seconds": %%f, "p50": %%d, "p95": %%d, "p99": %%d, "errors": %%d, "non_2xx_3xx": %%d}',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.connect + errors.read + errors.write + errors.timeout + errors.status,
    errors.status), "\n")
end
"""


def lua_string(text: str) -> str:
    # A JSON string of ASCII is a valid Lua string literal (the \uXXXX escapes are not, hence ASCII only).
    if not text.isascii():
        raise ValueError(text)
    return json.dumps(text)


def lua_table(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{lua_string(k)}] = {lua_table(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "{" + ", ".join(lua_table(v) for v in value) + "}"
    if isinstance(value, str):
        return lua_string(value)
    return json.dumps(value)


def run(command, env=None, cwd=ROOT, quiet=True):
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL if quiet else None)


def psql(sql):
    run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql])


def database_has_demo(name) -> bool:
    found = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-tAc", "select count(*) from home_homepage"],
        capture_output=True,
        text=True,
    )
    return found.returncode == 0 and found.stdout.strip() not in ("", "0")


def load_registrations(delete=False) -> int:
    """Registrations the load made (their addresses start with load-), counted or removed."""
    sql = (
        "with gone as (delete from communities_registration where email like 'load-%' returning 1) "
        "select count(*) from gone"
        if delete
        else "select count(*) from communities_registration where email like 'load-%'"
    )
    found = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", PORTAL_DB, "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(found.stdout.strip())


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        sys.exit("wrk не найден: установите пакет wrk (apt-get install wrk)")


def portal_env(static_root, media_root) -> dict:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": PG + PORTAL_DB,
        "REDIS_URL": REDIS_URL,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "EVENT_REGISTRATION_RATE_PER_IP": "1000000/h",
        "LOG_LEVEL": "ERROR",
    }


def prepare_portal(work, fresh_demo) -> dict:
    media = Path(tempfile.gettempdir()) / "bench_load_media"
    env = portal_env(work / "portal-static", media)
    if fresh_demo or not database_has_demo(PORTAL_DB):
        print("Загружаю демо в PostgreSQL (около двух минут)...", flush=True)
        psql(f"drop database if exists {PORTAL_DB}")
        psql(f"create database {PORTAL_DB}")
        shutil.rmtree(media, ignore_errors=True)
        demo_env = env | {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "True"}
        run([sys.executable, "manage.py", "migrate", "-v0"], env=demo_env)
        run([sys.executable, "manage.py", "load_demo", "--force"], env=demo_env)
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env)
    return env


def prepare_fresh(work) -> dict:
    """`wagtail start` as a newcomer would, on its own PostgreSQL database, DEBUG off."""
    project = work / "fresh"
    project.mkdir()
    run([str(VENV_BIN / "wagtail"), "start", "freshsite", str(project)])
    (project / "freshsite" / "settings" / "local.py").write_text(
        f"DATABASES = {{'default': {{'ENGINE': 'django.db.backends.postgresql', 'NAME': {FRESH_DB!r},"
        " 'USER': 'postgres', 'HOST': '127.0.0.1', 'PORT': 5432}}\n"
        f"SECRET_KEY = {secrets.token_urlsafe(50)!r}\nALLOWED_HOSTS = ['127.0.0.1', 'localhost']\n"
    )
    psql(f"drop database if exists {FRESH_DB}")
    psql(f"create database {FRESH_DB}")
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "freshsite.settings.production"}
    run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=project)
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=project)
    return env | {"_cwd": str(project)}


class Server:
    def __init__(self, module, port, env, cwd):
        self.port = port
        command = [str(VENV_BIN / "gunicorn"), module, "-w", str(WORKERS), "-b", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen(command + ["--log-level", "error"], cwd=cwd, env=env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        sys.exit(f"Сервер на порту {port} не ответил за минуту")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(30)


def wrk(port, seconds, connections, script: Path, path="/") -> dict:
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "-s", str(script)]
        + [f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(output.split("RESULT ", 1)[1].splitlines()[0])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def single_page_script(work) -> Path:
    """Only the report: wrk itself repeats the one address it is given."""
    script = work / "single.lua"
    script.write_text(LUA[LUA.index("done = function") :].replace("%%", "%"))
    return script


class Visitor:
    """A client that keeps its cookies, Secure ones too (the server is production-configured,
    reached over plain HTTP on loopback), and does not follow redirects."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, path, data=None) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(data) if data is not None else None
        connection.request("POST" if data is not None else "GET", path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        text = response.read().decode()
        connection.close()
        if response.status >= 400:
            sys.exit(f"{path}: ответ {response.status}")
        return text


def form_token(html) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def portal_targets(port) -> dict:
    """Addresses of the demo as a visitor finds them, a signed-in analyst and a registration form."""
    visitor = Visitor(port)

    def links(html, pattern):
        return sorted(set(re.findall(rf'href="({pattern})[#"]', html)))

    practices = links(visitor.request("/practices/"), r"/practices/[\w-]+/")[:6]
    materials = links(visitor.request("/materials/"), r"/materials/[\w-]+/")[:6]
    events = [path for path in links(visitor.request("/events/"), r"/events/[\w-]+/") if "/archive/" not in path][:6]
    register_path = None
    for event in events:
        found = re.search(r'href="(/events/[\w-]+/register/\d+/)"', visitor.request(event))
        if found:
            register_path = found.group(1)
            break
    if register_path is None:
        sys.exit("В демо нет мероприятия с открытой регистрацией")

    token = form_token(visitor.request(register_path))
    register_body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "full_name": "Участник Нагрузочного Замера",
            "position": "учитель",
            "organisation": "СОШ № 1",
            "consent": "on",
            "homepage": "",
        }
    )
    csrf = visitor.cookies["csrftoken"]

    analyst = Visitor(port)
    login = {"username": "analyst", "password": "demo-password"}
    analyst.request(
        "/accounts/login/", login | {"csrfmiddlewaretoken": form_token(analyst.request("/accounts/login/"))}
    )
    if "sessionid" not in analyst.cookies:
        sys.exit("Не удалось войти как analyst")
    schools = links(analyst.request("/analytics/schools/"), r"/analytics/schools/[\w-]+/")
    session = analyst.cookies["sessionid"]
    groups = {
        "home": ["/"],
        "listing": ["/news/", "/practices/", "/materials/", "/events/", "/communities/", "/practices/?page=2"],
        "bank": [
            "/bank/",
            "/bank/?query=математика",
            "/bank/?query=читательской+грамотности",
            "/bank/?query=наставничество&type=practice",
            "/bank/?subject=mathematics",
            "/bank/?query=урок&sort=date",
        ],
        "search": ["/search/?query=семинар", "/search/?query=математике"],
        "event": events,
        "passport": schools[:20],
        "pages": practices + materials,
    }
    return {
        "groups": {name: [urllib.parse.quote(path, safe="/?=&+") for path in paths] for name, paths in groups.items()},
        "register_path": register_path,
        "register_body": register_body,
        "csrf_cookie": f"csrftoken={csrf}",
        "session_cookie": f"sessionid={session}",
    }


def mix_script(work, targets) -> Path:
    groups = dict(targets["groups"])
    groups["listing"] = groups["listing"] + groups.pop("pages")
    script = work / "mix.lua"
    script.write_text(
        LUA
        % {
            "weights": lua_table(MIX),
            "groups": lua_table(groups),
            "register_body": lua_string(targets["register_body"]),
            "register_path": lua_string(targets["register_path"]),
            "csrf_cookie": lua_string(targets["csrf_cookie"]),
            "session_cookie": lua_string(targets["session_cookie"]),
        }
    )
    return script


def line(name, result, baseline=None):
    ratio = f"{result['rps'] / baseline['rps']:6.2f}" if baseline else "      "
    print(
        f"{name:48} {result['rps']:8.1f} rps {ratio}  p50 {result['p50'] / 1000:6.1f}  "
        f"p95 {result['p95'] / 1000:6.1f}  p99 {result['p99'] / 1000:6.1f} мс  ошибок {result['errors']}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--per-page", type=int, default=10, help="seconds per public page (0: skip)")
    parser.add_argument("--fresh-demo", action="store_true", help="load the demo again")
    args = parser.parse_args()
    ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="bench_load_"))
    try:
        fresh_env = prepare_fresh(work)
        portal = prepare_portal(work, args.fresh_demo)
        subprocess.run(["redis-cli", "-n", REDIS_URL.rsplit("/", 1)[1], "flushdb"], stdout=subprocess.DEVNULL)
        single = single_page_script(work)

        print(f"\nСвежий проект Wagtail {WORKERS} воркера gunicorn, {args.connections} клиентов", flush=True)
        server = Server("freshsite.wsgi", FRESH_PORT, fresh_env, fresh_env["_cwd"])
        try:
            wrk(FRESH_PORT, 5, args.connections, single)  # warm-up
            baseline = wrk(FRESH_PORT, args.duration, args.connections, single)
        finally:
            server.stop()
        line(f"главная свежего Wagtail, {args.duration} с", baseline)

        print(f"\nПортал: production, PostgreSQL, Redis, {WORKERS} воркера gunicorn", flush=True)
        server = Server("config.wsgi", PORTAL_PORT, portal, ROOT)
        try:
            targets = portal_targets(PORTAL_PORT)
            script = mix_script(work, targets)
            wrk(PORTAL_PORT, 5, args.connections, script)  # warm-up: fills the page cache
            load_registrations(delete=True)
            mix = wrk(PORTAL_PORT, args.duration, args.connections, script)
            line(f"смесь запросов, {args.duration} с", mix, baseline)
            print(f"  смесь: {', '.join(f'{name} {share} %' for name, share in MIX.items())}")
            expected = mix["requests"] * MIX["register"] // 100
            print(f"  записано регистраций за замер: {load_registrations()} (ожидалось около {expected})")
            if args.per_page:
                groups = targets["groups"]
                public = ["/"] + groups["listing"][:5] + groups["pages"][:2] + groups["event"][:2]
                public += groups["bank"][:3] + groups["search"][:1]
                for path in public:
                    line(path, wrk(PORTAL_PORT, args.per_page, args.connections, single, path), baseline)
        finally:
            server.stop()
        print("\nrps: запросов в секунду; число после rps — отношение к главной свежего Wagtail.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
