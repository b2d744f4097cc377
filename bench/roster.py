"""Roster benchmark: generate a month for committees of growing size and time the month
grid and coverage pages, with their query counts.

    DATABASE_URL=postgres://... .venv/bin/python bench/roster.py   (or SQLite by default)

Builds its own committees in the configured database (prefix BENCH-), and leaves them."""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from committee.models import Committee, District, StreetOffice  # noqa: E402
from committee.roles import Role  # noqa: E402
from staffing.services import (  # noqa: E402
    roster_generate,  # noqa: E402
    shift_templates_ensure_defaults,
    worker_create,
)

MONTH = dt.date(2026, 12, 1)


def build(size: int) -> tuple[Committee, object]:
    district, _ = District.objects.get_or_create(code="BENCH", defaults={"name": "基准区"})
    office, _ = StreetOffice.objects.get_or_create(code="BENCH", defaults={"name": "基准街道", "district": district})
    code = f"BENCH-{size}-{int(time.time()) % 100000}"
    committee = Committee.objects.create(street_office=office, code=code[:16], name=f"基准居委会{size}")
    shift_templates_ensure_defaults(committee=committee)
    director = worker_create(username=f"{code}-d", display_name="主任", role=Role.DIRECTOR, committee=committee)
    for n in range(size - 1):
        worker_create(username=f"{code}-{n}", display_name=f"工作人员{n}", role=Role.RECEPTION, committee=committee)
    return committee, director


def timed(fn, repeat=5):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def main():
    print(f"database: {connection.vendor}")
    print(f"{'workers':>8} {'generate ms':>12} {'grid ms':>8} {'grid q':>7} {'coverage ms':>12} {'coverage q':>11}")
    for size in (8, 15, 30, 60):
        committee, director = build(size)
        generate_ms = timed(lambda: roster_generate(committee=committee, month=MONTH), repeat=3)
        client = Client(HTTP_HOST="localhost")
        client.force_login(director.user)
        grid_url = f"/staff/roster/{MONTH.year}/{MONTH.month}/"
        grid_q = page(client, grid_url)
        grid_ms = timed(lambda: client.get(grid_url))
        coverage_q = page(client, "/staff/coverage/")
        coverage_ms = timed(lambda: client.get("/staff/coverage/"))
        print(f"{size:>8} {generate_ms:>12.0f} {grid_ms:>8.0f} {grid_q:>7} {coverage_ms:>12.0f} {coverage_q:>11}")


if __name__ == "__main__":
    main()
