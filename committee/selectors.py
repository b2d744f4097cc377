"""Reads about committees and the work calendar shared by the pages of every app."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import CalendarDayKind
from .models import CalendarDay, CalendarYear, Committee, Line, ServiceItem
from .workcalendar import district_years, official_years


def district_of(committee_id: int) -> int:
    """The district of a committee (whose calendar and catalogue it uses): one query."""
    return Committee.objects.filter(pk=committee_id).values_list("street_office__district_id", flat=True).get()


def districts_of(committee_ids) -> dict[int, int]:
    """{committee id: its district's id} for these committees: one query."""
    rows = Committee.objects.filter(pk__in=set(committee_ids)).values_list("pk", "street_office__district_id")
    return dict(rows)


def districts_committees() -> dict[int, list[int]]:
    """{district id: ids of its committees}, every district with committees: one query."""
    grouped: dict[int, list[int]] = {}
    for pk, district_id in Committee.objects.values_list("pk", "street_office__district_id").order_by("pk"):
        grouped.setdefault(district_id, []).append(pk)
    return grouped


def lines_for_committees(committee_ids):
    """The lines of the districts of these committees (None: every line), in order."""
    lines = Line.objects.order_by("order", "code")
    if committee_ids is None:
        return lines
    return lines.filter(district__street_offices__committees__in=list(committee_ids)).distinct()


def items_for_committees(committee_ids):
    """Service items any of these committees may have used (None: every item): the items of
    their districts, shared or of their street offices."""
    items = ServiceItem.objects.all()
    if committee_ids is None:
        return items
    ids = list(committee_ids)
    shared = Q(street_office__isnull=True, district__street_offices__committees__in=ids)
    return items.filter(Q(pk__in=items.filter(shared).values("pk")) | Q(street_office__committees__in=ids)).distinct()


def committees_visible_to(user):
    return Committee.objects.visible_to(user).select_related("street_office")


def calendar_years(first: int, last: int, *, district_id: int | None = None) -> list[CalendarYear]:
    """One row per year from `first` to `last` as it counts for the district: the district's
    own where it entered the year, else the national one."""
    rows = (
        CalendarYear.objects.filter(year__range=(first, last))
        .filter(Q(district__isnull=True) | Q(district_id=district_id))
        .select_related("entered_by", "district")
    )
    chosen: dict[int, CalendarYear] = {}
    for row in rows:
        if row.district_id is not None or row.year not in chosen:
            chosen[row.year] = row
    return [chosen[year] for year in sorted(chosen)]


def calendar_days(year: int, *, district_id: int | None = None) -> tuple[dict, dict]:
    """The year's holidays and worked weekend days for the district, {date: name} each."""
    own = district_id is not None and district_years(district_id, year, year)
    rows = CalendarDay.objects.filter(date__year=year, district_id=district_id if own else None)
    rows = rows.values_list("date", "kind", "name")
    holidays = {day: name for day, kind, name in rows if kind == CalendarDayKind.HOLIDAY}
    workdays = {day: name for day, kind, name in rows if kind == CalendarDayKind.WORKDAY}
    return holidays, workdays


NOTICE_FROM = (11, 1)  # the State Council's schedule for next year is due about November


def calendar_notice(today: dt.date | None = None, *, district_id: int | None = None) -> dict | None:
    """{"year": …} while a year that matters is provisional for the district: this year at
    any time, next year from 1 November; None otherwise (one query)."""
    today = today or timezone.localdate()
    years = [today.year] + ([today.year + 1] if (today.month, today.day) >= NOTICE_FROM else [])
    official = official_years(years[0], years[-1], district_id=district_id)
    pending = [year for year in years if year not in official]
    return {"year": pending[0]} if pending else None


def scope_label(user, committee: Committee | None = None) -> str:
    """Whose records a page or an export holds, in words for its title: the committee
    chosen, else the user's one committee, else their street offices (one query)."""
    if committee is not None:
        return committee.name
    rows = list(committees_visible_to(user).order_by("code").values_list("name", "street_office__name"))
    if len(rows) == 1:
        return rows[0][0]
    offices = {office for _name, office in rows}
    if len(offices) == 1:
        return _("%(office)s各居委会") % {"office": offices.pop()}
    return _("全部居委会")
