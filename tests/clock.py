"""The suite's clock. `make test TEST_TODAY=2031-01-06` runs every test as if on that day:
the clock of the test process (its live-server threads included) and of any Celery worker
a test starts moves to that date, keeping the time of day, and goes on ticking.
`TEST_TODAY=2031-01-06T23:55` moves it to that moment of the day as well.

Tests whose result depends on the day pin it themselves with time-machine; running the
suite on other days is how we check that the others do not depend on it."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import time_machine

LOCAL = ZoneInfo("Asia/Shanghai")  # settings.TIME_ZONE, read before Django is set up
_traveller = None


def destination(now: dt.datetime) -> dt.datetime | None:
    """Where TEST_TODAY moves the clock from `now`; None when it is unset or empty. A
    value that is not a date (or a date and time) stops the run."""
    value = os.environ.get("TEST_TODAY", "").strip()
    if not value:
        return None
    try:
        if "T" in value:
            return dt.datetime.fromisoformat(value).replace(tzinfo=LOCAL)
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"TEST_TODAY must be YYYY-MM-DD or YYYY-MM-DDTHH:MM, not {value!r}") from None
    now = now.astimezone(LOCAL)
    return now + (day - now.date())


def start() -> dt.datetime | None:
    """Move this process's clock to TEST_TODAY (if set), once; returns where to."""
    global _traveller
    if _traveller is None:
        moment = destination(dt.datetime.now(LOCAL))
        if moment is None:
            return None
        _traveller = time_machine.travel(moment, tick=True)
        _traveller.start()
    return dt.datetime.now(LOCAL)
