"""The offline app's sync: a batch of records made on a phone (home visits, patrol starts
and ends, findings), each stored through the existing write services (carework.services,
patrols.services) in its own transaction and in the order given, and the data the phone
keeps for the worker's own grid areas.

Every record carries the phone's `client_id`; the services are idempotent by it, so a
batch replayed, or cut off halfway and resent whole, stores each record once. A record
refused (bad data, a person or patrol not of the committee) is reported with its message
and never stops the others."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from committee.models import Committee, GridArea, Line
from patrols.models import Finding, Patrol
from patrols.services import finding_record, patrol_end, patrol_start
from register.access import may_see_sensitive_in, sensitive_views_record
from register.models import Household, Person, PersonPhone, PersonTag

from . import selectors
from .models import HomeVisit
from .services import home_visit_record

MAX_BODY_BYTES = 1_000_000
MAX_RECORDS = 500
KINDS = ("home_visit", "patrol_start", "patrol_end", "finding")
TEXT_LIMIT = 4000


class BatchError(Exception):
    """The batch as a whole is unreadable or too large: nothing was stored."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


class Refused(Exception):
    pass


def parse_batch(body: bytes) -> list:
    """The records of a request body, or BatchError with a message the phone shows."""
    if len(body) > MAX_BODY_BYTES:
        raise BatchError(_("一次同步的数据过大（上限 1 MB），请分批同步。"), status=413)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BatchError(_("同步数据无法读取。")) from None
    records = data.get("records") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise BatchError(_("同步数据无法读取。"))
    if len(records) > MAX_RECORDS:
        raise BatchError(_("一次最多同步 %(n)s 条记录，请分批同步。") % {"n": MAX_RECORDS}, status=413)
    return records


@dataclass
class Result:
    client_id: str
    status: str  # stored | already | refused
    message: str = ""
    id: int | None = None

    def as_dict(self) -> dict:
        return {"client_id": self.client_id, "status": self.status, "message": self.message, "id": self.id}


def sync_records(*, user, committee: Committee, records: list) -> list[dict]:
    """Store each record in turn, each in its own transaction; one result per record."""
    worker = user.worker
    results = []
    for record in records:
        client_id = str(record.get("client_id", ""))[:64] if isinstance(record, dict) else ""
        try:
            if not isinstance(record, dict):
                raise Refused(_("记录格式不对。"))
            client_uuid = _uuid(record.get("client_id"))
            owner = record.get("owner")
            if owner not in (None, "") and str(owner) != str(user.pk):
                # Queued on this phone under another account (a session that ran out, and
                # someone else signed in): stored only by the one who recorded it.
                raise Refused(_("这条记录是另一位工作人员在这台手机上记录的，请由其本人登录后同步。"))
            kind = record.get("kind")
            if kind not in KINDS:
                raise Refused(_("未知的记录类型。"))
            with transaction.atomic():
                status, pk = _HANDLERS[kind](record, client_uuid, user=user, worker=worker, committee=committee)
            results.append(Result(client_id, status, "", pk))
        except Refused as refused:
            results.append(Result(client_id, "refused", str(refused)))
        except ValidationError as error:
            results.append(Result(client_id, "refused", " ".join(error.messages)))
    return [result.as_dict() for result in results]


def _uuid(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Refused(_("记录标识无效。")) from None


def _text(record: dict, key: str, limit: int = TEXT_LIMIT) -> str:
    value = record.get(key) or ""
    if not isinstance(value, str):
        raise Refused(_("“%(field)s”格式不对。") % {"field": key})
    return value.strip()[:limit]


def _when(record: dict, key: str = "recorded_at") -> dt.datetime | None:
    value = record.get(key)
    if value in (None, ""):
        return None
    parsed = parse_datetime(value) if isinstance(value, str) and len(value) < 40 else None
    if parsed is None:
        raise Refused(_("时间格式不对。"))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _pk(value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit() or len(str(value)) > 12:
        raise Refused(_("记录所指的对象无效。"))
    return int(value)


def _line(committee: Committee, value) -> Line:
    try:
        return Line.objects.of_district(committee.district_id).get(pk=_pk(value))
    except (Line.DoesNotExist, Refused):
        raise Refused(_("请选择条线。")) from None


def _home_visit(record, client_id, *, user, worker, committee):
    already = HomeVisit.objects.filter(client_id=client_id, committee=committee).values_list("pk", flat=True).first()
    if already:
        return "already", already
    try:
        person = Person.objects.visible_to(user).filter(committee=committee).get(pk=_pk(record.get("person")))
    except (ObjectDoesNotExist, Refused):
        raise Refused(_("所选居民不在本居委会的居民名册中。")) from None
    next_visit = _text(record, "next_visit_on", 10)
    next_visit_on = parse_date(next_visit) if next_visit else None
    if next_visit and next_visit_on is None:
        raise Refused(_("下次走访日期格式不对。"))
    open_case = None
    case = record.get("case")
    if case:
        if not isinstance(case, dict):
            raise Refused(_("事项格式不对。"))
        title = _text(case, "title", 200)
        if not title:
            raise Refused(_("请填写事项标题。"))
        open_case = {"title": title, "line": _line(committee, case.get("line")), "description": _text(record, "needs")}
    recorded_at = _when(record)
    visit = home_visit_record(
        client_id=client_id,
        committee=committee,
        worker=worker,
        person=person,
        outcome=_text(record, "outcome", 10),
        visited_at=recorded_at,
        recorded_at=recorded_at,
        condition=_text(record, "condition", 10),
        needs=_text(record, "needs"),
        notes=_text(record, "notes"),
        next_visit_on=next_visit_on,
        open_case=open_case,
    )
    return "stored", visit.pk


def _patrol_of(user, committee: Committee, value) -> Patrol:
    try:
        return Patrol.objects.visible_to(user).filter(committee=committee).get(client_id=_uuid(value))
    except (Patrol.DoesNotExist, Refused):
        raise Refused(_("找不到这条记录所属的巡查（请先同步巡查开始）。")) from None


def _patrol_start(record, client_id, *, user, worker, committee):
    already = Patrol.objects.filter(client_id=client_id, committee=committee).values_list("pk", flat=True).first()
    if already:
        return "already", already
    try:
        area = GridArea.objects.visible_to(user).filter(committee=committee).get(pk=_pk(record.get("grid_area")))
    except (GridArea.DoesNotExist, Refused):
        raise Refused(_("片区不属于本居委会。")) from None
    recorded_at = _when(record)
    patrol = patrol_start(
        client_id=client_id,
        committee=committee,
        grid_area=area,
        worker=user,
        started_at=recorded_at,
        recorded_at=recorded_at,
    )
    return "stored", patrol.pk


def _patrol_end(record, client_id, *, user, worker, committee):
    patrol = _patrol_of(user, committee, record.get("patrol"))
    if patrol.ended_at is not None:
        return "already", patrol.pk
    patrol = patrol_end(patrol=patrol, by=user, ended_at=_when(record), route_notes=_text(record, "route_notes"))
    return "stored", patrol.pk


def _finding(record, client_id, *, user, worker, committee):
    already = (
        Finding.objects.filter(client_id=client_id, patrol__committee=committee).values_list("pk", flat=True).first()
    )
    if already:
        return "already", already
    patrol = _patrol_of(user, committee, record.get("patrol"))
    case = record.get("case")
    case_line, case_title = None, ""
    if case:
        if not isinstance(case, dict):
            raise Refused(_("事项格式不对。"))
        case_line = _line(committee, case.get("line"))
        case_title = _text(case, "title", 200)
    finding = finding_record(
        client_id=client_id,
        patrol=patrol,
        by=user,
        category=_text(record, "category", 20),
        description=_text(record, "description"),
        location=_text(record, "location", 200),
        recorded_at=_when(record),
        case_title=case_title,
        case_line=case_line,
    )
    return "stored", finding.pk


_HANDLERS = {
    "home_visit": _home_visit,
    "patrol_start": _patrol_start,
    "patrol_end": _patrol_end,
    "finding": _finding,
}


# How many people the phone keeps: a day's round and the backlog behind it.
DATA_LIMIT = 500


def sync_data(*, user, committee: Committee, today: dt.date | None = None) -> dict:
    """What the phone keeps for the worker's own grid areas: the due list (no ID numbers,
    phones masked, sensitive tags only for whom they may see them — each such showing
    recorded), the areas, today's patrols of those areas and the lines for a case."""
    today = today or timezone.localdate()
    areas = list(GridArea.objects.filter(committee=committee, responsible=user, active=True).order_by("name", "pk"))
    area_ids = [area.pk for area in areas]
    rows = selectors.care_due(committee=committee, today=today, areas=area_ids, limit=DATA_LIMIT) if area_ids else []
    person_ids = [row.person_id for row in rows]
    phones: dict[int, str] = {}
    for phone in PersonPhone.objects.filter(person_id__in=person_ids, ended_on__isnull=True).order_by("pk"):
        phones.setdefault(phone.person_id, phone.masked)
    area_by_id = {area.pk: area for area in areas}
    tags: dict[int, list[str]] = {}
    shown_sensitive = set()
    for person_tag in (
        PersonTag.objects.current().filter(person_id__in=person_ids).select_related("tag").order_by("tag__name")
    ):
        tags.setdefault(person_tag.person_id, []).append(person_tag)
    people = []
    for row in rows:
        area = area_by_id[row.grid_area_id]
        # The due list's rows are people of current households in the worker's own areas.
        sees_sensitive = may_see_sensitive_in(user, Household(committee=committee, grid_area=area), current=True)
        names = []
        for person_tag in tags.get(row.person_id, ()):
            if person_tag.tag.sensitive:
                if not sees_sensitive:
                    continue
                shown_sensitive.add(row.person_id)
            names.append(person_tag.tag.name)
        people.append(
            {
                "id": row.person_id,
                "name": row.name,
                "phone": phones.get(row.person_id, ""),
                "area": row.grid_area_id,
                "building": row.building,
                "address": row.address,
                "tags": names,
                "status": row.status,
                "status_label": str(row.status_label),
                "overdue_days": row.overdue_days,
                "due_on": row.due_on.isoformat(),
                "last_seen_on": row.last_seen_on.isoformat() if row.last_seen_on else None,
            }
        )
    if shown_sensitive:
        sensitive_views_record(viewer=user, person_ids=sorted(shown_sensitive))
    patrols = [
        {
            "client_id": str(patrol.client_id),
            "id": patrol.pk,
            "area": patrol.grid_area_id,
            "started_at": patrol.started_at.isoformat(),
            "ended_at": patrol.ended_at.isoformat() if patrol.ended_at else None,
            "route_notes": patrol.route_notes,
        }
        for patrol in Patrol.objects.standing()
        .filter(committee=committee, grid_area_id__in=area_ids, date=today)
        .order_by("started_at", "pk")
    ]
    lines = [
        {"id": line.pk, "name": line.name}
        for line in Line.objects.of_district(committee.district_id).order_by("order", "code")
    ]
    data = {
        "user": user.pk,
        "today": today.isoformat(),
        "areas": [{"id": area.pk, "name": area.name} for area in areas],
        "people": people,
        "patrols": patrols,
        "lines": lines,
        "truncated": len(rows) >= DATA_LIMIT,
    }
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    data["version"] = f"{timezone.now():%Y%m%dT%H%M%S}-{digest}"
    return data
