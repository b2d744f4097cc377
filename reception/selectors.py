"""Reads of the reception ledgers shared by views, the dashboard and exports."""

import datetime as dt
from functools import reduce
from operator import or_

from django.db.models import Count, Q
from django.utils import timezone

from casework.models import Case
from committee.models import ServiceItem
from committee.workcalendar import WorkCalendar
from register.identity import id_number_digest, normalize_id_number
from staffing.models import DutyAssignment, ShiftTemplate
from utilities.dayranges import on_day
from utilities.phones import phone_match

from .choices import AppointmentStatus, Outcome
from .models import Appointment, Visit


def visit_counts(*, committee, day: dt.date | None = None) -> dict:
    """Today's visits and how many were completed on the spot, in one aggregate query."""
    day = day or timezone.localdate()
    return (
        Visit.objects.valid()
        .filter(on_day("received_at", day), committee=committee)
        .aggregate(
            total=Count("id"),
            on_the_spot=Count("id", filter=Q(outcome=Outcome.ON_THE_SPOT)),
            notices=Count("id", filter=Q(outcome=Outcome.NOTICE)),
            handed_on=Count("id", filter=Q(outcome=Outcome.HANDED_ON)),
        )
    )


def visits_of_day(*, committee, day: dt.date | None = None):
    day = day or timezone.localdate()
    return (
        Visit.objects.filter(on_day("received_at", day), committee=committee)
        .select_related("received_by", "grid_area")
        .order_by("-received_at")
    )


def appointments_of_day(*, committee, day: dt.date | None = None):
    day = day or timezone.localdate()
    return (
        Appointment.objects.filter(on_day("starts_at", day), committee=committee)
        .select_related("worker", "service_item")
        .order_by("starts_at")
    )


UPCOMING_DAYS = 30


def appointments_upcoming(*, committee, days: int = UPCOMING_DAYS, now: dt.datetime | None = None):
    """Booked appointments from the start of today for `days` days, soonest first: the
    desk's 近期预约 and the appointment list."""
    today = timezone.localtime(now).date() if now else timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    return (
        Appointment.objects.filter(
            committee=committee,
            status=AppointmentStatus.BOOKED,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=days),
        )
        .select_related("worker", "service_item")
        .order_by("starts_at", "pk")
    )


def resident_history(*, committee, phone: str = "", id_number: str = "", limit: int = 8) -> dict:
    """Earlier visits and open cases of a resident at this committee, found by phone or
    by ID number (through its keyed digest; the number itself is never queried)."""
    phone = phone_match("resident_phone", phone)  # Q(), false, unless a whole valid number
    number = normalize_id_number(id_number)
    visits = Visit.objects.none()
    if phone:
        visits = Visit.objects.filter(phone, committee=committee)
    if len(number) == 18:
        by_id = Visit.objects.filter(committee=committee, id_number_digest=id_number_digest(number))
        visits = visits | by_id if phone else by_id
    visits = list(visits.valid().prefetch_related("items__service_item").order_by("-received_at")[:limit])
    case_filter = phone
    case_ids = {v.case_id for v in visits if v.case_id}
    if case_ids:
        case_filter = case_filter | Q(pk__in=case_ids) if phone else Q(pk__in=case_ids)
    cases = (
        list(Case.objects.filter(committee=committee).open().filter(case_filter).order_by("due_at")[:limit])
        if (phone or case_ids)
        else []
    )
    return {"visits": visits, "cases": cases}


FIND_MIN_DIGITS = 3


def find_visits(*, committee, query: str, limit: int = 20):
    """Visits by reference (the number on the one-time notice, whole or its last digits,
    e.g. 123 for …-000123) or by the resident's phone."""
    query = query.strip()
    if not query:
        return Visit.objects.none()
    condition = Q(reference__iexact=query)
    if len(query) >= FIND_MIN_DIGITS and query[-1].isdigit():
        condition |= Q(reference__iendswith=query)
    condition |= phone_match("resident_phone", query)
    return (
        Visit.objects.valid()
        .filter(committee=committee)
        .filter(condition)
        .select_related("received_by")
        .prefetch_related("items__service_item")
        .order_by("-received_at")[:limit]
    )


def catalogue_for_desk(committee):
    """The active service items the committee offers, with their line, for the intake's
    item list (one query)."""
    return list(
        ServiceItem.objects.offered_to(committee).active().select_related("line").order_by("line__order", "name")
    )


def office_hours(*, committee, first: dt.date | None = None, days: int = 14) -> dict:
    """When the office is staffed in the coming days: the shift templates and, per day,
    the shifts that have someone on duty (what the one-time notice and board show)."""
    first = first or timezone.localdate()
    last = first + dt.timedelta(days=days - 1)
    calendar = WorkCalendar.load(first, last, committee.district_id)
    shifts = list(ShiftTemplate.objects.filter(committee=committee, active=True).order_by("order", "start"))
    staffed = set(
        DutyAssignment.objects.official()
        .filter(committee=committee, date__range=(first, last))
        .values_list("date", "shift_id")
        .order_by()
    )
    schedule = []
    day = first
    while day <= last:
        day_shifts = [s for s in shifts if (day, s.pk) in staffed]
        schedule.append({"date": day, "day_type": calendar.day_type(day), "shifts": day_shifts})
        day += dt.timedelta(days=1)
    return {"shifts": shifts, "days": schedule}


def appointments_on(*, days, district_id: int | None = None) -> list[Appointment]:
    """Booked appointments on these local days, of the district's committees (every
    committee without one)."""
    days = sorted(set(days))
    if not days:
        return []
    on_days = reduce(or_, (on_day("starts_at", day) for day in days))
    appointments = Appointment.objects.filter(on_days, status=AppointmentStatus.BOOKED)
    if district_id is not None:
        appointments = appointments.filter(committee__street_office__district_id=district_id)
    return list(appointments.select_related("committee", "worker").order_by("starts_at"))


PERSON_RECORDS_LIMIT = 50  # the newest of each kind; the ledger and the case list find older ones


def person_records(*, user, person, limit: int = PERSON_RECORDS_LIMIT) -> dict:
    """A register person's visits, cases and appointments (by their visits), newest first,
    as `user` may see them: three queries, each on the person's index."""
    visits = (
        Visit.objects.visible_to(user)
        .filter(person=person)
        .select_related("received_by", "case")
        .defer("id_number_encrypted", "id_number_digest", "notes", "address")  # never shown here
        .order_by("-received_at", "-pk")
    )
    cases = (
        Case.objects.visible_to(user).filter(person=person).select_related("handler").order_by("-registered_at", "-pk")
    )
    appointments = (
        Appointment.objects.visible_to(user)
        .filter(visit__person=person)
        .select_related("worker", "service_item")
        .order_by("-starts_at", "-pk")
    )
    return {
        "visits": list(visits[:limit]),
        "cases": list(cases[:limit]),
        "appointments": list(appointments[:limit]),
        "limit": limit,
    }
