"""The offline app's sync at street scale: 200 queued records (home visits, some raising a
case; patrol starts, findings, some opening a case; patrol ends) posted in one batch to
/care/sync/ by a grid worker, against `seed_demo --scale 7` (≈ 100,000 people) with the care
pages' plans and visit history (bench/care_pages.py seeds them). Served by gunicorn with DEBUG
off. Then the same batch replayed (everything already stored) and the batch cut off halfway
and resent whole.

    scripts/test-services start && source var/test-services.env
    .venv/bin/python bench/care_sync.py            # seeds if needed, then measures
    .venv/bin/python bench/care_sync.py --reuse    # on the data already there

Target (issue 18): the 200-record sync under 5 s."""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
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

from bench import care_pages, register_pages, street  # noqa: E402  (sets the benchmark's settings)
from bench.street import HOST, Session  # noqa: E402
from carework.choices import DueStatus  # noqa: E402
from carework.demo import care_generate  # noqa: E402
from carework.models import CarePlan, HomeVisit  # noqa: E402
from carework.selectors import care_due  # noqa: E402
from casework.models import Case  # noqa: E402
from committee.models import Committee, GridArea, Line  # noqa: E402
from patrols.models import Finding, Patrol  # noqa: E402

RESULTS = street.ROOT / "bench" / "results" / "care_sync.json"
TARGET_SECONDS = 5.0
WORKER = "qy01-w01"
DATA_WORKER = "qy01-w02"


def batch(size: int = 200, seed: int = 18) -> list[dict]:
    """A worker's day and more: per area a patrol (start, findings, end), the rest home
    visits to the worker's due people, one in ten raising a case."""
    rng = random.Random(seed)
    committee = Committee.objects.get(code="QY01")
    areas = list(GridArea.objects.filter(committee=committee, responsible__username=WORKER, active=True).order_by("pk"))
    people = care_due(committee=committee, areas=[a.pk for a in areas], statuses=tuple(DueStatus.values))
    lines = list(Line.objects.of_district(committee.district_id).values_list("pk", flat=True))
    now = timezone.now()
    records = []

    def at(minutes_ago: float) -> str:
        return (now - dt.timedelta(minutes=minutes_ago)).isoformat()

    # Patrols: 10 starts, 30 findings (a third opening a case), 10 ends = 50 records.
    for n in range(10):
        area = areas[n % len(areas)]
        patrol = str(uuid.uuid4())
        records.append({"kind": "patrol_start", "client_id": patrol, "recorded_at": at(300 - n), "grid_area": area.pk})
        for m in range(3):
            finding = {
                "kind": "finding",
                "client_id": str(uuid.uuid4()),
                "recorded_at": at(290 - n - m),
                "patrol": patrol,
                "category": rng.choice(["safety", "sanitation", "facility", "other"]),
                "description": f"楼道发现情况 {n}-{m}",
                "location": f"{rng.randint(1, 30)}号楼",
            }
            if m == 0:
                finding["case"] = {"title": f"巡查发现 {n}", "line": rng.choice(lines)}
            records.append(finding)
        records.append(
            {
                "kind": "patrol_end",
                "client_id": str(uuid.uuid4()),
                "recorded_at": at(200 - n),
                "patrol": patrol,
                "route_notes": "1–10号楼",
            }
        )
    for n in range(size - len(records)):
        row = people[n % len(people)]
        visit = {
            "kind": "home_visit",
            "client_id": str(uuid.uuid4()),
            "recorded_at": at(180 - n * 0.5),
            "person": row.person_id,
            "outcome": rng.choice(["seen", "seen", "seen", "not_home"]),
            "condition": rng.choice(["good", "fair", "poor"]),
            "needs": "",
            "notes": "走访记录",
        }
        if visit["outcome"] != "seen":
            visit["condition"] = ""
        if n % 10 == 0:
            visit["needs"] = "需要帮助"
            visit["case"] = {"title": f"走访发现需求 {n}", "line": rng.choice(lines)}
        records.append(visit)
    return records


def post(session: Session, records: list[dict]) -> tuple[int, dict, float]:
    body = json.dumps({"records": records}, ensure_ascii=False).encode()
    headers = {
        "Host": HOST,
        "Cookie": session.cookie_header(),
        "Content-Type": "application/json",
        "X-CSRFToken": session.cookies.get("csrftoken", ""),
    }
    conn = http.client.HTTPConnection(HOST, session.port, timeout=120)
    started = time.perf_counter()
    conn.request("POST", "/care/sync/", body=body, headers=headers)
    response = conn.getresponse()
    content = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return response.status, json.loads(content) if response.status == 200 else {"raw": content[:300]}, elapsed


def tally(answer: dict) -> dict:
    counts: dict[str, int] = {}
    for result in answer.get("results", []):
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    return counts


def stored() -> dict:
    return {
        "home_visits": HomeVisit.objects.count(),
        "patrols": Patrol.objects.count(),
        "findings": Finding.objects.count(),
        "cases": Case.objects.count(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="Measure the data already there if it is big enough.")
    parser.add_argument("--jobs", type=int, default=2, help="Processes seeding committees in parallel.")
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/care_sync.py needs PostgreSQL: scripts/test-services start && source var/test-services.env")

    info = street.machine()
    args.full_history = False
    data = register_pages.build(args)
    if not CarePlan.objects.exists():
        rng = random.Random(18)
        for committee in Committee.objects.order_by("pk"):
            care_generate(committee=committee, rng=rng, today=timezone.localdate())
    if not HomeVisit.objects.filter(visited_on__lt=timezone.localdate() - dt.timedelta(days=200)).exists():
        data["history_visits"] = care_pages.history_generate()
    data["before"] = stored()
    call_command("collectstatic", interactive=False, verbosity=0)  # the login page's assets, DEBUG off

    port = street.free_port()
    log_path = Path(tempfile.gettempdir()) / f"care-sync-bench-gunicorn-{port}.log"
    server = street.start_gunicorn(port, args.workers, log_path)
    runs = []
    try:
        session = Session(port, WORKER)
        reader = Session(port, DATA_WORKER)  # a worker whose list this benchmark's syncs leave alone
        for n in range(3):  # the phone's data load (the worker's own areas)
            status, _headers, content, seconds = reader.request("GET", "/care/sync/data/")
            people = len(json.loads(content)["people"]) if status == 200 else None
            runs.append({"run": f"data load {n + 1}", "status": status, "seconds": round(seconds, 3), "people": people})
        for label, records in (("first sync", batch(args.records, seed=18)),):
            status, answer, seconds = post(session, records)
            runs.append({"run": label, "status": status, "seconds": round(seconds, 3), "results": tally(answer)})
            status, answer, seconds = post(session, records)
            runs.append({"run": "replayed", "status": status, "seconds": round(seconds, 3), "results": tally(answer)})
        halfway = batch(args.records, seed=19)
        status, answer, seconds = post(session, halfway[: len(halfway) // 2])
        runs.append(
            {"run": "cut off: first half", "status": status, "seconds": round(seconds, 3), "results": tally(answer)}
        )
        status, answer, seconds = post(session, halfway)
        runs.append({"run": "resent whole", "status": status, "seconds": round(seconds, 3), "results": tally(answer)})
    finally:
        street.stop(server)
    for run in runs:
        print(f"  {run['run']}: {run['seconds']} s, HTTP {run['status']}, {run.get('results', run.get('people'))}")
    data["after"] = stored()
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result = {
        "machine": info,
        "data": data,
        "records": args.records,
        "target_seconds": TARGET_SECONDS,
        "runs": runs,
        "target_met": all(r["status"] == 200 and r["seconds"] < TARGET_SECONDS for r in runs),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
