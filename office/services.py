"""Writes of the top app: what touches several apps at once. Entering a year's official
holiday schedule changes the calendar (committee), the deadlines of open cases (casework)
and the days the published rosters were made for (staffing), in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from casework.services import DeadlineMove, case_deadlines_rederive, notify
from committee.choices import CalendarSource
from committee.services import calendar_schedule_save
from reception.models import Appointment
from reception.selectors import appointments_on
from staffing.models import DutyAssignment, Worker
from staffing.selectors import director_of, official_duties_on


@dataclass
class ScheduleEffect:
    """What entering a schedule changes (or would: the preview runs the same code and
    rolls it back)."""

    year: int
    changed_days: list[dt.date] = field(default_factory=list)
    moves: list[DeadlineMove] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    duties: list[DutyAssignment] = field(default_factory=list)


@transaction.atomic
def calendar_schedule_enter(
    *,
    year: int,
    holidays: dict[dt.date, str],
    workdays: dict[dt.date, str],
    by: Worker | None,
    user=None,
    source: str = CalendarSource.ENTERED,
    district_id: int | None = None,
    lock: bool = True,
) -> ScheduleEffect:
    """Make `year` official with the State Council's schedule, for one district (a district
    admin entering it) or nationally (None: the packages, `seed_calendar`): the calendar's
    days change, every open case of the district whose deadline was counted over a changed
    day gets its deadline again (with a timeline event and its reminders re-armed), and each
    committee's director is told which published duties fall on days whose type changed.
    `by` signs the cases' events; `user` (by default by's login) is who entered the schedule."""
    changed = calendar_schedule_save(
        year=year,
        holidays=holidays,
        workdays=workdays,
        by=user or (by.user if by else None),
        source=source,
        district_id=district_id,
    )
    effect = ScheduleEffect(year=year, changed_days=changed)
    effect.moves = case_deadlines_rederive(
        lock=lock,
        user=user,
        days=changed,
        district_id=district_id,
        by=by,
        note=_("录入 %(year)s 年放假安排，期限重新计算。") % {"year": year},
    )
    effect.appointments = appointments_on(days=changed, district_id=district_id)
    effect.duties = official_duties_on(days=changed, district_id=district_id)
    _tell_directors(effect)
    return effect


def calendar_schedule_preview(**kwargs) -> ScheduleEffect:
    """What `calendar_schedule_enter` would do, done and rolled back."""
    with transaction.atomic():
        effect = calendar_schedule_enter(**kwargs, lock=False)  # rolled back: nothing to wait for; rows stay loaded
        transaction.set_rollback(True)
    return effect


def _tell_directors(effect: ScheduleEffect) -> None:
    by_committee: dict[int, list[DutyAssignment]] = {}
    for duty in effect.duties:
        by_committee.setdefault(duty.committee_id, []).append(duty)
    for committee_id, duties in by_committee.items():
        days = sorted({duty.date for duty in duties})
        text = _("%(year)s 年放假安排已录入：%(days)s 的日期类型变了，这些天已发布的 %(n)d 个值班请核对排班。") % {
            "year": effect.year,
            "days": "、".join(f"{day:%m-%d}" for day in days),
            "n": len(duties),
        }
        notify(case=None, recipients=[director_of(committee_id=committee_id)], text=text)
