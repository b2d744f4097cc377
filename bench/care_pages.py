"""Care pages at street scale: `seed_demo --scale 7` (≈ 100,000 people across 22
committees, with seed_demo's care plans — 独居老人 weekly, 高龄 monthly, 低保 quarterly) plus
a year of generated home-visit history (bulk), the pages served by gunicorn with DEBUG off,
timed as bench/register_pages.py times its pages (whose seeding and helpers this uses).

    scripts/test-services start && source var/test-services.env
    .venv/bin/python bench/care_pages.py            # seeds (about a minute or two), then measures
    .venv/bin/python bench/care_pages.py --reuse    # measures again on the data already there

Pages: the grid worker's 今日走访 (their areas), the director's list of every area's overdue
visits, the director's care coverage (by area, plan and worker), and the record form. Also
the care reminder sweep over every committee, twice (the second finds everything already
sent). Budgets: the README's (median < 100 ms, p95 < 250 ms; sweep < 10 s)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import register_pages, street  # noqa: E402  (sets the benchmark's settings and calls django.setup())
from bench.street import Page, Session, count_queries, cpu_probe_ms, time_sequential  # noqa: E402
from carework.choices import Condition, DueStatus, VisitOutcome  # noqa: E402
from carework.demo import care_generate  # noqa: E402
from carework.models import CarePlan, HomeVisit  # noqa: E402
from carework.reminders import sweep  # noqa: E402
from carework.selectors import care_due  # noqa: E402
from committee.models import Committee, GridArea  # noqa: E402

RESULTS = street.ROOT / "bench" / "results" / "care_pages.json"
HISTORY_DAYS = 365


def history_generate(days: int = HISTORY_DAYS, seed: int = 18) -> int:
    """For every planned person of every committee, a visit about every interval (± a third)
    over `days`, mostly 见到本人, some 不在家: bulk inserted, no history rows."""
    rng = random.Random(seed)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    added = 0
    for committee in Committee.objects.filter(care_plans__active=True).distinct().order_by("pk"):
        responsible = dict(GridArea.objects.filter(committee=committee).values_list("pk", "responsible_id"))
        fallback = committee.workers.values_list("user_id", flat=True).first()
        rows = care_due(committee=committee, today=today, statuses=tuple(DueStatus.values))
        batch = []
        for row in rows:
            day = today - dt.timedelta(days=days)
            while True:
                day += dt.timedelta(days=max(1, round(row.interval_days * rng.uniform(0.7, 1.3))))
                if day >= today:
                    break
                at = dt.datetime.combine(day, dt.time(9 + rng.randint(0, 7), rng.randint(0, 59)), tzinfo=tz)
                outcome = VisitOutcome.NOT_HOME if rng.random() < 0.1 else VisitOutcome.SEEN
                batch.append(
                    HomeVisit(
                        client_id=uuid.uuid4(),
                        committee=committee,
                        person_id=row.person_id,
                        grid_area_id=row.grid_area_id,
                        worker_id=responsible.get(row.grid_area_id) or fallback,
                        recorded_at=at,
                        received_at=at,
                        visited_at=at,
                        visited_on=day,
                        outcome=outcome,
                        condition=rng.choice(Condition.values) if outcome == VisitOutcome.SEEN else "",
                    )
                )
        HomeVisit.objects.bulk_create(batch, batch_size=5000)
        added += len(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE carework_homevisit")
    return added


def volume() -> dict:
    return {
        "plans": CarePlan.objects.filter(active=True).count(),
        "home_visits": HomeVisit.objects.count(),
        "planned_people_qy01": len(
            care_due(committee=Committee.objects.get(code="QY01"), statuses=tuple(DueStatus.values))
        ),
    }


def pages() -> list[Page]:
    committee = Committee.objects.get(code="QY01")
    area = GridArea.objects.filter(committee=committee, responsible__username="qy01-w01").order_by("name").first()
    due = care_due(committee=committee, areas=[area.pk], statuses=tuple(DueStatus.values), limit=1)
    return [
        Page("今日走访, grid worker", "/care/today/", "qy01-w01", marker="今日走访"),
        Page("今日走访, director, all overdue", "/care/today/?status=overdue", "qy01-director", marker="今日走访"),
        Page("care coverage, director", "/care/coverage/", "qy01-director", marker="<table"),
        Page("record form", f"/care/visit/{due[0].person_id}/new/", "qy01-w01", marker="<form"),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="Measure the data already there if it is big enough.")
    parser.add_argument("--jobs", type=int, default=2, help="Processes seeding committees in parallel.")
    parser.add_argument("--samples", type=int, default=60, help="Sequential requests per page.")
    parser.add_argument("--max-seconds", type=float, default=20, help="At most this long sampling one page.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/care_pages.py needs PostgreSQL: scripts/test-services start && source var/test-services.env")

    info = street.machine()
    args.full_history = False
    data = register_pages.build(args)
    if not CarePlan.objects.exists():  # a register seeded before carework: its demo plans now
        rng = random.Random(18)
        for committee in Committee.objects.order_by("pk"):
            care_generate(committee=committee, rng=rng, today=timezone.localdate())
    if not HomeVisit.objects.filter(visited_on__lt=timezone.localdate() - dt.timedelta(days=200)).exists():
        started = time.perf_counter()
        data["history_visits"] = history_generate()
        data["history_seconds"] = round(time.perf_counter() - started, 1)
        print(f"visit history: {data['history_visits']} visits in {data['history_seconds']} s", flush=True)
    data["care"] = volume()
    call_command("collectstatic", interactive=False, verbosity=0)
    page_list = pages()
    counts = count_queries(page_list)

    sweeps = []
    for _run in range(2):
        started = time.perf_counter()
        result = sweep()
        sweeps.append({"seconds": round(time.perf_counter() - started, 2), **result})
    print(f"care sweep: {sweeps}", flush=True)

    port = street.free_port()
    log_path = Path(tempfile.gettempdir()) / f"care-bench-gunicorn-{port}.log"
    server = street.start_gunicorn(port, args.workers, log_path)
    rows = []
    try:
        sessions: dict[str | None, Session] = {}
        for page in page_list:
            session = sessions.setdefault(page.user, Session(port, page.user))
            row = {
                "page": page.name,
                "path": page.path,
                "user": page.user,
                "cpu_probe_ms": cpu_probe_ms(),
                **time_sequential(session, page, args.samples, args.max_seconds),
                "queries": counts[page.name],
            }
            row["misses"] = street.verdict(page, row)
            rows.append(row)
            print(f"  {page.name}: median {row['median_ms']} ms, p95 {row['p95_ms']} ms, {row['queries']} queries")
    finally:
        street.stop(server)
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result = {
        "machine": info,
        "data": data,
        "budgets": register_pages.BUDGET,
        "pages": rows,
        "sweeps": sweeps,
        "all_budgets_met": not any(row["misses"] for row in rows) and sweeps[0]["seconds"] < 10,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
