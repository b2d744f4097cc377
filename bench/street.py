"""Street-scale benchmark: a street office of 21 committees with three years of history
(≥ 500,000 cases, ≥ 1,000,000 visits, three years of rosters) on PostgreSQL, the pages
served by gunicorn with DEBUG off, and the reminder sweep.

    scripts/test-services start && source var/test-services.env
    .venv/bin/python bench/street.py            # builds the data (a few minutes), then measures
    .venv/bin/python bench/street.py --reuse    # measures again on the data already there

For each page: the median and p95 of the request's wall time seen by a client on loopback,
one request at a time (the budget figures); the SQL queries of one request, counted
in-process with Django's test client against the same database, and again on a small demo
database (3 committees, 90 days) to show that the count does not grow with the data; and
requests per second under `wrk` (2 threads, 8 connections, 10 s; Debian package `wrk`).
Then one reminder sweep with about 5,000 cases due. Prints a table and writes
bench/results/street.json. The budgets (BUDGET below) are the
issue's, recorded in the README's Performance section.

The benchmark's own settings (DEBUG off, a fixed benchmark-only SECRET_KEY and
ID_NUMBER_KEY, plain HTTP on 127.0.0.1) are set below for this process and gunicorn alike;
nothing of it is for production."""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Settings of this process and of gunicorn (committee/settings.py reads them).
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "committee.settings",
    "DEBUG": "false",
    "SECRET_KEY": "street-benchmark-only-not-a-secret-0123456789abcdef",
    "ID_NUMBER_KEY": "c3RyZWV0LWJlbmNobWFyay1vbmx5LW5vdC1hLWtleSE=",  # fixed: --reuse must decrypt the seeded IDs
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
    "SECURE_HSTS_SECONDS": "0",
    "DB_CONN_MAX_AGE": "60",  # persistent connections, as production would run
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(BENCH_ENV)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from casework.choices import OPEN_STATUSES  # noqa: E402
from casework.models import Case, CaseEvent, Notification, Reminder  # noqa: E402
from committee.models import Committee, ServiceItem  # noqa: E402
from reception.models import Visit, VisitItem  # noqa: E402
from staffing.models import DutyAssignment  # noqa: E402

PASSWORD = "juweihui-demo"
HOST = "127.0.0.1"
SEED = dict(scale=7, history_days=1095, roster_days=1095, visits_per_day=55, cases_per_day=13)
VOLUME = dict(committees=20, cases=500_000, visits=1_000_000, roster_days=3 * 365)
BUDGET = dict(median_ms=100, p95_ms=250, dashboard_queries=25, sweep_s=10)
SWEEP_DUE = 5_000
WARM_UP_REQUESTS = 12  # per page, before sampling (4 gunicorn workers by default)
RESULTS = ROOT / "bench" / "results" / "street.json"


# --- the data ---------------------------------------------------------------------------------


def volume() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(date), max(date) FROM staffing_dutyassignment")
        first, last = cursor.fetchone()
    return {
        "committees": Committee.objects.count(),
        "visits": Visit.objects.count(),
        "visit_items": VisitItem.objects.count(),
        "cases": Case.objects.count(),
        "case_events": CaseEvent.objects.count(),
        "duty_assignments": DutyAssignment.objects.count(),
        "roster_days": (last - first).days + 1 if first else 0,
    }


def enough(counts: dict) -> bool:
    return all(counts[key] >= minimum for key, minimum in VOLUME.items())


def build(args) -> dict:
    """Migrate and seed (idempotent: committees already there are kept), timed."""
    call_command("migrate", verbosity=0)
    before = volume()
    if args.as_is:
        print(f"measuring the data as it is: {before}")
        return {"reused": True, "volume": before}
    if args.reuse and enough(before):
        print(f"reusing the data: {before}")
        return {"reused": True, "volume": before}
    print(f"seeding {SEED} with {args.jobs} processes (data now: {before})", flush=True)
    started = time.perf_counter()
    call_command(
        "seed_demo",
        scale=SEED["scale"],
        history_days=SEED["history_days"],
        roster_days=SEED["roster_days"],
        visits_per_day=SEED["visits_per_day"],
        cases_per_day=SEED["cases_per_day"],
        jobs=args.jobs,
        stdout=sys.stdout,
    )
    seconds = time.perf_counter() - started
    after = volume()
    rows = sum(after[k] - before[k] for k in ("visits", "visit_items", "cases", "case_events", "duty_assignments"))
    print(f"seeded {rows:,} rows in {seconds:.0f} s ({rows / seconds:,.0f} rows/s): {after}", flush=True)
    if not enough(after):
        sys.exit(f"not the benchmark volume {VOLUME}: {after}. Start from an empty database.")
    lay_out_in_time_order()
    return {
        "reused": False,
        "seconds": round(seconds, 1),
        "rows": rows,
        "rows_per_s": round(rows / seconds),
        "volume": after,
    }


def lay_out_in_time_order() -> None:
    """Put visits and cases on disk in the order a live database would hold them: by time,
    the committees interleaved. Seeding writes committee after committee, which makes every
    committee's rows contiguous; the planner then trusts any index on the committee and the
    timings flatter reads that would be scattered in production."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CLUSTER reception_visit USING visit_received")
        cursor.execute("CLUSTER casework_case USING case_registered")
    print(f"visits and cases laid out in time order in {time.perf_counter() - started:.0f} s", flush=True)


def vacuum_analyze() -> None:
    """Fresh statistics and visibility maps, as autovacuum keeps them on a live database
    (index-only scans depend on the latter)."""
    with connection.cursor() as cursor:
        for table in (
            "reception_visit",
            "reception_visititem",
            "casework_case",
            "casework_caseevent",
            "staffing_dutyassignment",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


INTAKE_NAME = "基准居民"  # the resident of the intake POST's visits


def remove_intake_visits() -> int:
    """The intake POST's visits are the benchmark's own, hundreds of them under wrk: they
    are removed once it is measured (and any left by an earlier run), so the pages after it
    see a committee's ordinary day rather than a thousand extra visits today."""
    from reception.models import Visit, VisitItem

    # By key: a request wrk left in flight may still add one while this runs.
    ids = list(Visit.objects.filter(resident_name=INTAKE_NAME).values_list("pk", flat=True))
    VisitItem.objects.filter(visit__in=ids).delete()
    Visit.history.filter(id__in=ids).delete()
    Visit.objects.filter(pk__in=ids).delete()
    return len(ids)


def count_day_figures() -> dict:
    """What Celery beat does on a live database (office.tasks.count_past_days): every
    committee's recent finished days counted and stored for the dashboards. Started from
    none, so each run measures the same work; a period reaching further back counts its
    missing days on its first request (a warm-up request here)."""
    from committee.models import DayFigures
    from office.dayfigures import RECENT_DAYS, count_recent_days

    DayFigures.objects.all().delete()
    started = time.perf_counter()
    days = count_recent_days()
    seconds = time.perf_counter() - started
    print(f"day figures: {days:,} committee-days counted in {seconds:.1f} s", flush=True)
    return {"days": days, "recent_days": RECENT_DAYS, "seconds": round(seconds, 1)}


# --- the pages --------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    path: str
    user: str | None  # username, None for the public board
    method: str = "GET"
    form: dict = field(default_factory=dict)  # POST body (without the CSRF token)
    expect: int = 200
    marker: str = ""  # text the response must contain
    max_queries: int | None = None
    required: bool = True  # one of the pages the issue asks about
    token_path: str = ""  # where a POST-only endpoint's CSRF token is read (default: its own path)

    def body(self, csrf: str = "") -> str:
        data = dict(self.form)
        if self.method == "POST":
            data["csrfmiddlewaretoken"] = csrf
        return urllib.parse.urlencode(data, doseq=True)


def pages() -> list[Page]:
    """The pages measured, with filters taken from the data: committee QY01 (a desk worker
    and its director), and the street admin who reads all 21 committees."""
    committee = Committee.objects.get(code="QY01")
    today = timezone.localdate()
    month_ago, year_ago = today - dt.timedelta(days=30), today - dt.timedelta(days=365)
    # Filter values taken from one visit that all the ledger filters match (a walk-in that
    # ended in a one-time notice this year, in a grid area), so that the small database's
    # query counts are of a page with rows too, not of an empty one.
    sample = (
        Visit.objects.filter(
            committee=committee,
            channel="walk_in",
            outcome="notice",
            voided_at__isnull=True,
            received_at__gte=timezone.now() - dt.timedelta(days=300),
            grid_area__isnull=False,
        )
        .exclude(items=None)
        .order_by("-received_at")
        .first()
    )
    desk = sample.received_by
    area = sample.grid_area
    line = sample.items.order_by("pk").first().service_item.line
    item = ServiceItem.objects.active().filter(on_the_spot=True).exclude(materials=[]).order_by("pk").first()
    some_case = Case.objects.filter(committee=committee).order_by("-pk").first()
    open_case = Case.objects.filter(committee=committee, status__in=OPEN_STATUSES).order_by("-pk").first()
    intake = {
        "channel": "walk_in",
        "resident_name": INTAKE_NAME,
        "resident_phone": "13912345678",
        "outcome": "on_the_spot",
        "items": [item.pk],
        f"brought_{item.pk}": list(item.materials),
        "notes": "基准测试",
    }
    ledger = "/desk/ledger/"
    return [
        Page("intake GET", "/desk/", "qy01-w01", marker='name="resident_name"'),
        Page("intake POST", "/desk/", "qy01-w01", method="POST", form=intake, expect=302),
        Page("ledger, no filter", ledger, "qy01-w01", marker="<table"),
        Page(
            "ledger, 30 days+channel+outcome",
            f"{ledger}?received_from={month_ago}&received_to={today}&channel=walk_in&outcome=notice",
            "qy01-w01",
            marker="<table",
        ),
        Page(
            "ledger, line+received_by+grid_area",
            f"{ledger}?line={line.pk}&received_by={desk.pk}&grid_area={area.pk}",
            "qy01-w01",
            marker="<table",
        ),
        Page(
            "ledger, all 7 filters (1 year)",
            f"{ledger}?received_from={year_ago}&received_to={today}&channel=walk_in&outcome=notice"
            f"&line={line.pk}&received_by={desk.pk}&grid_area={area.pk}",
            "qy01-w01",
            marker="<table",
        ),
        Page("ledger, street admin (21 committees)", ledger, "street", marker="<table"),
        Page(
            "ledger, street admin, 30 days",
            f"{ledger}?received_from={month_ago}&received_to={today}",
            "street",
            marker="<table",
        ),
        Page("cases, no filter", "/cases/", "qy01-w01", marker="<table"),
        Page("cases, open+line", f"/cases/?status=open&line={open_case.line_id}", "qy01-w01", marker="<table"),
        Page("cases, overdue", "/cases/?overdue=on", "qy01-w01", marker="<table"),
        Page(
            "cases, 1 year+handler+source",
            f"/cases/?registered_from={year_ago}&registered_to={today}&handler={desk.pk}&source=walk_in",
            "qy01-w01",
            marker="<table",
        ),
        Page("cases, search by reference", f"/cases/?q={some_case.reference}", "qy01-w01", marker="<table"),
        Page("cases, street admin (21 committees)", "/cases/", "street", marker="<table"),
        Page("dashboard (this month)", "/office/dashboard/", "qy01-director", max_queries=BUDGET["dashboard_queries"]),
        Page(
            "dashboard (12 months)",
            f"/office/dashboard/?period=custom&from={year_ago}&to={today}",
            "qy01-director",
            max_queries=BUDGET["dashboard_queries"],
        ),
        Page("street comparison (21 committees)", "/office/street/", "street", required=False),
        Page("public board", "/board/QY01/", None),
    ]


def count_queries(page_list: list[Page]) -> dict[str, int]:
    """Queries of one request per page, in-process against this database (after one
    warm-up request, so one-off caches such as content types are not counted)."""
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(username__in={p.user for p in page_list if p.user})}
    clients: dict[str | None, Client] = {}
    counts = {}
    for page in page_list:
        if page.user not in clients:
            client = Client(HTTP_HOST=HOST)
            if page.user:
                client.force_login(users[page.user])
            clients[page.user] = client
        client = clients[page.user]
        call = client.get if page.method == "GET" else client.post
        data = dict(page.form) if page.method == "POST" else None
        call(page.path, data) if data else call(page.path)
        with CaptureQueriesContext(connection) as queries:
            response = call(page.path, data) if data else call(page.path)
        if response.status_code != page.expect:
            raise SystemExit(f"{page.name}: status {response.status_code} in-process, expected {page.expect}")
        counts[page.name] = len(queries)
    return counts


# --- HTTP against gunicorn ----------------------------------------------------------------------


class Session:
    """A signed-in user over plain HTTP: cookies kept by hand (the session cookie is
    marked Secure with DEBUG off; on loopback we send it anyway)."""

    def __init__(self, port: int, username: str | None):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        if username:
            self.login(username)

    def request(self, method: str, path: str, body: str = "") -> tuple[int, dict, bytes, float]:
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        started = time.perf_counter()
        conn.request(method, path, body=body.encode() if body else None, headers=headers)
        response = conn.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, dict(response.headers), content, elapsed

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def token_from(self, content: bytes) -> str:
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        return match.group(1).decode() if match else ""

    def login(self, username: str) -> None:
        status, _headers, content, _t = self.request("GET", "/login/")
        token = self.token_from(content)
        body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        status, headers, _content, _t = self.request("POST", "/login/", body)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login of {username} failed over HTTP (status {status})")

    def prepare(self, page: Page) -> None:
        if page.method == "POST" and not self.csrf:
            _status, _headers, content, _t = self.request("GET", page.token_path or page.path)
            self.csrf = self.token_from(content)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def time_sequential(session: Session, page: Page, samples: int, max_seconds: float) -> dict:
    session.prepare(page)
    body = page.body(session.csrf)
    # Warm-up, enough to reach every gunicorn worker a few times: each has its own database
    # connection, whose first queries on a table load the table's catalogue entries.
    for _ in range(WARM_UP_REQUESTS):
        session.request(page.method, page.path, body)
    times = []
    deadline = time.perf_counter() + max_seconds
    while len(times) < samples and (len(times) < 20 or time.perf_counter() < deadline):
        status, _headers, content, elapsed = session.request(page.method, page.path, body)
        if status != page.expect or (page.marker and page.marker.encode() not in content):
            raise SystemExit(
                f"{page.name}: status {status} over HTTP, expected {page.expect}"
                f"{' with ' + page.marker if page.marker else ''}"
            )
        times.append(elapsed * 1000)
    return {
        "samples": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        "times_ms": [round(t, 1) for t in times],
    }


WRK_SCRIPT = """
wrk.method = %(method)s
wrk.body = %(body)s
%(headers)s
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nWRKJSON {"requests": %%d, "duration_us": %%d, "status_errors": %%d, '
    .. '"socket_errors": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def run_wrk(session: Session, page: Page, seconds: int, threads: int, connections: int) -> dict:
    session.prepare(page)
    headers = {"Host": HOST}
    if session.cookies:
        headers["Cookie"] = session.cookie_header()
    if page.method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    script = WRK_SCRIPT % {
        "method": lua_string(page.method),
        "body": lua_string(page.body(session.csrf)) if page.method == "POST" else "nil",
        "headers": "\n".join(f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                f"http://{HOST}:{session.port}{page.path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    data = json.loads(out.split("WRKJSON", 1)[1])
    rps = data["requests"] / (data["duration_us"] / 1e6)
    return {
        "rps": round(rps, 1),
        "requests": data["requests"],
        "errors": data["status_errors"] + data["socket_errors"],
        "p50_ms": round(data["p50_us"] / 1000, 1),
        "p95_ms": round(data["p95_us"] / 1000, 1),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "committee.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}); see {log_path}")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not listen on {port} within 60 s; see {log_path}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- the sweep ----------------------------------------------------------------------------------


def sweep_bench(target: int) -> dict:
    """Forget every reminder (and the notifications they made), bring the number of open
    cases due or overdue to about `target` by moving deadlines of open cases, then sweep
    once cold (records and delivers everything) and once warm (nothing new)."""
    from django.conf import settings

    from casework.reminders import cutoffs, sweep

    now = timezone.now()
    limits = cutoffs(now, settings.ESCALATE_AFTER_WORKING_DAYS)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM casework_notification WHERE case_id IN (SELECT case_id FROM casework_reminder)")
        cursor.execute("DELETE FROM casework_reminderdelivery")
        cursor.execute("DELETE FROM casework_reminder")
    sweepable = Case.objects.running()
    due = sweepable.filter(due_at__lte=limits.due_soon_before)
    count = due.count()
    if count < target:  # bring later deadlines forward: overdue by 1–8 days
        ids = list(
            sweepable.filter(due_at__gt=limits.due_soon_before)
            .order_by("due_at")
            .values_list("pk", flat=True)[: target - count]
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE casework_case SET due_at = %s - (id %% 8 + 1) * interval '1 day' WHERE id = ANY(%s)", [now, ids]
            )
    elif count > target * 1.1:  # push the surplus a month out
        ids = list(due.order_by("-due_at").values_list("pk", flat=True)[: count - target])
        with connection.cursor() as cursor:
            cursor.execute("UPDATE casework_case SET due_at = %s + interval '30 days' WHERE id = ANY(%s)", [now, ids])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casework_case")
        cursor.execute("ANALYZE casework_reminder")
    due_now = due.count()
    started = time.perf_counter()
    cold = sweep(now=now)
    cold_s = time.perf_counter() - started
    started = time.perf_counter()
    warm = sweep(now=now)
    warm_s = time.perf_counter() - started
    return {
        "due_cases": due_now,
        "cold_s": round(cold_s, 2),
        "cold": cold,
        "warm_s": round(warm_s, 2),
        "warm": warm,
        "reminders": Reminder.objects.count(),
        "notifications": Notification.objects.filter(created_at=now).count(),
    }


# --- the small database, for the query counts -----------------------------------------------------


def small_database_counts(args) -> dict[str, int] | str:
    """The same pages' query counts on a fresh default demo (3 committees, 90 days) in a
    database next to this one, counted by this script run again in --queries-only mode."""
    settings_db = connection.settings_dict
    name = f"{settings_db['NAME']}_small"
    url = (
        f"postgres://{settings_db['USER']}{':' + settings_db['PASSWORD'] if settings_db['PASSWORD'] else ''}"
        f"@{settings_db['HOST']}:{settings_db['PORT']}/{name}"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # no CREATEDB right: say so, measure the rest
        return f"skipped: cannot create {name} ({error})"
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run(
        [sys.executable, __file__, "--queries-only"], env=env, capture_output=True, text=True, timeout=900
    )
    if out.returncode:
        return f"failed: {out.stderr[-500:]}"
    return json.loads(out.stdout.split("QUERYJSON", 1)[1])


# --- main ---------------------------------------------------------------------------------------


def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (pg_version,) = cursor.fetchone()
        cursor.execute("SHOW shared_buffers")
        (shared_buffers,) = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        (db_size,) = cursor.fetchone()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": pg_version,
        "shared_buffers": shared_buffers,
        "database_size": db_size,
        "git": commit.strip(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "cpu_probe_ms_at_start": cpu_probe_ms(),
    }


def cpu_probe_ms() -> float:
    """A fixed piece of pure-Python work, timed: this machine's speed drifts by a third from
    minute to minute (shared cores), so the results carry it from the start and the end."""
    started = time.perf_counter()
    total = 0
    for number in range(3_000_000):
        total += number
    return round((time.perf_counter() - started) * 1000, 1)


def verdict(page: Page, row: dict) -> list[str]:
    misses = []
    if page.required and row["median_ms"] >= BUDGET["median_ms"]:
        misses.append(f"median {row['median_ms']} ≥ {BUDGET['median_ms']} ms")
    if page.required and row["p95_ms"] >= BUDGET["p95_ms"]:
        misses.append(f"p95 {row['p95_ms']} ≥ {BUDGET['p95_ms']} ms")
    if page.max_queries is not None and row["queries"] >= page.max_queries:
        misses.append(f"{row['queries']} queries ≥ {page.max_queries}")
    small = row.get("queries_small")
    if isinstance(small, int) and small != row["queries"]:
        misses.append(f"queries grow with the data ({small} → {row['queries']})")
    return misses


def print_table(rows: list[dict], sweep_result: dict | None) -> None:
    header = (
        f"{'page':<40} {'median':>7} {'p95':>7} {'queries':>7} {'small db':>8} {'req/s':>7} "
        f"{'wrk p50':>8} {'wrk p95':>8} {'probe':>6}  budget"
    )
    print("\n" + header)
    print("-" * len(header))
    for row in rows:
        wrk = row.get("wrk") or {}
        print(
            f"{row['page']:<40} {row['median_ms']:>7.1f} {row['p95_ms']:>7.1f} {row['queries']:>7} "
            f"{str(row.get('queries_small', '-')):>8} {wrk.get('rps', '-'):>7} {wrk.get('p50_ms', '-'):>8} "
            f"{wrk.get('p95_ms', '-'):>8} {row['cpu_probe_ms']:>6.0f}  {'; '.join(row['misses']) or 'ok'}"
        )
    if sweep_result:
        ok = sweep_result["cold_s"] < BUDGET["sweep_s"]
        print(
            f"{'reminder sweep, cold':<40} {sweep_result['cold_s'] * 1000:>7.0f} ms for "
            f"{sweep_result['due_cases']} due cases {sweep_result['cold']}  {'ok' if ok else 'MISSED'}"
        )
        print(f"{'reminder sweep, warm (nothing new)':<40} {sweep_result['warm_s'] * 1000:>7.0f} ms")
    print(
        "(times in ms: median and p95 one request at a time; req/s, wrk p50/p95 under wrk load;\n"
        " probe: ms of a fixed Python loop just before the page was sampled, the machine's speed then)"
    )


def measure_pages(
    page_list: list[Page],
    *,
    counts: dict,
    small,
    samples: int,
    max_seconds: float,
    workers: int,
    wrk: tuple[int, int, int] = (0, 2, 8),
    name: str = "street",
    after_post=None,
) -> list[dict]:
    """Each page under gunicorn (DEBUG off), one signed-in session per user: timed one
    request at a time, then under wrk for `wrk[0]` seconds if that is not 0 (threads and
    connections `wrk[1:]`); its query counts here and on the small database beside it,
    and the budgets it misses. `after_post(page)` runs after a POST page (to remove what
    it wrote) and its result is kept in the row."""
    duration, threads, connections = wrk
    port = free_port()
    log_path = Path(tempfile.gettempdir()) / f"{name}-bench-gunicorn-{port}.log"
    server = start_gunicorn(port, workers, log_path)
    rows = []
    try:
        sessions: dict[str | None, Session] = {}
        for page in page_list:
            session = sessions.setdefault(page.user, Session(port, page.user))
            row = {
                "page": page.name,
                "method": page.method,
                "path": page.path,
                "user": page.user,
                "cpu_probe_ms": cpu_probe_ms(),
                **time_sequential(session, page, samples, max_seconds),
                "queries": counts[page.name],
            }
            if isinstance(small, dict) and page.name in small:
                row["queries_small"] = small[page.name]
            if duration:
                row["wrk"] = run_wrk(session, page, duration, threads, connections)
            row["misses"] = verdict(page, row)
            rows.append(row)
            if page.method == "POST" and after_post is not None:
                row["after_post"] = after_post()
            print(
                f"  {page.name}: median {row['median_ms']} ms, p95 {row['p95_ms']} ms, {row['queries']} queries"
                + (f", {row['wrk']['rps']} req/s" if "wrk" in row else ""),
                flush=True,
            )
    finally:
        stop(server)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="Measure the data already there if it is big enough.")
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="Measure whatever the database holds, without seeding (for trying the script out).",
    )
    parser.add_argument("--jobs", type=int, default=2, help="Processes seeding committees in parallel.")
    parser.add_argument("--samples", type=int, default=100, help="Sequential requests per page.")
    parser.add_argument("--max-seconds", type=float, default=30, help="At most this long sampling one page.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds of wrk per page (0: no wrk).")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers.")
    parser.add_argument("--only", default="", help="Only the pages whose name contains this.")
    parser.add_argument("--no-small", action="store_true", help="Skip the query counts on a small database.")
    parser.add_argument("--no-sweep", action="store_true")
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument("--queries-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/street.py needs PostgreSQL: scripts/test-services start && source var/test-services.env")

    if args.queries_only:  # the small-database pass (see small_database_counts)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        print("QUERYJSON" + json.dumps(count_queries(pages())))
        return

    if args.duration and not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk (or --duration 0)")
    info = machine()
    data = build(args)
    remove_intake_visits()
    vacuum_analyze()
    data["day_figures"] = count_day_figures()
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest storage needs it
    page_list = [p for p in pages() if args.only.lower() in p.name.lower()]
    counts = count_queries(page_list)
    small = {} if args.no_small else small_database_counts(args)

    rows = measure_pages(
        page_list,
        counts=counts,
        small=small,
        samples=args.samples,
        max_seconds=args.max_seconds,
        workers=args.workers,
        wrk=(args.duration, args.threads, args.connections),
        name="street",
        after_post=remove_intake_visits,
    )
    sweep_result = None if args.no_sweep else sweep_bench(SWEEP_DUE)
    print_table(rows, sweep_result)

    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    info["cpu_probe_ms_at_end"] = cpu_probe_ms()
    result = {
        "when": timezone.now().isoformat(timespec="seconds"),
        "machine": info,
        "data": data,
        "budgets": BUDGET,
        "gunicorn": {"workers": args.workers, "worker_class": "sync", "DB_CONN_MAX_AGE": BENCH_ENV["DB_CONN_MAX_AGE"]},
        "wrk": {"threads": args.threads, "connections": args.connections, "seconds": args.duration},
        "sequential": {"samples": args.samples, "max_seconds": args.max_seconds},
        "pages": rows,
        "small_database": small if isinstance(small, str) else "3 committees, 90 days (seed_demo)",
        "sweep": sweep_result,
        "all_budgets_met": not any(r["misses"] for r in rows)
        and (sweep_result is None or sweep_result["cold_s"] < BUDGET["sweep_s"]),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
