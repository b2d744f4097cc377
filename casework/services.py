"""The one write path for cases. Every change goes through a function here, inside a
transaction, and leaves a `CaseEvent` for the human-readable timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from committee import dayfigures
from committee.models import Committee, GridArea, Line, ServiceItem
from committee.selectors import district_of
from committee.services import check_offered, next_number
from committee.workcalendar import (
    WorkCalendar,
    add_working_days,
    deadline,
    end_of_day,
    local_date,
    receipt_day,
    working_days_between,
)
from register.models import Person
from register.selectors import person_match
from staffing.accounts import account_change_text
from staffing.models import Worker
from staffing.selectors import director_of, handler_for_line
from utilities.phones import clean_phone

from .choices import (
    TRANSITIONS,
    CaseAction,
    CaseSource,
    CaseStatus,
    EventKind,
    Satisfaction,
)
from .models import Case, CaseEvent, Notification, Reminder, ReminderDelivery
from .tasks import send_case_mail

DEFAULT_TIME_LIMIT_DAYS = 5


class CaseConflict(ValidationError):
    """Someone else changed the case since the page was drawn."""


def case_reference(committee: Committee, year: int, number: int) -> str:
    return f"{committee.code}-{year}-{number:05d}"


@transaction.atomic
def case_open(
    *,
    committee: Committee,
    first_responder: Worker,
    title: str,
    line: Line | None = None,
    service_item: ServiceItem | None = None,
    source: str = CaseSource.DIRECT,
    source_reference: str = "",
    description: str = "",
    resident_name: str = "",
    resident_phone: str = "",
    address: str = "",
    grid_area: GridArea | None = None,
    handler: Worker | None = None,
    registered_at: dt.datetime | None = None,
    person: Person | None = None,
) -> Case:
    """Register a case (登记) and dispatch it (派单) to the line's A/B post or the chosen
    handler. The first responder is fixed here for good (首问责任制). The case links to
    `person` (the desk passes its visit's) or else to the register person its resident's
    name and phone match (register.selectors.person_match)."""
    if first_responder.committee_id != committee.pk:
        raise ValidationError(_("首问责任人必须是本居委会的工作人员。"))
    if service_item is not None:
        check_offered(committee, [service_item])
        line = line or service_item.line
    if line is None:
        raise ValidationError({"line": _("请选择条线或服务事项。")})
    if line.district_id != committee.district_id:
        raise ValidationError({"line": _("条线不属于本区。")})
    if grid_area is not None and grid_area.committee_id != committee.pk:
        raise ValidationError({"grid_area": _("片区不属于本居委会。")})
    resident_phone = clean_phone(resident_phone, field="resident_phone")
    if person is not None and person.committee_id != committee.pk:
        raise ValidationError(_("居民档案不属于本居委会。"))
    if person is None:
        person = person_match(committee=committee, name=resident_name, phone=resident_phone)
    registered_at = registered_at or timezone.now()
    limit = service_item.time_limit_days if service_item and service_item.time_limit_days else DEFAULT_TIME_LIMIT_DAYS
    if handler is None:
        handler = handler_for_line(committee=committee, line=line, at=registered_at) or first_responder
    elif handler.committee_id != committee.pk:
        raise ValidationError({"handler": _("承办人必须是本居委会的工作人员。")})

    counted_from = receipt_day(registered_at, committee.office_closes_at)
    year = timezone.localtime(registered_at).year
    number = next_number(committee_id=committee.pk, series="case", year=year)
    case = Case(
        committee=committee,
        reference=case_reference(committee, year, number),
        source=source,
        source_reference=source_reference,
        line=line,
        service_item=service_item,
        title=title,
        description=description,
        resident_name=resident_name,
        resident_phone=resident_phone,
        address=address,
        grid_area=grid_area,
        person=person,
        first_responder=first_responder,
        handler=handler,
        status=CaseStatus.DISPATCHED,
        registered_at=registered_at,
        time_limit_days=limit,
        counted_from=counted_from,
        due_at=deadline(counted_from, limit, district_id=committee.district_id),
    )
    case.full_clean()
    case.save()
    dayfigures.forget_days(committee.pk, registered_at)  # registered after its day
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=case,
                kind=EventKind.OPENED,
                actor=first_responder,
                at=registered_at,
                to_status=CaseStatus.REGISTERED,
                note=title,
            ),
            CaseEvent(
                case=case,
                kind=EventKind.ROUTED,
                actor=first_responder,
                at=registered_at,
                from_status=CaseStatus.REGISTERED,
                to_status=CaseStatus.DISPATCHED,
                note=handler.display_name,
                data={"handler": handler.pk},
            ),
        ]
    )
    notify(
        case=case,
        recipients=[handler],
        exclude=first_responder,
        text=_("新派单 %(ref)s：%(title)s") % {"ref": case.reference, "title": title},
    )
    return case


# --- changes to an open case ------------------------------------------------------------


def _locked(case: Case, expected_version: int | None) -> Case:
    """The case row, locked for this transaction, checked against the version the
    user's page was drawn from: the second of two workers acting at once is told."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    current.counted_before = dayfigures.case_counted(current)  # what the day figures read of it
    if expected_version is not None and current.version != expected_version:
        raise CaseConflict(
            _("此事项刚被其他人更新（%(who)s），请查看最新情况后再提交；您填写的内容已保留。")
            % {"who": _last_actor(current)},
            code="conflict",
        )
    return current


def _last_actor(case: Case) -> str:
    event = case.events.select_related("actor").order_by("-at", "-pk").first()
    return event.actor.display_name if event and event.actor else _("系统")


def _save(case: Case, fields: list[str]) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])
    before = getattr(case, "counted_before", None)
    if before is None:
        return
    after = dayfigures.case_counted(case)
    dayfigures.forget_case_change(case.committee_id, before, after)
    case.counted_before = after


def _event(
    case: Case,
    kind: str,
    actor: Worker | None,
    *,
    note: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict | None = None,
    at=None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        at=at or timezone.now(),
        note=note,
        from_status=from_status,
        to_status=to_status,
        data=data or {},
    )


def _check_actor(case: Case, by: Worker) -> None:
    if by.committee_id != case.committee_id:
        raise ValidationError(_("只能处理本居委会的事项。"))


def _move(case: Case, action: str) -> tuple[str, str]:
    """Apply `action` by the transition table; a refused move is a clear message."""
    sources, target = TRANSITIONS[action]
    if case.status not in sources:
        raise ValidationError(
            _("事项当前为“%(status)s”，不能“%(action)s”。")
            % {"status": CaseStatus(case.status).label, "action": CaseAction(action).label},
            code="transition",
        )
    previous = case.status
    case.status = target
    return previous, target


@transaction.atomic
def case_start(*, case: Case, by: Worker, expected_version: int | None = None, note: str = "") -> Case:
    case = _locked(case, expected_version)
    _check_actor(case, by)
    previous, target = _move(case, CaseAction.START)
    _save(case, ["status"])
    _event(case, EventKind.STATUS, by, note=note, from_status=previous, to_status=target)
    return case


@transaction.atomic
def case_pause(*, case: Case, by: Worker, reason: str, expected_version: int | None = None) -> Case:
    """待补件: the resident must bring a paper or a third party must answer. The
    working-day clock stops until `case_resume`."""
    if not reason.strip():
        raise ValidationError({"note": _("请写明在等待什么（例如：居民补交户口簿）。")})
    case = _locked(case, expected_version)
    _check_actor(case, by)
    previous, target = _move(case, CaseAction.PAUSE)
    case.paused_since = timezone.now()
    _save(case, ["status", "paused_since"])
    # The event carries the same moment: a re-derivation counts the pause from it.
    _event(case, EventKind.PAUSED, by, note=reason, from_status=previous, to_status=target, at=case.paused_since)
    return case


@transaction.atomic
def case_resume(*, case: Case, by: Worker, expected_version: int | None = None, note: str = "") -> Case:
    """Restart the clock: the due date moves on by the working days spent waiting."""
    case = _locked(case, expected_version)
    _check_actor(case, by)
    previous, target = _move(case, CaseAction.RESUME)
    district_id = district_of(case.committee_id)
    paused = paused_working_days(case.paused_since, timezone.now(), district_id=district_id)
    old_due = case.due_at
    if paused:
        case.due_at = end_of_day(add_working_days(case.due_at, paused, district_id=district_id))
    case.paused_working_days += paused
    case.paused_since = None
    _save(case, ["status", "due_at", "paused_working_days", "paused_since"])
    _event(
        case,
        EventKind.RESUMED,
        by,
        note=note,
        from_status=previous,
        to_status=target,
        data={"paused_working_days": paused, "old_due": old_due.isoformat(), "new_due": case.due_at.isoformat()},
    )
    return case


def paused_working_days(since: dt.datetime | None, until: dt.datetime, *, district_id: int | None) -> int:
    """Working days lost while waiting: those after the day the wait began, up to and
    including the day it ended (a wait that starts and ends the same day costs none)."""
    if since is None:
        return 0
    return max(0, working_days_between(local_date(since), local_date(until), district_id=district_id))


@transaction.atomic
def case_resolve(*, case: Case, by: Worker, resolution: str, expected_version: int | None = None) -> Case:
    if not resolution.strip():
        raise ValidationError({"resolution": _("请写明办理结果。")})
    case = _locked(case, expected_version)
    _check_actor(case, by)
    previous, target = _move(case, CaseAction.RESOLVE)
    case.resolution = resolution
    case.resolved_at = timezone.now()
    district_id = district_of(case.committee_id)
    worked = working_days_between(case.receipt_day, local_date(case.resolved_at), district_id=district_id)
    case.resolution_working_days = max(0, worked - case.paused_working_days)
    _save(case, ["status", "resolution", "resolved_at", "resolution_working_days"])
    _event(case, EventKind.STATUS, by, note=resolution, from_status=previous, to_status=target)
    # 首问责任: the first responder does the 回访, so she hears of the resolution at once.
    notify(
        case=case,
        recipients=[case.first_responder],
        exclude=by,
        text=_("%(ref)s 已办结，请回访：%(title)s") % {"ref": case.reference, "title": case.title},
    )
    return case


@transaction.atomic
def case_follow_up(
    *,
    case: Case,
    by: Worker,
    satisfaction: str,
    comment: str = "",
    escalate: bool = False,
    expected_version: int | None = None,
) -> Case:
    """回访: record the resident's satisfaction. Satisfied or fairly satisfied closes the
    case; unsatisfied reopens it — with its handler, or sent to the director."""
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择居民的满意度。")})
    case = _locked(case, expected_version)
    _check_actor(case, by)
    now = timezone.now()
    case.satisfaction, case.follow_up_comment, case.followed_up_at = satisfaction, comment, now
    fields = ["status", "satisfaction", "follow_up_comment", "followed_up_at"]
    if satisfaction != Satisfaction.UNSATISFIED:
        previous, target = _move(case, CaseAction.FOLLOW_UP)
        case.closed_at = now
        _save(case, [*fields, "closed_at"])
        _event(
            case,
            EventKind.FOLLOWED_UP,
            by,
            note=comment,
            from_status=previous,
            to_status=target,
            data={"satisfaction": satisfaction},
        )
        return case
    previous, target = _move(case, CaseAction.REOPEN)
    case.resolved_at = case.resolution_working_days = None
    fields += ["resolved_at", "resolution_working_days"]
    _event(
        case,
        EventKind.FOLLOWED_UP,
        by,
        note=comment,
        from_status=previous,
        to_status=target,
        data={"satisfaction": satisfaction},
    )
    if not escalate:
        notify(
            case=case,
            recipients=[case.handler],
            exclude=by,
            text=_("%(ref)s 回访不满意，需重新办理") % {"ref": case.reference},
        )
    else:
        director = director_of(committee_id=case.committee_id)
        if director is not None and director.pk != case.handler_id:
            _event(
                case,
                EventKind.HANDED_ON,
                by,
                note=_("回访不满意，转主任督办"),
                data={"from": case.handler_id, "to": director.pk},
            )
            case.handler = director
            fields.append("handler")
            notify(case=case, recipients=[director], text=_("回访不满意，请督办：%(ref)s") % {"ref": case.reference})
    _save(case, fields)
    return case


@transaction.atomic
def case_reopen(*, case: Case, by: Worker, reason: str, expected_version: int | None = None) -> Case:
    if not reason.strip():
        raise ValidationError({"note": _("请写明重新办理的原因。")})
    case = _locked(case, expected_version)
    _check_actor(case, by)
    previous, target = _move(case, CaseAction.REOPEN)
    case.resolved_at = case.closed_at = case.resolution_working_days = None
    _save(case, ["status", "resolved_at", "closed_at", "resolution_working_days"])
    _event(case, EventKind.STATUS, by, note=reason, from_status=previous, to_status=target)
    notify(
        case=case,
        recipients=[case.handler],
        exclude=by,
        text=_("%(ref)s 需重新办理：%(reason)s") % {"ref": case.reference, "reason": reason},
    )
    return case


@transaction.atomic
def case_void(*, case: Case, by: Worker, reason: str, expected_version: int | None = None) -> Case:
    """Void instead of delete: the record and its timeline stay."""
    if not reason.strip():
        raise ValidationError({"note": _("作废必须写明原因。")})
    case = _locked(case, expected_version)
    _check_actor(case, by)
    previous, target = _move(case, CaseAction.VOID)
    case.void_reason, case.voided_at = reason[:200], timezone.now()
    _save(case, ["status", "void_reason", "voided_at"])
    _event(case, EventKind.VOIDED, by, note=reason, from_status=previous, to_status=target)
    return case


@transaction.atomic
def case_hand_on(*, case: Case, by: Worker, to: Worker, reason: str, expected_version: int | None = None) -> Case:
    """Hand the case to another worker. The first responder stays on it (首问责任制)."""
    if not reason.strip():
        raise ValidationError({"note": _("转交必须写明原因。")})
    case = _locked(case, expected_version)
    _check_actor(case, by)
    if to.committee_id != case.committee_id or not to.active:
        raise ValidationError({"to": _("只能转交给本居委会在职的工作人员。")})
    if not case.is_open:
        raise ValidationError(_("已办结或作废的事项不能转交。"))
    if to.pk == case.handler_id:
        raise ValidationError({"to": _("该事项已由此人承办。")})
    previous_handler = case.handler
    case.handler = to
    _save(case, ["handler"])
    _event(
        case,
        EventKind.HANDED_ON,
        by,
        note=reason,
        data={
            "from": previous_handler.pk,
            "to": to.pk,
            "from_name": previous_handler.display_name,
            "to_name": to.display_name,
        },
    )
    notify(
        case=case,
        recipients=[to, case.first_responder],
        text=_("%(ref)s 已转交给 %(name)s：%(reason)s")
        % {"ref": case.reference, "name": to.display_name, "reason": reason},
        exclude=by,
    )
    return case


@transaction.atomic
def case_note(*, case: Case, by: Worker, note: str, expected_version: int | None = None) -> Case:
    if not note.strip():
        raise ValidationError({"note": _("请填写办理记录。")})
    case = _locked(case, expected_version)
    _check_actor(case, by)
    _save(case, [])
    _event(case, EventKind.NOTE, by, note=note)
    return case


@transaction.atomic
def case_chase(*, case: Case, by: Worker, note: str = "") -> Case:
    """催办: the resident asked after the case. Recorded, and the handler and the first
    responder are told at once (in the app now, by mail right after the commit)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_actor(case, by)
    if not case.is_open:
        raise ValidationError(_("事项已办结，无需催办；如居民不满意请回访后重新办理。"))
    _event(case, EventKind.CHASED, by, note=note)
    recipients = [case.handler, case.first_responder]
    notify(
        case=case,
        recipients=recipients,
        text=_("居民催办 %(ref)s %(title)s") % {"ref": case.reference, "title": case.title},
        mail=True,
    )
    return case


@transaction.atomic
def case_supervise(*, case: Case, by: Worker, note: str = "") -> Case:
    """督办: the committee's director chases an open case. Distinct from a resident's 催办:
    its own timeline entry, and the handler and the first responder are told at once."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_actor(case, by)
    if not by.is_director_of(case.committee_id):
        raise ValidationError(_("只有本居委会主任可以督办。"))
    if not case.is_open:
        raise ValidationError(_("事项已办结或作废，无需督办。"))
    _event(case, EventKind.SUPERVISED, by, note=note)
    text = _("主任督办 %(ref)s %(title)s") % {"ref": case.reference, "title": case.title}
    if note.strip():
        text = f"{text}：{note.strip()}"
    notify(case=case, recipients=[case.handler, case.first_responder], exclude=by, text=text, mail=True)
    return case


def notify(
    *, case: Case | None, recipients: list[Worker], text: str, exclude: Worker | None = None, mail: bool = False
) -> None:
    """In-app notifications now; mail about a case (if asked) after the commit, through Celery."""
    unique = {w.pk: w for w in recipients if w is not None and (exclude is None or w.pk != exclude.pk)}
    Notification.objects.bulk_create([Notification(recipient=w, case=case, text=text[:300]) for w in unique.values()])
    if mail and unique and case is not None:
        worker_ids = list(unique)
        transaction.on_commit(lambda: send_case_mail.delay(case_id=case.pk, worker_ids=worker_ids, text=text))


def account_change_notify(sender, change, **kwargs) -> None:
    """Someone else changed a worker's login (staffing.signals.account_changed): the worker
    and their committee's directors are told, in the same transaction."""
    if not change.by_someone_else:
        return
    worker = change.worker
    # Every director of the committee: one made behind another's back is heard of.
    directors = Worker.objects.directors().filter(committee_id=worker.committee_id) if worker.committee_id else []
    notify(case=None, recipients=[worker, *directors], text=account_change_text(change))


# --- when the work calendar changes ------------------------------------------------------


@dataclass(frozen=True)
class DeadlineMove:
    case: Case
    old_due: dt.datetime
    new_due: dt.datetime


@transaction.atomic
def case_deadlines_rederive(
    *,
    days: list[dt.date],
    district_id: int | None = None,
    by: Worker | None = None,
    user=None,
    note: str = "",
    lock: bool = True,
) -> list[DeadlineMove]:
    """After the work calendar changed on `days` — one district's (`district_id`), or the
    national calendar (None: every district, each counted with its own calendar, so a
    district that entered the year itself sees no move): each open case whose deadline was counted
    over one of them gets the deadline its history gives now (receipt day, time limit,
    then each pause's working days, as case_open and case_resume count them). A moved case
    gets a timeline event (old → new) and a new version; the reminders not yet sent for its
    old deadline are withdrawn, and the sweep records those of the new one (once, as for
    any deadline). Cases whose deadline does not move are not touched. Set-based: a fixed
    number of queries whatever the number of cases (the day figures count no open case,
    so none of their days is forgotten). `user` (by default by's login) signs the history
    rows; `lock=False` for a preview that is rolled back, so no desk waits for it."""
    if not days:
        return []
    changed = sorted(set(days))
    cases = (
        (Case.objects.select_for_update(of=("self",)) if lock else Case.objects)
        .open()
        .filter(registered_at__lt=end_of_day(changed[-1]))
        .select_related("committee__street_office")
        .order_by("pk")
    )
    if district_id is not None:
        cases = cases.filter(committee__street_office__district_id=district_id)
    cases = list(cases)
    if not cases:
        return []
    pauses = _pauses_of(cases)
    by_district: dict[int, list[Case]] = {}
    for case in cases:
        by_district.setdefault(case.committee.district_id, []).append(case)
    calendars = {
        district: _calendar_for(of_district, pauses, changed, district) for district, of_district in by_district.items()
    }
    moves, now = [], timezone.now()
    for case in cases:
        old_due = case.due_at
        calendar = calendars[case.committee.district_id]
        new_due, paused = _due_from_history(case, pauses.get(case.pk, []), calendar)
        if new_due == old_due or not _counted_over(case, pauses.get(case.pk, []), {old_due, new_due}, changed):
            continue
        case.due_at, case.paused_working_days, case.updated_at = new_due, paused, now
        case.version += 1
        moves.append(DeadlineMove(case=case, old_due=old_due, new_due=new_due))
    # One UPDATE per new (deadline, paused days): cases share a handful of deadlines.
    groups: dict[tuple, list[int]] = {}
    for move in moves:
        groups.setdefault((move.new_due, move.case.paused_working_days), []).append(move.case.pk)
    for (due, paused), ids in groups.items():
        Case.objects.filter(pk__in=ids).update(
            due_at=due, paused_working_days=paused, version=F("version") + 1, updated_at=now
        )
    Case.history.bulk_history_create(
        [move.case for move in moves],
        update=True,
        batch_size=1000,
        default_user=user or (by.user if by else None),
        default_date=now,
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=move.case,
                kind=EventKind.DEADLINE,
                actor=by,
                at=now,
                note=note,
                data={"old_due": move.old_due.isoformat(), "new_due": move.new_due.isoformat()},
            )
            for move in moves
        ],
        batch_size=1000,
    )
    _withdraw_reminders({move.case.pk: move.old_due for move in moves})
    return moves


def _pauses_of(cases) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """Each case's finished pauses (待补件 then resumed), in order, from its timeline."""
    pauses: dict[int, list] = {}
    started: dict[int, dt.datetime] = {}
    events = (
        CaseEvent.objects.filter(case__in=cases, kind__in=[EventKind.PAUSED, EventKind.RESUMED])
        .order_by("case", "at", "pk")
        .values_list("case_id", "kind", "at")
    )
    for case_id, kind, at in events:
        if kind == EventKind.PAUSED:
            started[case_id] = at
        elif case_id in started:
            pauses.setdefault(case_id, []).append((started.pop(case_id), at))
    return pauses


def _calendar_for(cases, pauses, changed, district_id) -> WorkCalendar:
    """One calendar load of the district wide enough for every count of its cases."""
    first = min(case.receipt_day for case in cases)
    ends = [local_date(case.due_at) for case in cases] + [changed[-1]]
    ends += [local_date(end) for case_pauses in pauses.values() for _start, end in case_pauses]
    spare = 2 * (max(case.time_limit_days for case in cases) + max(case.paused_working_days for case in cases)) + 62
    return WorkCalendar.load(first, max(ends) + dt.timedelta(days=spare), district_id)


def _due_from_history(case: Case, pauses, calendar: WorkCalendar) -> tuple[dt.datetime, int]:
    due = calendar.add_working_days(case.receipt_day, case.time_limit_days)
    total = 0
    for start, end in pauses:
        paused = max(0, calendar.working_days_between(local_date(start), local_date(end)))
        if paused:
            due = calendar.add_working_days(due, paused)
        total += paused
    return end_of_day(due), total


def _counted_over(case: Case, pauses, dues, changed) -> bool:
    """Whether a changed day lies in what the case's deadline is counted over: from the day
    after registration to the later deadline, or inside one of its pauses."""
    first = case.receipt_day
    last = max(local_date(due) for due in dues)
    spans = [(first, last), *((local_date(start), local_date(end)) for start, end in pauses)]
    return any(a < day <= b for day in changed for a, b in spans)


def _withdraw_reminders(old_dues: dict[int, dt.datetime]) -> None:
    """Reminders recorded for these cases' old deadlines are not sent to anyone they have
    not reached yet (a fixed number of queries for any number of cases)."""
    if not old_dues:
        return
    owed = ReminderDelivery.objects.filter(reminder__case_id__in=list(old_dues), sent_at__isnull=True).values_list(
        "pk", "reminder__case_id", "reminder__due_at"
    )
    # sent_at again: a sweep may have delivered one since it was read.
    ReminderDelivery.objects.filter(
        pk__in=[pk for pk, case_id, due in owed if due == old_dues[case_id]], sent_at__isnull=True
    ).delete()
    unsent = Reminder.objects.filter(case_id__in=list(old_dues), sent_at__isnull=True).values_list(
        "pk", "case_id", "due_at"
    )
    Reminder.objects.filter(
        pk__in=[pk for pk, case_id, due in unsent if due == old_dues[case_id]], sent_at__isnull=True
    ).delete()


def notifications_mark_read(*, worker: Worker) -> int:
    """Mark all of the worker's unread notifications read; returns how many."""
    return Notification.objects.filter(recipient=worker, read_at__isnull=True).update(read_at=timezone.now())


def notification_open(*, worker: Worker, pk: int) -> Notification | None:
    """Open one of the worker's notifications: it is marked read (once) and returned, for
    the page to go to its case. None if it is not the worker's."""
    notification = Notification.objects.filter(recipient=worker, pk=pk).select_related("case").first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def person_merged_move_cases(sender, *, keep, duplicate, **kwargs) -> None:
    """Receiver of register.signals.person_merged, inside the merge's transaction: the
    duplicate's cases now belong to the record kept (one update; the history of a case's
    person is the merge's own record in the register)."""
    Case.objects.filter(person=duplicate).update(person=keep)
