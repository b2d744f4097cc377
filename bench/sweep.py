"""Reminder-sweep benchmark on PostgreSQL: N cases of which K are due or overdue.

    scripts/test-services start && source var/test-services.env
    .venv/bin/python manage.py migrate && .venv/bin/python bench/sweep.py --cases 500000 --due 5000

Cases are inserted with one INSERT ... SELECT generate_series (seconds, not minutes); the
sweep is then timed cold (records and delivers every reminder) and warm (nothing new)."""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from casework.models import Case  # noqa: E402
from casework.reminders import sweep  # noqa: E402
from committee.models import Committee, District, Line, StreetOffice  # noqa: E402
from committee.roles import Role  # noqa: E402
from staffing.services import worker_create  # noqa: E402


def setup(cases: int, due: int) -> None:
    district, _ = District.objects.get_or_create(code="BENCH", defaults={"name": "基准区"})
    office, _ = StreetOffice.objects.get_or_create(code="BSWEEP", defaults={"name": "基准街道", "district": district})
    line, _ = Line.objects.get_or_create(district=district, code="bench", defaults={"name": "基准条线"})
    committees = []
    for n in range(20):
        committee, created = Committee.objects.get_or_create(
            code=f"BS{n:02d}", defaults={"street_office": office, "name": f"基准{n}"}
        )
        if created:
            worker_create(username=f"bs{n}-d", display_name="主任", role=Role.DIRECTOR, committee=committee)
            for k in range(10):
                worker_create(username=f"bs{n}-w{k}", display_name=f"社工{k}", role=Role.RECEPTION, committee=committee)
        committees.append(committee)
    case_table = Case._meta.db_table
    ids = tuple(c.pk for c in committees)
    with connection.cursor() as cursor:  # a previous run's rows, without loading them
        for table in ("casework_notification", "casework_reminder", "casework_caseevent", "casework_historicalcase"):
            column = "id" if table == "casework_historicalcase" else "case_id"
            cursor.execute(
                f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM {case_table} WHERE committee_id IN %s)", [ids]
            )
        cursor.execute(f"DELETE FROM {case_table} WHERE committee_id IN %s", [ids])
    with connection.cursor() as cursor:
        # Workers by committee, picked per row by index arithmetic.
        cursor.execute(
            f"""
            WITH w AS (
                SELECT id, committee_id, row_number() OVER (PARTITION BY committee_id ORDER BY id) - 1 AS k
                FROM staffing_worker WHERE committee_id IN %s
            ), c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM committee_committee WHERE id IN %s)
            INSERT INTO {case_table} (committee_id, reference, source, source_reference, line_id, title, description,
                resident_name, resident_phone, address, first_responder_id, handler_id, status, registered_at,
                time_limit_days, due_at, paused_working_days, resolution, satisfaction, follow_up_comment, void_reason,
                version, updated_at)
            SELECT c.id, 'BS-' || g, 'walk_in', '', %s, '基准事项 ' || g, '', '', '', '', w.id, w.id,
                   CASE WHEN g <= %s THEN 'in_progress' ELSE 'closed' END,
                   now() - interval '30 days', 5,
                   CASE WHEN g <= %s THEN now() - ((g %% 8) || ' days')::interval + interval '12 hours'
                        ELSE now() - interval '20 days' END,
                   0, '', '', '', '', 1, now()
            FROM generate_series(1, %s) AS g
            JOIN c ON c.k = g %% 20
            JOIN w ON w.committee_id = c.id AND w.k = (g / 20) %% 11
            """,
            [tuple(c.pk for c in committees), tuple(c.pk for c in committees), line.pk, due, due, cases],
        )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {case_table}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=500_000)
    parser.add_argument("--due", type=int, default=5_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/sweep.py needs PostgreSQL (DATABASE_URL)")
    start = time.perf_counter()
    setup(args.cases, args.due)
    print(f"inserted {args.cases} cases ({args.due} open and due) in {time.perf_counter() - start:.1f} s")
    now = timezone.now()
    start = time.perf_counter()
    result = sweep(now=now)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    again = sweep(now=now)
    warm = time.perf_counter() - start
    print(f"cold sweep: {cold:.2f} s {result}")
    print(f"warm sweep: {warm:.2f} s {again}")


if __name__ == "__main__":
    main()
