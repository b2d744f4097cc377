"""Entering a year's holiday schedule at street scale: N open cases of 20 committees counted
into February 2027 (a tenth of them paused once), then the 2027 schedule previewed and
entered for their district (Spring Festival to the 11th, a worked Saturday the 20th). Times both and counts
their queries and the cases moved.

    scripts/test-services run -- sh -c \
        '.venv/bin/python manage.py migrate -v0 && .venv/bin/python bench/holiday_schedule.py'

Builds its own committees (prefix BCAL) in the configured database and leaves them."""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from casework.choices import CaseStatus, EventKind  # noqa: E402
from casework.models import Case, CaseEvent  # noqa: E402
from committee.models import CalendarYear, Committee, District, Line, StreetOffice  # noqa: E402
from committee.roles import Role  # noqa: E402
from committee.services import statutory_days  # noqa: E402
from committee.workcalendar import add_working_days, end_of_day  # noqa: E402
from office.services import calendar_schedule_enter, calendar_schedule_preview  # noqa: E402
from staffing.services import worker_create  # noqa: E402

TZ = timezone.get_current_timezone()


def build(cases: int) -> int:
    """Returns the bench district's id."""
    rng = random.Random(2027)
    district, _ = District.objects.get_or_create(code="BENCH", defaults={"name": "基准区"})
    office, _ = StreetOffice.objects.get_or_create(code="BCAL", defaults={"name": "基准街道", "district": district})
    line, _ = Line.objects.get_or_create(district=district, code="bench-cal", defaults={"name": "基准条线C"})
    workers = []
    for n in range(20):
        committee, created = Committee.objects.get_or_create(
            code=f"BC{n:02d}", defaults={"street_office": office, "name": f"基准{n}"}
        )
        if created:
            workers.append(
                worker_create(username=f"bc{n}-d", display_name="主任", role=Role.DIRECTOR, committee=committee)
            )
    rows, events = [], []
    for k in range(cases):
        worker = workers[k % len(workers)]
        registered = dt.datetime(2027, 1, 18, 9, tzinfo=TZ) + dt.timedelta(hours=rng.randrange(0, 24 * 35))
        limit = rng.choice([3, 5, 10, 15, 20])
        rows.append(
            Case(
                committee_id=worker.committee_id,
                reference=f"BCAL-{k:07d}",
                line=line,
                title="基准",
                first_responder=worker,
                handler=worker,
                status=CaseStatus.IN_PROGRESS,
                registered_at=registered,
                time_limit_days=limit,
                due_at=end_of_day(add_working_days(registered, limit)),
            )
        )
    Case.objects.bulk_create(rows, batch_size=2000)
    for case in rows[::10]:  # a tenth waited two days for papers, before resuming
        start = case.registered_at + dt.timedelta(days=1)
        events += [
            CaseEvent(case=case, kind=EventKind.PAUSED, at=start),
            CaseEvent(case=case, kind=EventKind.RESUMED, at=start + dt.timedelta(days=2)),
        ]
    CaseEvent.objects.bulk_create(events, batch_size=2000)
    return district.pk


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args()
    if CalendarYear.objects.get(year=2027, district=None).is_official:
        sys.exit("2027 is official already: run on a fresh database")
    start = time.perf_counter()
    district_id = build(args.cases)
    print(f"built {args.cases} open cases in {time.perf_counter() - start:.1f} s")
    holidays = {day: name for day, _kind, name in statutory_days(2027) if day.month != 2}
    holidays |= {dt.date(2027, 2, day): "春节" for day in range(5, 12)}
    schedule = {"year": 2027, "holidays": holidays, "workdays": {dt.date(2027, 2, 20): "春节调休"}, "by": None}
    schedule["district_id"] = district_id  # entered by the district admin, for its committees
    for label, run in (("preview", calendar_schedule_preview), ("enter", calendar_schedule_enter)):
        connection.queries_log.clear()  # the build's queries would crowd out the count
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            effect = run(**schedule)
        print(
            f"{label}: {time.perf_counter() - start:.2f} s, {len(queries)} queries, "
            f"{len(effect.changed_days)} days changed, {len(effect.moves)} cases moved"
        )


if __name__ == "__main__":
    main()
