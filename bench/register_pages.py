"""Register pages at street scale: `seed_demo --scale 7` (≈ 100,000 people in ≈ 40,000
households across 22 committees) on PostgreSQL, the pages served by gunicorn with DEBUG
off, timed as bench/street.py times its pages (whose helpers this script uses).

    scripts/test-services start && source var/test-services.env
    .venv/bin/python bench/register_pages.py            # seeds (about a minute), then measures
    .venv/bin/python bench/register_pages.py --reuse    # measures again on the data already there

Pages: the person page of the register (/register/people/<pk>/, as the grid worker who
sees the sensitive tags in full — each request writes its access record — and as a desk
worker who sees them masked), the person's records at the desk (/desk/people/<pk>/), the
household list (no filter, by tag and grid area, and the street admin's over 22
committees), the grid worker's list (我的片区: default and by tag), its printed roll (the
whole grid area, ≈ 300 households, not paginated), the director's grid list over all
six areas, the director's counts, and the desk's register search (posted as the visit
form posts it) by name, surname, pinyin initials, whole phone, last 4 digits and ID number.
For each: median and p95 of the request's wall time
one request at a time, the SQL queries of one request here and on a small database (the
default demo) to show the count does not grow with the data, and optionally requests per
second under `wrk`. The budgets are the README's (median < 100 ms at street scale).

The visits and cases are a small history (90 days at 20 a day) unless `--full-history`
seeds the street benchmark's three years: the register's pages do not read them, except
the person's records, which read one person's."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import street  # noqa: E402  (sets the benchmark's settings and calls django.setup())
from bench.street import Page, count_queries, cpu_probe_ms  # noqa: E402
from committee.models import Committee, GridArea  # noqa: E402
from register.choices import PersonStatus  # noqa: E402
from register.identity import decrypt_id_number  # noqa: E402
from register.models import CareTag, Household, Membership, Person, PersonPhone, PersonTag  # noqa: E402

SEED = dict(scale=7, history_days=90, roster_days=60, visits_per_day=20, cases_per_day=1)
VOLUME = dict(committees=20, households=38_000, people=95_000)
BUDGET = dict(median_ms=100, p95_ms=250)
RESULTS = street.ROOT / "bench" / "results" / "register_pages.json"


def volume() -> dict:
    return {
        "committees": Committee.objects.count(),
        "households": Household.objects.count(),
        "people": Person.objects.count(),
        "people_active": Person.objects.filter(status=PersonStatus.ACTIVE).count(),
        "with_id_number": Person.objects.exclude(id_number_digest="").count(),
        "phones": PersonPhone.objects.count(),
        "tags": PersonTag.objects.count(),
    }


def build(args) -> dict:
    call_command("migrate", verbosity=0)
    before = volume()
    if args.reuse and all(before[key] >= minimum for key, minimum in VOLUME.items()):
        print(f"reusing the data: {before}")
        return {"reused": True, "volume": before}
    seed = dict(street.SEED) if args.full_history else dict(SEED)
    print(f"seeding {seed} with {args.jobs} processes (data now: {before})", flush=True)
    started = time.perf_counter()
    call_command("seed_demo", **seed, jobs=args.jobs, stdout=sys.stdout)
    seconds = time.perf_counter() - started
    after = volume()
    print(f"seeded in {seconds:.0f} s: {after}", flush=True)
    if not all(after[key] >= minimum for key, minimum in VOLUME.items()):
        sys.exit(f"not the register's volume {VOLUME}: {after}. Start from an empty database.")
    with connection.cursor() as cursor:
        for table in ("register_household", "register_person", "register_membership", "register_personphone"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return {"reused": False, "seconds": round(seconds, 1), "seed": seed, "volume": after}


def pages() -> list[Page]:
    """The pages measured, in committee QY01: its grid worker qy01-w01 (responsible for the
    first grid area), a desk worker responsible for none (qy01-w07), its director, and the
    street admin over all the street's committees."""
    committee = Committee.objects.get(code="QY01")
    area = GridArea.objects.filter(committee=committee, responsible__username="qy01-w01").order_by("name").first()
    sensitive = CareTag.objects.filter(sensitive=True, committee__isnull=True).values("pk")
    in_area = Membership.objects.filter(household__grid_area=area, ended_on__isnull=True)
    # A person of the grid worker's area with a sensitive tag when there is one (the page
    # then shows it in full and writes the access record), else the area's first.
    member = (
        in_area.filter(person__tags__tag__in=sensitive, person__tags__ended_on__isnull=True).order_by("pk").first()
        or in_area.order_by("pk").first()
    )
    person = member.person_id
    living_alone = CareTag.objects.get(code="living_alone").pk
    return [
        Page("person page, grid worker (full, recorded)", f"/register/people/{person}/", "qy01-w01", marker="<dl"),
        Page("person page, desk worker (masked)", f"/register/people/{person}/", "qy01-w07", marker="<dl"),
        Page("person's records at the desk", f"/desk/people/{person}/", "qy01-w01"),
        Page("household list, no filter", "/register/", "qy01-w01", marker="<table"),
        Page(
            "household list, grid area + 独居老人",
            f"/register/?grid_area={area.pk}&tag={living_alone}&status=active",
            "qy01-w01",
            marker="<table",
        ),
        Page("household list, street admin (22 committees)", "/register/", "street", marker="<table"),
        Page("grid list (我的片区)", "/register/my-area/", "qy01-w01", marker="<table"),
        Page("grid list, 独居老人", f"/register/my-area/?tag={living_alone}", "qy01-w01", marker="<table"),
        Page("grid list, 高龄", "/register/my-area/?tag=advanced_age", "qy01-w01", marker="<table"),
        Page("grid roll printed (whole area)", "/register/my-area/print/", "qy01-w01", marker="包干责任人签字"),
        Page("grid list, director (6 areas)", "/register/my-area/", "qy01-director", marker="<table"),
        Page("counts by grid area and tag", "/register/counts/", "qy01-director", marker="<table"),
        *desk_searches(person),
    ]


def desk_searches(person_pk: int) -> list[Page]:
    """The desk's register search (posted by the visit form) for one resident of QY01, by
    each kind of query, as a desk worker of the committee types it."""
    person = Person.objects.get(pk=person_pk)
    phone = person.phones.filter(ended_on__isnull=True).order_by("pk").values_list("number", flat=True).first()
    queries = {
        "name": person.name,
        "surname": person.name[:1],
        "pinyin initials": person.name_initials,
        "phone": (phone or "").removeprefix("+86"),
        "phone, last 4 digits": (phone or "")[-4:],
    }
    if person.id_number_encrypted:
        queries["ID number"] = decrypt_id_number(person.id_number_encrypted)
    return [
        Page(
            f"desk search by {kind}",
            "/desk/people/search/",
            "qy01-w07",
            method="POST",
            form={"q": query},
            token_path="/desk/",  # the visit form the search box is on
            marker=person.name if kind not in ("surname",) else "",
        )
        for kind, query in queries.items()
        if query
    ]


def small_database_counts() -> dict[str, int] | str:
    """The same pages' query counts on the default demo in a database next to this one."""
    settings_db = connection.settings_dict
    name = f"{settings_db['NAME']}_register_small"
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
    out = subprocess.run(
        [sys.executable, __file__, "--queries-only"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=900,
    )
    if out.returncode:
        return f"failed: {out.stderr[-500:]}"
    return json.loads(out.stdout.split("QUERYJSON", 1)[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="Measure the data already there if it is big enough.")
    parser.add_argument("--full-history", action="store_true", help="Seed bench/street.py's three years of history.")
    parser.add_argument("--jobs", type=int, default=2, help="Processes seeding committees in parallel.")
    parser.add_argument("--samples", type=int, default=60, help="Sequential requests per page.")
    parser.add_argument("--max-seconds", type=float, default=20, help="At most this long sampling one page.")
    parser.add_argument("--duration", type=int, default=0, help="Seconds of wrk per page (0: no wrk).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
    parser.add_argument("--only", default="", help="Only the pages whose name contains this.")
    parser.add_argument("--no-small", action="store_true", help="Skip the query counts on a small database.")
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument("--queries-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit(
            "bench/register_pages.py needs PostgreSQL: scripts/test-services start && source var/test-services.env"
        )

    if args.queries_only:  # the small-database pass (see small_database_counts)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        print("QUERYJSON" + json.dumps(count_queries(pages())))
        return

    info = street.machine()
    data = build(args)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest storage needs it
    page_list = [page for page in pages() if args.only.lower() in page.name.lower()]
    counts = count_queries(page_list)
    small = {} if args.no_small else small_database_counts()

    rows = street.measure_pages(
        page_list,
        counts=counts,
        small=small,
        samples=args.samples,
        max_seconds=args.max_seconds,
        workers=args.workers,
        wrk=(args.duration, 2, 8),
        name="register",
    )
    street.print_table(rows, None)
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    info["cpu_probe_ms_at_end"] = cpu_probe_ms()
    result = {
        "machine": info,
        "data": data,
        "budgets": BUDGET,
        "gunicorn": {"workers": args.workers, "worker_class": "sync"},
        "sequential": {"samples": args.samples, "max_seconds": args.max_seconds},
        "pages": rows,
        "small_database": small if isinstance(small, str) else "the default demo (seed_demo)",
        "all_budgets_met": not any(row["misses"] for row in rows),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
