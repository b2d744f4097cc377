"""Bulk generation of demo and benchmark visits, with the cases handed on from them."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from casework.choices import CaseSource
from casework.demo import cases_bulk_create
from committee.services import numbers_reserve
from register.identity import encrypt_id_number, id_check_char, id_number_digest, mask_id_number
from utilities.bulk import copy_insert

from .choices import Channel, Outcome
from .models import Visit, VisitItem
from .services import visit_reference

CHANNEL_WEIGHTS = (
    (Channel.WALK_IN, 62),
    (Channel.PHONE, 18),
    (Channel.HOME_VISIT, 9),
    (Channel.PATROL, 6),
    (Channel.ONLINE, 5),
)
OUTCOME_WEIGHTS = (
    (Outcome.ON_THE_SPOT, 44),
    (Outcome.CONSULTATION, 20),
    (Outcome.NOTICE, 14),
    (Outcome.HANDED_ON, 17),
    (Outcome.APPOINTMENT, 5),
)


# Prefixes libphonenumber knows as allocated (of random 1[3-9]… numbers, a quarter are not);
# "21" + 3–6: Shanghai landlines, the 座机 many old residents give.
PHONE_PREFIXES = (*(f"13{d}" for d in range(10)), "150", "151", "158", "159", "177", "186", "189", "199", "213", "216")


def fake_phone(rng: random.Random) -> str:
    """A phone in its stored form (utilities/phones.py): E.164, a mobile or a landline."""
    prefix = rng.choice(PHONE_PREFIXES)
    rest = 8 if prefix.startswith("1") else 7  # a mobile has 11 digits, a Shanghai landline 21 + 8
    return f"+86{prefix}{rng.randint(0, 10**rest - 1):0{rest}d}"


def history_generate(
    *,
    committee,
    rng: random.Random,
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    calendar,
    workers,
    director,
    items,
    grid_areas,
    handlers_by_line,
    names,
    streets,
    notes,
    case_titles,
    lines_by_code,
    visits_per_day: int = 20,
    extra_cases_per_day: float = 1.0,
) -> tuple[int, int]:
    """Visits of every channel for each day in [start, end] (fewer on rest days), the
    cases handed on from them, and cases from patrols and the 12345 hotline."""
    tz = timezone.get_current_timezone()
    visit_rows: list[tuple[Visit, list]] = []
    case_specs: list[dict] = []
    spec_for_visit: dict[int, int] = {}
    day = start
    while day <= end:
        working = calendar.is_working_day(day)
        count = visits_per_day if working else max(1, visits_per_day // 5)
        for _n in range(rng.randint(int(count * 0.7), int(count * 1.3) or 1)):
            at = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=tz)
            if at >= now:
                continue
            visit, chosen = _visit(committee, rng, at, workers, items, grid_areas, names, streets, notes)
            if visit.outcome == Outcome.HANDED_ON:
                spec_for_visit[len(visit_rows)] = len(case_specs)
                case_specs.append(
                    dict(
                        registered_at=at,
                        service_item=chosen[0][0],
                        title=f"{chosen[0][0].name}：{visit.resident_name}",
                        resident_name=visit.resident_name,
                        resident_phone=visit.resident_phone,
                        address=visit.address,
                        grid_area=visit.grid_area,
                        first_responder=visit.received_by,
                        source=CaseSource.PHONE if visit.channel == Channel.PHONE else CaseSource.WALK_IN,
                    )
                )
            visit_rows.append((visit, chosen))
        for _n in range(_poisson_ish(rng, extra_cases_per_day)):
            at = dt.datetime.combine(day, dt.time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=tz)
            if at >= now:
                continue
            line_code, title = rng.choice(case_titles)
            case_specs.append(
                dict(
                    registered_at=at,
                    line=lines_by_code[line_code],
                    title=title,
                    grid_area=rng.choice(grid_areas) if grid_areas else None,
                    first_responder=rng.choice(workers),
                    source=rng.choice([CaseSource.PATROL, CaseSource.HOTLINE, CaseSource.HOME_VISIT]),
                    resident_name=_name(rng, names),
                    resident_phone=fake_phone(rng),
                )
            )
        day += dt.timedelta(days=1)

    cases = cases_bulk_create(
        committee=committee,
        specs=case_specs,
        rng=rng,
        now=now,
        handlers_by_line=handlers_by_line,
        director=director,
        calendar=calendar,
    )
    by_registered = sorted(range(len(case_specs)), key=lambda i: case_specs[i]["registered_at"])
    case_at_spec = {spec_index: cases[pos] for pos, spec_index in enumerate(by_registered)}
    for row_index, spec_index in spec_for_visit.items():
        visit_rows[row_index][0].case = case_at_spec[spec_index]
    _assign_references(committee, [v for v, _c in visit_rows])
    copy_insert(Visit, [v for v, _c in visit_rows])
    copy_insert(
        VisitItem,
        [
            VisitItem(visit_id=v.pk, service_item_id=item.pk, materials_missing=missing)
            for v, chosen in visit_rows
            for item, missing in chosen
        ],
    )
    returns = _return_visits(committee, rng, [(v, c) for v, c in visit_rows if v.outcome == Outcome.NOTICE], now)
    return len(visit_rows) + returns, len(cases)


def _return_visits(committee, rng, notices: list[tuple[Visit, list]], now) -> int:
    """Most residents told of missing papers come back with them a few days later; a few
    need a third trip. Return visits point at the first visit (最多跑两次)."""
    rows: list[tuple[Visit, list]] = []
    for first, chosen in notices:
        trips = 1 if rng.random() < 0.8 else 2
        if rng.random() < 0.15:
            continue  # never came back (yet)
        at = first.received_at
        for trip in range(trips):
            at = at + dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(-2, 2))
            if at >= now:
                break
            final = trip == trips - 1
            items = [(item, [] if final else missing[:1]) for item, missing in chosen]
            visit = Visit(
                committee_id=committee.pk,
                channel=Channel.WALK_IN,
                received_by=first.received_by,
                received_at=at,
                resident_name=first.resident_name,
                resident_phone=first.resident_phone,
                address=first.address,
                grid_area=first.grid_area,
                outcome=Outcome.ON_THE_SPOT if final else Outcome.NOTICE,
                notes="凭告知单补齐材料再次来办" if final else "仍缺部分材料",
                previous_visit=first,
            )
            rows.append((visit, items))
    _assign_references(committee, [v for v, _items in rows])
    copy_insert(Visit, [v for v, _items in rows])
    copy_insert(
        VisitItem,
        [
            VisitItem(visit_id=v.pk, service_item_id=item.pk, materials_missing=missing)
            for v, items in rows
            for item, missing in items
        ],
    )
    return len(rows)


def _assign_references(committee, visits: list[Visit]) -> None:
    visits.sort(key=lambda v: v.received_at)
    by_year: dict[int, list[Visit]] = {}
    for visit in visits:
        by_year.setdefault(timezone.localtime(visit.received_at).year, []).append(visit)
    for year, year_visits in by_year.items():
        number = numbers_reserve(committee_id=committee.pk, series="visit", year=year, count=len(year_visits))
        for visit in year_visits:
            visit.reference = visit_reference(committee, year, number)
            number += 1


def _visit(committee, rng, at, workers, items, grid_areas, names, streets, notes):
    channel = rng.choices(*zip(*CHANNEL_WEIGHTS, strict=True))[0]
    outcome = rng.choices(*zip(*OUTCOME_WEIGHTS, strict=True))[0]
    chosen_items = rng.sample(items, k=1 if rng.random() < 0.85 else 2)
    if outcome == Outcome.ON_THE_SPOT and not all(i.on_the_spot for i in chosen_items):
        # Not doable at the desk: most such visits are answered or get the one-time notice.
        outcome = rng.choices([Outcome.CONSULTATION, Outcome.NOTICE, Outcome.HANDED_ON], [40, 35, 25])[0]
    chosen = []
    for item in chosen_items:
        missing = []
        if outcome == Outcome.NOTICE and item.materials:
            missing = rng.sample(item.materials, k=rng.randint(1, len(item.materials)))
            missing.sort(key=item.materials.index)
        chosen.append((item, missing))
    grid_area = rng.choice(grid_areas) if grid_areas else None
    visit = Visit(
        committee_id=committee.pk,
        channel=channel,
        received_by=rng.choice(workers),
        received_at=at,
        resident_name=_name(rng, names),
        resident_phone=fake_phone(rng) if rng.random() < 0.9 else "",
        address=f"{rng.choice(streets)}{rng.randint(1, 400)}弄{rng.randint(1, 40)}号{rng.randint(101, 1202)}室",
        grid_area=grid_area,
        outcome=outcome,
        notes=rng.choice(notes),
    )
    if rng.random() < 0.2:
        number = fake_id_number(rng)
        visit.id_number_encrypted = encrypt_id_number(number)
        visit.id_number_digest = id_number_digest(number)
        visit.id_number_masked = mask_id_number(number)
    return visit, chosen


def fake_id_number(rng: random.Random) -> str:
    """A well-formed Shanghai ID number (valid birth date and check digit)."""
    first17 = (
        f"310109{rng.randint(1935, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    return first17 + id_check_char(first17)


def _name(rng, names) -> str:
    surnames, given = names
    return rng.choice(surnames) + rng.choice(given)


def _poisson_ish(rng: random.Random, mean: float) -> int:
    whole = int(mean)
    return whole + (1 if rng.random() < mean - whole else 0)
