"""What the retention sweep forgets of the register: the details of people who left it
(moved out, died, or merged into another record) and of households ended, once nothing of
theirs has changed for the retention period. People still in the register keep their
details however old — the register is of those who live here.

One rule for "due": not active, and no history row (every change writes one) newer than the
cutoff. Erased in place, live and history rows (utilities.erasure): names read 已匿名, ID
numbers and phones are emptied, reasons and notes say they were erased."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, Value

from utilities.erasure import ANONYMISED_NAME, erase, erased, holds_text, retention_cutoff
from utilities.pinyin import pinyin_initials

from .choices import HouseholdStatus, ImportStatus, PersonStatus
from .models import Household, ImportBatch, Person, PersonPhone, PersonTag

# An uploaded spreadsheet waits this long for its import; then, never imported, the file
# (kept encrypted, already erased once imported or set aside) is forgotten and it is set aside.
IMPORT_FILE_DAYS = 7


def _quiet_since(model, cutoff: dt.datetime):
    """Records of `model` with no change after the cutoff."""
    return ~Exists(model.history.filter(id=OuterRef("pk"), history_date__gt=cutoff))


def _people_due(cutoff):
    departed = Person.objects.exclude(status=PersonStatus.ACTIVE).filter(_quiet_since(Person, cutoff))
    return departed.exclude(name=ANONYMISED_NAME)


def _households_due(cutoff):
    ended = Household.objects.filter(status=HouseholdStatus.ENDED).filter(_quiet_since(Household, cutoff))
    return ended.filter(holds_text("room") | holds_text("building") | holds_text("unit") | holds_text("notes"))


def register_retention_due(*, cutoff: dt.datetime) -> dict[str, int]:
    return {"people": _people_due(cutoff).count(), "households": _households_due(cutoff).count()}


def import_files_forget(*, days: int, now: dt.datetime | None = None) -> int:
    """Uploads not imported within IMPORT_FILE_DAYS lose their file and are set aside;
    after the retention period an upload's name and digest are erased too."""
    stale = ImportBatch.objects.filter(
        status=ImportStatus.UPLOADED, uploaded_at__lt=retention_cutoff(days=IMPORT_FILE_DAYS, now=now)
    )
    count = stale.update(status=ImportStatus.WITHDRAWN, content_encrypted="")
    old = ImportBatch.objects.filter(uploaded_at__lt=retention_cutoff(days=days, now=now))
    old.filter(holds_text("filename") | ~Q(sha256="") | ~Q(content_encrypted="")).update(
        filename=erased("filename"), sha256="", content_encrypted=""
    )
    return count


def register_forget_older_than(*, days: int, now: dt.datetime | None = None) -> int:
    """Erase the departed people and ended households due, and old uploaded
    spreadsheets (import_files_forget); returns how many people."""
    cutoff = retention_cutoff(days=days, now=now)
    import_files_forget(days=days, now=now)
    people = Person.objects.filter(pk__in=list(_people_due(cutoff).values_list("pk", flat=True)))
    erase(PersonPhone.objects.filter(person__in=people), dict(number=Value(""), note=erased("note")))
    erase(PersonTag.objects.filter(person__in=people), dict(reason=erased("reason"), end_reason=erased("end_reason")))
    erase(
        _households_due(cutoff),
        dict(building=Value(""), unit=Value(""), room=erased("room"), address_key=Value(""), notes=erased("notes")),
    )
    return erase(
        people,
        dict(
            name=Value(ANONYMISED_NAME),
            name_initials=Value(pinyin_initials(ANONYMISED_NAME)),  # what its save would set: the name's
            id_number_digest=Value(""),
            id_number_masked=Value(""),
            notes=erased("notes"),
        ),
        live_only=dict(id_number_encrypted=""),
    )
