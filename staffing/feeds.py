"""The per-worker iCalendar feed of duty."""

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, Event

from .models import DutyAssignment

FEED_PAST_DAYS = 31
FEED_FUTURE_DAYS = 92


def duty_calendar(*, worker, today: dt.date) -> bytes:
    tz = timezone.get_current_timezone()
    cal = Calendar()
    cal.add("prodid", "-//juweihui//duty//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{worker.committee.name} 值班 · {worker.display_name}")
    duties = DutyAssignment.objects.filter(
        worker=worker, date__range=(today - dt.timedelta(days=FEED_PAST_DAYS), today + dt.timedelta(days=FEED_FUTURE_DAYS))
    ).select_related("shift").order_by("date")
    for duty in duties:
        event = Event()
        event.add("uid", f"duty-{duty.pk}@juweihui")
        event.add("summary", f"{duty.shift.name} · {worker.committee.name}")
        event.add("dtstart", dt.datetime.combine(duty.date, duty.shift.start, tzinfo=tz))
        event.add("dtend", dt.datetime.combine(duty.date, duty.shift.end, tzinfo=tz))
        event.add("dtstamp", timezone.now())
        if worker.committee.address:
            event.add("location", worker.committee.address)
        cal.add_component(event)
    return cal.to_ical()
