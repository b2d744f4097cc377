"""Reads about committees shared by the home pages and admin, and the public board."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Q
from django.utils import timezone

from .models import Committee, GridArea, ServiceItem


def committees_visible_to(user):
    return Committee.objects.visible_to(user).select_related("street_office")


def street_overview(user):
    """Each visible committee with its active worker and grid-area counts, in one query."""
    return committees_visible_to(user).annotate(
        worker_count=Count("workers", filter=Q(workers__active=True), distinct=True),
        grid_area_count=Count("grid_areas", filter=Q(grid_areas__active=True), distinct=True),
    )


# --- The public notice board (no login) -------------------------------------------------
# Everything below returns plain values chosen field by field, never model instances of
# workers or users, so a template cannot reach a private phone or a username by accident.


@dataclass(frozen=True)
class BoardDuty:
    shift: str
    start: dt.time
    end: dt.time
    names: list[str]
    on_now: bool


@dataclass(frozen=True)
class BoardGridArea:
    name: str
    buildings: str
    responsible: str
    phone: str

    @property
    def dial(self) -> str:
        """What a tel: link can dial: the number before any extension note (转8001)."""
        match = re.match(r"\+?[\d\s-]+", self.phone)
        return re.sub(r"[\s-]", "", match.group()) if match else ""


@dataclass(frozen=True)
class BoardItem:
    name: str
    name_en: str
    materials: list[str]
    on_the_spot: bool
    time_limit_days: int


@dataclass(frozen=True)
class BoardLine:
    name: str
    name_en: str
    items: list[BoardItem]


@dataclass(frozen=True)
class Board:
    committee: Committee
    at: dt.datetime
    on_now: list[BoardDuty]
    today: list[BoardDuty]
    hours: dict
    grid_areas: list[BoardGridArea]
    catalogue: list[BoardLine]


def board_committee(code: str) -> Committee | None:
    """The committee whose board answers at /board/<code>/: matched case-insensitively,
    and only while it is active and has chosen to publish its board (one query)."""
    matches = list(Committee.objects.filter(code__iexact=code, active=True, board_published=True)[:2])
    exact = [c for c in matches if c.code == code]
    return (exact or matches or [None])[0]


def board_for(*, committee: Committee, at: dt.datetime | None = None) -> Board:
    """What the public board of `committee` shows at `at`: six queries whatever the size
    of the roster, the grid and the catalogue."""
    # Imported here: staffing and reception import committee, not the other way round
    # at module level; the board is the one committee page that reads their data.
    from reception.selectors import office_hours
    from staffing.duty_selectors import duty_now_and_today

    at = timezone.localtime(at or timezone.now())
    duty = duty_now_and_today(committee=committee, at=at)
    today = _board_duties(duty.today, on_now={d.pk for d in duty.now})
    return Board(
        committee=committee,
        at=at,
        on_now=[d for d in today if d.on_now],
        today=today,
        hours=office_hours(committee=committee, first=at.date(), days=14),
        grid_areas=_board_grid_areas(committee),
        catalogue=_board_catalogue(),
    )


def _board_duties(assignments, on_now: set[int]) -> list[BoardDuty]:
    """Today's duty grouped by shift, with the workers' display names only."""
    by_shift: dict[int, list] = {}
    for duty in assignments:  # already ordered by shift start, then name
        by_shift.setdefault(duty.shift_id, []).append(duty)
    rows = []
    for duties in by_shift.values():
        shift = duties[0].shift
        rows.append(BoardDuty(
            shift=shift.name, start=shift.start, end=shift.end,
            names=[d.worker.display_name for d in duties],
            on_now=any(d.pk in on_now for d in duties),
        ))
    return rows


def _board_grid_areas(committee: Committee) -> list[BoardGridArea]:
    """Active grid areas with the responsible worker's name and the area's public phone;
    a responsible person who has left (inactive login or profile) is not named."""
    rows = (
        GridArea.objects.filter(committee=committee, active=True)
        .order_by("name")
        .values_list("name", "buildings", "public_phone", "responsible__worker__display_name",
                     "responsible__worker__active", "responsible__is_active")
    )
    return [
        BoardGridArea(name=name, buildings=buildings, phone=phone,
                      responsible=(display_name or "") if worker_active and user_active else "")
        for name, buildings, phone, display_name, worker_active, user_active in rows
    ]


def _board_catalogue() -> list[BoardLine]:
    """Active service items grouped by line, in catalogue order (one query)."""
    rows = (
        ServiceItem.objects.active()
        .order_by("line__order", "line__code", "name")
        .values_list("line__name", "line__name_en", "name", "name_en", "materials", "on_the_spot",
                     "time_limit_days")
    )
    lines = []
    for (line_name, line_name_en), group in groupby(rows, key=lambda row: row[:2]):
        items = [
            BoardItem(name=name, name_en=name_en, materials=list(materials or []), on_the_spot=on_the_spot,
                      time_limit_days=days)
            for _line, _line_en, name, name_en, materials, on_the_spot, days in group
        ]
        lines.append(BoardLine(name=line_name, name_en=line_name_en, items=items))
    return lines
