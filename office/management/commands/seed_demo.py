"""Demo data: a district with its lines and service catalogue and its admin, two street
offices (three committees and one; one office with an item of its own and a district item
withdrawn), workers of every role, grid areas, duty for this month and next, and 90 days of
visits and cases.

Idempotent: a second run adds nothing and prints the logins again. `--scale N` makes
N times the committees and N times the history, with bulk inserts (COPY on PostgreSQL,
utilities.bulk), for benchmarks; `--history-days` and `--roster-days` set the history
directly (bench/street.py: 21 committees with three years of it)."""

import datetime as dt
import gc
import multiprocessing
import random
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, connections, transaction
from django.utils import timezone

from carework.demo import care_generate
from casework.models import Case, CaseEvent
from committee.models import CatalogueChoice, Committee, District, GridArea, Line, ServiceItem, StreetOffice
from committee.roles import Role
from committee.workcalendar import WorkCalendar
from office import demo as catalogue
from patrols.demo import patrols_generate
from reception.demo import history_generate
from reception.models import Visit, VisitItem
from register import demo as register_demo
from register.demo import HOUSEHOLDS_PER_AREA, register_bulk_generate, register_generate
from register.models import Household, Membership, Person, PersonPhone, PersonTag
from staffing.choices import PostKind
from staffing.demo import approvals_waiting, duty_rotate
from staffing.models import DutyAssignment, Post, Training, Worker
from staffing.services import (
    roster_generate,
    roster_publish,
    shift_templates_ensure_defaults,
    worker_create,
)
from utilities.bulk import analyze
from utilities.pinyin import pinyin_initials

DEMO_PASSWORD = "juweihui-demo"
User = get_user_model()
WORKERS_PER_COMMITTEE = 11  # plus the director


class Command(BaseCommand):
    help = "Create the demo district, street offices, committees, workers, catalogue, duty and 90 days of history."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="N times the committees and the history.")
        parser.add_argument("--days", type=int, default=90, help="Days of history per scale unit.")
        parser.add_argument(
            "--history-days",
            type=int,
            default=None,
            help="Days of visits and cases per committee (default: --days times --scale).",
        )
        parser.add_argument(
            "--roster-days",
            type=int,
            default=None,
            help="Days of past duty per committee (default: as many as of history).",
        )
        parser.add_argument("--visits-per-day", type=int, default=20, help="Visits per working day per committee.")
        parser.add_argument("--cases-per-day", type=float, default=1.0, help="Cases per day not from visits.")
        parser.add_argument(
            "--households-per-area",
            type=int,
            default=None,
            help="Register households per grid area (default: 3 at scale 1, by bulk insert 43 times --scale above).",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--jobs", type=int, default=1, help="Committees generated in parallel processes (PostgreSQL only)."
        )

    def handle(
        self,
        *args,
        scale,
        days,
        history_days,
        roster_days,
        visits_per_day,
        cases_per_day,
        households_per_area,
        seed,
        jobs,
        **options,
    ):
        district, _created = District.objects.get_or_create(
            code=catalogue.DISTRICT["code"], defaults={"name": catalogue.DISTRICT["name"]}
        )
        lines = self._catalogue(district)
        offices = {}
        for spec, admin in ((catalogue.STREET_OFFICE, "street"), (catalogue.SECOND_STREET_OFFICE, "street2")):
            offices[spec["code"]], _created = StreetOffice.objects.get_or_create(
                code=spec["code"], defaults={"name": spec["name"], "district": district}
            )
            self._admin(admin, "街道管理员", Role.STREET_ADMIN, street_office=offices[spec["code"]])
        self._admin("district", "区管理员", Role.DISTRICT_ADMIN, district=district)
        self._second_office_catalogue(offices[catalogue.SECOND_STREET_OFFICE["code"]], district, lines)
        history_days = days * scale if history_days is None else history_days
        job = _Job(
            command=self,
            offices=offices,
            lines=lines,
            items={
                code: list(ServiceItem.objects.offered_by(office.pk, district.pk).active().select_related("line"))
                for code, office in offices.items()
            },
            now=timezone.now(),
            seed=seed,
            history_days=history_days,
            roster_days=history_days if roster_days is None else roster_days,
            visits_per_day=visits_per_day,
            cases_per_day=cases_per_day,
            households_per_area=(
                register_demo.households_per_area(scale) if households_per_area is None else households_per_area
            ),
        )
        existing = set(Committee.objects.values_list("code", flat=True))
        todo = [spec for spec in self._committee_specs(scale) if spec["code"] not in existing]
        if jobs > 1 and len(todo) > 1 and connection.vendor == "postgresql":
            # Committees in parallel processes, each with its own connection: on PostgreSQL
            # the generating (Python) and the inserting (the server) then share the cores.
            global _JOB
            _JOB = job
            connections.close_all()  # never share a connection across fork()
            with multiprocessing.get_context("fork").Pool(min(jobs, len(todo))) as pool:
                made = [self._said(message) for message in pool.imap_unordered(_populate_in_child, todo)]
            _JOB = None
        else:
            made = [self._said(job.run(spec)) for spec in todo]
        if any(made):
            # Fresh planner statistics, or the first pages are planned as if the tables were empty.
            analyze(
                Visit, VisitItem, Case, CaseEvent, DutyAssignment, Household, Person, Membership, PersonPhone, PersonTag
            )
        # One hash for every demo login: hashing per user would cost a second each.
        User.objects.filter(worker__isnull=False, password__startswith="!").update(
            password=make_password(DEMO_PASSWORD)
        )
        self._print_logins()

    def _said(self, message: str) -> bool:
        if message:
            self.stdout.write(message)
            self.stdout.flush()
        return bool(message)

    # --- reference data -------------------------------------------------------------

    def _catalogue(self, district):
        lines = {}
        for order, spec in enumerate(catalogue.LINES, start=1):
            line, _created = Line.objects.get_or_create(
                district=district,
                code=spec["code"],
                defaults=dict(name=spec["name"], name_en=spec.get("name_en", ""), order=order),
            )
            lines[line.code] = line
        for spec in catalogue.SERVICE_ITEMS:
            ServiceItem.objects.get_or_create(
                district=district,
                street_office=None,
                name=spec["name"],
                defaults=dict(
                    line=lines[spec["line"]],
                    name_en=spec.get("name_en", ""),
                    materials=list(spec["materials"]),
                    time_limit_days=spec["time_limit_days"],
                    on_the_spot=spec["on_the_spot"],
                    seal_permitted=spec["seal_permitted"],
                    description=spec.get("description", ""),
                    pinyin_initials=pinyin_initials(spec["name"]),
                ),
            )
        return lines

    def _second_office_catalogue(self, office, district, lines):
        """The second office's own item, and the district item it withdrew for it."""
        spec = catalogue.SECOND_OFFICE_OWN_ITEM
        ServiceItem.objects.get_or_create(
            district=district,
            street_office=office,
            name=spec["name"],
            defaults=dict(
                line=lines[spec["line"]],
                name_en=spec["name_en"],
                materials=list(spec["materials"]),
                time_limit_days=spec["time_limit_days"],
                pinyin_initials=pinyin_initials(spec["name"]),
            ),
        )
        withdrawn = ServiceItem.objects.get(
            district=district, street_office=None, name=catalogue.SECOND_OFFICE_WITHDRAWS
        )
        CatalogueChoice.objects.update_or_create(street_office=office, item=withdrawn, defaults={"offered": False})

    def _committee_specs(self, scale):
        first = catalogue.STREET_OFFICE["code"]
        specs = [{**spec, "office": first} for spec in catalogue.COMMITTEES]
        for n in range(len(specs) + 1, len(specs) * scale + 1):
            specs.append(
                {"code": f"QY{n:02d}", "name": f"曲阳第{n}居委会", "address": "", "phone": "", "office": first}
            )
        second = catalogue.SECOND_STREET_OFFICE["code"]
        return specs + [{**spec, "office": second} for spec in catalogue.SECOND_OFFICE_COMMITTEES]

    def _admin(self, username, display_name, role, **where):
        if not Worker.objects.filter(user__username=username).exists():
            worker_create(username=username, display_name=display_name, role=role, **where)

    # --- one committee --------------------------------------------------------------

    def _populate(
        self,
        committee,
        rng,
        lines,
        items,
        now,
        history_days,
        roster_days,
        visits_per_day,
        cases_per_day,
        households_per_area,
    ):
        prefix = committee.code.lower()
        director = worker_create(
            username=f"{prefix}-director",
            display_name=self._person(rng),
            role=Role.DIRECTOR,
            committee=committee,
            phone=self._phone(rng),
        )
        workers = [
            worker_create(
                username=f"{prefix}-w{n:02d}",
                display_name=self._person(rng),
                role=Role.RECEPTION,
                committee=committee,
                phone=self._phone(rng),
            )
            for n in range(1, WORKERS_PER_COMMITTEE + 1)
        ]
        staff = [director, *workers]
        today = timezone.localdate()
        line_list = list(lines.values())
        trainings = []
        for worker in staff:
            for line in rng.sample(line_list, k=rng.randint(3, min(7, len(line_list)))):
                trainings.append(
                    Training(worker=worker, line=line, trained_on=today - dt.timedelta(days=rng.randint(20, 700)))
                )
        Training.objects.bulk_create(trainings)
        posts, handlers_by_line = [], {}
        for line_index, line in enumerate(line_list):
            a_worker = workers[line_index % len(workers)]
            b_worker = workers[(line_index + 5) % len(workers)]
            posts += [
                Post(committee=committee, line=line, kind=PostKind.A, worker=a_worker),
                Post(committee=committee, line=line, kind=PostKind.B, worker=b_worker),
            ]
            handlers_by_line[line.pk] = a_worker
        Post.objects.bulk_create(posts)
        grid_areas = [
            GridArea(
                committee=committee,
                name=name,
                buildings=buildings,
                responsible=workers[i % len(workers)].user,
                public_phone=f"021-6{rng.randint(1000000, 9999999)}",
            )
            for i, (name, buildings) in enumerate(zip(catalogue.GRID_AREA_NAMES, catalogue.GRID_BUILDINGS, strict=True))
        ]
        GridArea.objects.bulk_create(grid_areas)
        grid_areas = list(GridArea.objects.filter(committee=committee))

        shift_templates_ensure_defaults(committee=committee)
        month_start = today.replace(day=1)
        next_month_end = (month_start + dt.timedelta(days=62)).replace(day=1) - dt.timedelta(days=1)
        history_start = today - dt.timedelta(days=history_days)
        duty_start = today - dt.timedelta(days=roster_days)
        # Past months by quick rotation; this month and next by the real roster generator.
        duty_rotate(
            committee=committee,
            start=min(duty_start, month_start),
            end=month_start - dt.timedelta(days=1),
            workers=staff,
        )
        for month in (month_start, next_month_end.replace(day=1)):
            roster, _plan = roster_generate(committee=committee, month=month)
            if month == month_start:
                roster_publish(roster=roster, by=director, provisional_acknowledged=True)  # demo data
        approvals_waiting(committee=committee, today=today)

        calendar = WorkCalendar.load(
            history_start - dt.timedelta(days=1), today + dt.timedelta(days=400), committee.district_id
        )
        history_generate(
            committee=committee,
            rng=rng,
            start=history_start,
            end=today,
            now=now,
            calendar=calendar,
            workers=workers,
            director=director,
            items=items,
            grid_areas=grid_areas,
            handlers_by_line=handlers_by_line,
            names=(catalogue.SURNAMES, catalogue.GIVEN_NAMES),
            streets=catalogue.STREETS,
            notes=catalogue.VISIT_NOTES,
            case_titles=catalogue.CASE_TITLES,
            lines_by_code=lines,
            visits_per_day=visits_per_day,
            extra_cases_per_day=cases_per_day,
        )
        register = dict(
            committee=committee,
            rng=rng,
            grid_areas=grid_areas,
            director_user=director.user,
            names=(catalogue.SURNAMES, catalogue.GIVEN_NAMES),
            today=today,
        )
        patrols_generate(  # three weeks of daily rounds per grid area, a few days missed
            committee=committee,
            rng=rng,
            grid_areas=grid_areas,
            workers=staff,
            today=today,
            line=lines.get("chengguan") or line_list[0],
        )
        if households_per_area <= HOUSEHOLDS_PER_AREA:
            register_generate(**register)  # the default demo: through the services, with their history
        else:
            register_bulk_generate(**register, per_area=households_per_area)
        care_generate(committee=committee, rng=rng, today=today)  # care plans and a visit history

    def _person(self, rng):
        return rng.choice(catalogue.SURNAMES) + rng.choice(catalogue.GIVEN_NAMES)

    def _phone(self, rng):
        return f"13{rng.randint(0, 999_999_999):09d}"

    def _print_logins(self):
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD})"))
        rows = [
            ("district", "区管理员 / district admin → the lines, catalogue and calendar of 虹口区"),
            ("street", "曲阳路街道 街道管理员 / street-office admin → /admin/ and /office/street/"),
            ("street2", "欧阳路街道 街道管理员 / admin of the second street office"),
        ]
        shown = [
            *Committee.objects.filter(code__startswith="QY").order_by("code")[:3],
            *Committee.objects.filter(code__in=[spec["code"] for spec in catalogue.SECOND_OFFICE_COMMITTEES]),
        ]
        for committee in shown:
            prefix = committee.code.lower()
            rows.append((f"{prefix}-director", f"{committee.name} 主任 / director"))
            rows.append((f"{prefix}-w01", f"{committee.name} 社区工作者 / desk worker"))
        for username, label in rows:
            self.stdout.write(f"  {username:<16} {label}")


@dataclass
class _Job:
    """One committee's worth of work, the same in this process or a forked one."""

    command: Command
    offices: dict  # code -> StreetOffice
    lines: dict
    items: dict  # street office code -> the items its committees offer
    now: dt.datetime
    seed: int
    history_days: int
    roster_days: int
    visits_per_day: int
    cases_per_day: float
    households_per_area: int

    def run(self, spec: dict) -> str:
        """Create and fill one committee in one transaction (so a crash leaves none half
        made); "" when it already exists."""
        started = time.perf_counter()
        # Each committee its own random stream: the same data whatever the order or --jobs.
        rng = random.Random(f"{self.seed}:{spec['code']}")
        gc.disable()  # hundreds of thousands of new objects, no cycles: collecting is wasted time
        try:
            with transaction.atomic():
                committee, created = Committee.objects.get_or_create(
                    code=spec["code"],
                    defaults=dict(
                        street_office=self.offices[spec["office"]],
                        name=spec["name"],
                        address=spec.get("address", ""),
                        phone=spec.get("phone", ""),
                    ),
                )
                if not created:
                    return ""
                self.command._populate(
                    committee,
                    rng,
                    self.lines,
                    self.items[spec["office"]],
                    self.now,
                    self.history_days,
                    self.roster_days,
                    self.visits_per_day,
                    self.cases_per_day,
                    self.households_per_area,
                )
        finally:
            gc.enable()
            gc.collect()
        return f"  {committee.code} {committee.name}: ok ({time.perf_counter() - started:.1f} s)"


_JOB: _Job | None = None


def _populate_in_child(spec: dict) -> str:
    try:
        return _JOB.run(spec)
    finally:
        connections.close_all()
