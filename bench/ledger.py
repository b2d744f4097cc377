"""Visit-ledger benchmark on PostgreSQL: the first page of a committee's ledger, with and
without filters, over N visits generated with one INSERT … SELECT generate_series.

    scripts/test-services run -- sh -c '.venv/bin/python manage.py migrate -v0 && .venv/bin/python bench/ledger.py'
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from committee.models import Committee, District, Line, ServiceItem, StreetOffice  # noqa: E402
from committee.roles import Role  # noqa: E402
from staffing.services import worker_create  # noqa: E402


def build(visits: int) -> tuple:
    district, _ = District.objects.get_or_create(code="BENCH", defaults={"name": "基准区"})
    office, _ = StreetOffice.objects.get_or_create(code="BLEDGER", defaults={"name": "基准街道", "district": district})
    line, _ = Line.objects.get_or_create(district=district, code="bench-l", defaults={"name": "基准条线L"})
    item, _ = ServiceItem.objects.get_or_create(
        district=district, street_office=None, name="基准事项L", defaults={"line": line, "materials": ["身份证"]}
    )
    committees = []
    for n in range(20):
        committee, created = Committee.objects.get_or_create(
            code=f"BL{n:02d}", defaults={"street_office": office, "name": f"基准{n}"}
        )
        if created:
            worker_create(
                username=f"bl{n}-d", display_name="主任", role=Role.DIRECTOR, committee=committee, password="bench-pass"
            )
        committees.append(committee)
    ids = tuple(c.pk for c in committees)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM reception_visititem WHERE visit_id IN "
            "(SELECT id FROM reception_visit WHERE committee_id IN %s)",
            [ids],
        )
        cursor.execute("DELETE FROM reception_visit WHERE committee_id IN %s", [ids])
        cursor.execute(
            """
            INSERT INTO reception_visit (committee_id, reference, channel, received_by_id, received_at, resident_name,
                resident_phone, id_number_encrypted, id_number_digest, id_number_masked, address, outcome, notes,
                void_reason)
            SELECT c.id, 'BL-' || g, (ARRAY['walk_in','phone','online','home_visit','patrol'])[1 + g %% 5],
                   w.id, now() - ((g %% 1095) || ' days')::interval - ((g %% 600) || ' minutes')::interval,
                   '居民' || g, '+86139' || lpad((g %% 100000000)::text, 8, '0'), '', '', '', '',
                   (ARRAY['on_the_spot','notice','handed_on','appointment','consultation'])[1 + g %% 5], '', ''
            FROM generate_series(1, %s) g
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM committee_committee WHERE id IN %s) c
              ON c.k = g %% 20
            JOIN staffing_worker w ON w.committee_id = c.id
            """,
            [visits, ids],
        )
        cursor.execute(
            "INSERT INTO reception_visititem (visit_id, service_item_id, materials_missing) "
            "SELECT id, %s, '[]'::jsonb FROM reception_visit WHERE committee_id IN %s",
            [item.pk, ids],
        )
        cursor.execute("ANALYZE reception_visit; ANALYZE reception_visititem")
    return committees[0], line


def timed(client, url, params, repeat=15):
    client.get(url, params)  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, params)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=1_000_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/ledger.py needs PostgreSQL (DATABASE_URL)")
    start = time.perf_counter()
    committee, line = build(args.visits)
    print(f"inserted {args.visits} visits in 20 committees in {time.perf_counter() - start:.0f} s")
    client = Client(HTTP_HOST="localhost")
    client.force_login(committee.workers.get(role=Role.DIRECTOR).user)
    url = "/desk/ledger/"
    cases = {
        "no filter": {},
        "last month": {"received_from": "2026-10-23", "received_to": "2026-11-23"},
        "channel + outcome": {"channel": "phone", "outcome": "notice"},
        "line": {"line": line.pk},
        "resident name": {"q": "居民12345"},
        "page 200": {"page": 200},
    }
    print(f"{'ledger first page':<22} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, params in cases.items():
        median, p95, queries = timed(client, url, params)
        print(f"{label:<22} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
