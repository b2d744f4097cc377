"""The one write path for the desk's records: visits and the intake, voids, appointments
and their day-before reminder, the seal-use log, and showing a resident's whole ID number
(the one place it is decrypted for a person)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.choices import CaseSource
from casework.models import Notification
from casework.services import case_open
from committee.dayfigures import forget_visit
from committee.models import Committee, GridArea, Line, ServiceItem
from committee.services import check_offered, next_number
from register.choices import PersonStatus
from register.identity import (
    decrypt_id_number,
    encrypt_id_number,
    id_number_digest,
    mask_id_number,
    normalize_id_number,
    validate_id_number,
)
from register.models import Person
from register.selectors import person_match
from register.services import person_register_at_address
from staffing.accounts import password_in_use
from staffing.models import Worker
from staffing.selectors import workers_on_duty_at
from utilities.phones import clean_phone

from .choices import AppointmentStatus, Channel, Outcome
from .models import Appointment, IdNumberAccess, SealUse, Visit, VisitItem


def visit_reference(committee: Committee, year: int, number: int) -> str:
    return f"{committee.code}-J{year}-{number:06d}"


@transaction.atomic
def visit_record(
    *,
    committee: Committee,
    received_by: Worker,
    resident_name: str,
    outcome: str,
    items: list[tuple[ServiceItem, list[str]]] = (),
    channel: str = Channel.WALK_IN,
    resident_phone: str = "",
    id_number: str = "",
    address: str = "",
    grid_area: GridArea | None = None,
    notes: str = "",
    previous_visit: Visit | None = None,
    received_at: dt.datetime | None = None,
    case=None,
    person: Person | None = None,
) -> Visit:
    """Record one contact in the first-ask ledger. `items` pairs each service item asked
    about with the materials the resident did not bring. The visit is linked to `person`,
    the register person the desk chose, or else to the one its resident matches
    (register.selectors.person_match)."""
    if received_by.committee_id != committee.pk:
        raise ValidationError(_("接待人必须是本居委会的工作人员。"))
    if grid_area is not None and grid_area.committee_id != committee.pk:
        raise ValidationError({"grid_area": _("片区不属于本居委会。")})
    if previous_visit is not None and previous_visit.committee_id != committee.pk:
        raise ValidationError({"previous_visit": _("前次来访不属于本居委会。")})
    if person is not None:
        _check_person(committee, person)
    check_offered(committee, [item for item, _missing in items])
    phone = clean_phone(resident_phone, field="resident_phone")
    id_fields = {}
    if id_number:
        validate_id_number(id_number)
        number = normalize_id_number(id_number)
        id_fields = dict(
            id_number_encrypted=encrypt_id_number(number),
            id_number_digest=id_number_digest(number),
            id_number_masked=mask_id_number(number),
        )
    received_at = received_at or timezone.now()
    if previous_visit is not None and received_at < previous_visit.received_at:
        # A return comes after the visit it returns to (the dashboard's 最多跑两次 relies on it).
        raise ValidationError({"previous_visit": _("再次来访的时间不能早于前次来访。")})
    year = timezone.localtime(received_at).year
    visit = Visit(
        committee=committee,
        reference=visit_reference(committee, year, next_number(committee_id=committee.pk, series="visit", year=year)),
        channel=channel,
        received_by=received_by,
        received_at=received_at,
        resident_name=resident_name.strip(),
        resident_phone=phone,
        address=address,
        grid_area=grid_area,
        outcome=outcome,
        notes=notes,
        previous_visit=previous_visit,
        case=case,
        person=person
        or person_match(
            committee=committee,
            id_digest=id_fields.get("id_number_digest", ""),
            name=resident_name,
            phone=phone,
        ),
        **id_fields,
    )
    visit.full_clean()
    visit.save()
    # Entered after its day, or a return (a trip more for the day its matter started).
    forget_visit(committee.pk, received_at, previous_visit.received_at if previous_visit else None)
    VisitItem.objects.bulk_create(
        [VisitItem(visit=visit, service_item=item, materials_missing=list(missing)) for item, missing in items]
    )
    return visit


def _check_person(committee: Committee, person: Person) -> None:
    if person.committee_id != committee.pk:
        raise ValidationError({"person": _("所选居民不在本居委会的居民名册中。")})
    if person.status == PersonStatus.MERGED:
        raise ValidationError({"person": _("所选居民是已合并的重复记录，请重新查找。")})


@transaction.atomic
def visit_void(*, visit: Visit, by: Worker, reason: str) -> Visit:
    """Void a visit entered by mistake: it stays in the ledger, struck through, with why."""
    if not reason.strip():
        raise ValidationError({"reason": _("作废必须写明原因。")})
    if by.committee_id != visit.committee_id:
        raise ValidationError(_("只能作废本居委会的登记。"))
    visit = Visit.objects.select_for_update().get(pk=visit.pk)  # two clicks void once
    if visit.is_voided:
        raise ValidationError(_("该登记已经作废。"))
    visit.voided_at, visit.void_reason, visit.voided_by = timezone.now(), reason.strip()[:200], by
    visit.save(update_fields=["voided_at", "void_reason", "voided_by"])
    first_visit_at = (
        Visit.objects.filter(pk=visit.previous_visit_id).values_list("received_at", flat=True).first()
        if visit.previous_visit_id
        else None
    )
    forget_visit(visit.committee_id, visit.received_at, first_visit_at)
    return visit


@transaction.atomic
def seal_use_record(*, visit: Visit, service_item: ServiceItem, by: Worker, document: str, copies: int = 1):
    """Record one use of the committee seal (印章使用登记). Only items on the approved
    list (准予使用居委会印章) may be sealed; anything else is refused with a reason."""
    if by.committee_id != visit.committee_id:
        raise ValidationError(_("只能为本居委会的登记用印。"))
    if visit.is_voided:
        raise ValidationError(_("已作废的登记不能用印。"))
    check_offered(visit.committee, [service_item])
    if not service_item.seal_permitted:
        raise ValidationError(
            {
                "service_item": _("“%(item)s”不在本居委会准予用印的事项清单内，不能使用居委会印章。")
                % {"item": service_item.name}
            }
        )
    if not document.strip():
        raise ValidationError({"document": _("请填写用印文件名称。")})
    if copies < 1 or copies > 50:
        raise ValidationError({"copies": _("份数应在 1 到 50 之间。")})
    seal_use = SealUse(
        committee_id=visit.committee_id,
        visit=visit,
        service_item=service_item,
        used_by=by,
        document=document.strip(),
        copies=copies,
    )
    seal_use.full_clean()
    seal_use.save()
    return seal_use


# --- the intake: one visit, with what follows from its outcome ----------------------------

CHANNEL_TO_SOURCE = {
    Channel.WALK_IN: CaseSource.WALK_IN,
    Channel.PHONE: CaseSource.PHONE,
    Channel.ONLINE: CaseSource.ONLINE,
    Channel.HOME_VISIT: CaseSource.HOME_VISIT,
    Channel.PATROL: CaseSource.PATROL,
}


def missing_materials(item: ServiceItem, brought) -> list[str]:
    """The item's materials not brought, in the catalogue's order (the notice's order)."""
    brought = set(brought)
    return [material for material in item.materials if material not in brought]


def check_outcome(outcome: str, chosen: list[tuple[ServiceItem, list[str]]], *, other_matter: bool = False) -> None:
    """The rules of the desk: what each outcome needs. Raises a clear ValidationError.
    `other_matter`: a matter outside the catalogue was described, with its line."""
    if not chosen and not other_matter and outcome != Outcome.CONSULTATION:
        raise ValidationError(
            {
                "items": _(
                    "请选择至少一个服务事项；目录里没有的，请在“其他事项”中选择条线并说明情况"
                    "（只是咨询的，可选“咨询解答”）。"
                )
            }
        )
    if other_matter and outcome == Outcome.NOTICE and not chosen:
        raise ValidationError({"outcome": _("其他事项没有材料清单，不能开具一次性告知单。请选择转办或预约。")})
    if outcome == Outcome.ON_THE_SPOT:
        not_at_desk = [item.name for item, _missing in chosen if not item.on_the_spot]
        if not_at_desk:
            raise ValidationError(
                {
                    "outcome": _("以下事项不能当场办结：%(items)s。请选择转办或预约。")
                    % {"items": "、".join(not_at_desk)}
                }
            )
        incomplete = [item.name for item, missing in chosen if missing]
        if incomplete:
            raise ValidationError(
                {
                    "outcome": _("材料不齐，不能当场办结：%(items)s。请开具一次性告知单。")
                    % {"items": "、".join(incomplete)}
                }
            )
    if outcome == Outcome.NOTICE and not any(missing for _item, missing in chosen):
        raise ValidationError({"outcome": _("所选事项的材料都已带齐，无需一次性告知。")})


def first_of_chain(visit: Visit | None) -> Visit | None:
    """Return visits point at the first visit of the matter, so trips can be counted."""
    while visit is not None and visit.previous_visit_id:
        visit = visit.previous_visit
    return visit


@transaction.atomic
def visit_intake(
    *,
    committee: Committee,
    received_by: Worker,
    resident_name: str,
    outcome: str,
    chosen: list[tuple[ServiceItem, list[str]]],
    channel: str = Channel.WALK_IN,
    resident_phone: str = "",
    id_number: str = "",
    address: str = "",
    grid_area: GridArea | None = None,
    notes: str = "",
    previous_visit: Visit | None = None,
    appointment_at: dt.datetime | None = None,
    appointment_worker: Worker | None = None,
    other_line: Line | None = None,
    other_matter: str = "",
    person: Person | None = None,
    register_new: bool = False,
    relation: str = "",
) -> Visit:
    """Record what happened at the desk and do what the outcome asks: hand the matter on
    as a case (the receiving worker is its first responder) or book the appointment.

    `person` is the register person the desk chose (the visit is linked to them);
    `register_new` registers the resident in the same step, at the household of `address`
    (an existing one, or a new one in `grid_area`), and links the visit to them. Either
    way, all or nothing: a refused visit registers nobody.

    `chosen` pairs each service item with the materials the resident brought. A matter
    outside the catalogue (其他事项) is `other_matter`, described, with the line
    (`other_line`) that handles it: handed on, it becomes a case of that line with no
    service item. It is kept at the head of the visit's notes."""
    items = [(item, missing_materials(item, brought)) for item, brought in chosen]
    if not resident_name.strip():
        if channel != Channel.PATROL:
            raise ValidationError({"resident_name": _("请填写居民姓名（巡查发现、没有居民的可不填）。")})
        resident_name = NO_RESIDENT
    other_matter = " ".join(other_matter.split())[:200]
    if other_line is not None and not other_matter:
        raise ValidationError({"other_matter": _("请简要说明其他事项，例如“路灯不亮”。")})
    if other_matter and other_line is None:
        raise ValidationError({"other_line": _("请为其他事项选择条线。")})
    if other_line is not None and other_line.district_id != committee.district_id:
        raise ValidationError({"other_line": _("条线不属于本区。")})
    check_outcome(outcome, items, other_matter=bool(other_matter))
    if other_matter:
        notes = "\n".join(part for part in (other_matter_text(other_line, other_matter), notes) if part)
    if outcome == Outcome.APPOINTMENT:
        _check_appointment(committee, appointment_at, appointment_worker)
    if person is not None:
        _check_person(committee, person)
    elif register_new:
        if resident_name == NO_RESIDENT:
            raise ValidationError({"register_new": _("巡查发现、没有居民的事项不能登记新居民。")})
        person, _membership, _created = person_register_at_address(
            committee=committee,
            name=resident_name,
            address=address,
            grid_area=grid_area,
            id_number=id_number,
            phones=[resident_phone],
            relation=relation,
        )
    visit = visit_record(
        committee=committee,
        received_by=received_by,
        resident_name=resident_name,
        outcome=outcome,
        items=items,
        channel=channel,
        resident_phone=resident_phone,
        id_number=id_number,
        address=address,
        grid_area=grid_area,
        notes=notes,
        previous_visit=first_of_chain(previous_visit),
        person=person,
    )
    if outcome == Outcome.HANDED_ON:
        visit.case = _hand_on(visit, items, other_line=other_line, other_matter=other_matter)
        visit.save(update_fields=["case"])
    elif outcome == Outcome.APPOINTMENT:
        appointment_book(
            committee=committee,
            worker=appointment_worker,
            starts_at=appointment_at,
            resident_name=visit.resident_name,
            resident_phone=visit.resident_phone,
            service_item=items[0][0] if items else None,
            visit=visit,
            created_by=received_by,
        )
    return visit


# The name a visit records for a matter found on patrol with no resident behind it (data, as
# utilities.erasure.ANONYMISED_NAME is); the case it opens has no resident.
NO_RESIDENT = "（巡查发现）"


def other_matter_text(line: Line, matter: str) -> str:
    return _("其他事项（%(line)s）：%(matter)s") % {"line": line.name, "matter": matter}


def _hand_on(visit: Visit, items: list[tuple[ServiceItem, list[str]]], *, other_line=None, other_matter=""):
    # The item with the longest time limit sets the line and the deadline of the case; a
    # matter outside the catalogue alone is a case of its line, with the default limit.
    lead = max((item for item, _missing in items), key=lambda item: item.time_limit_days) if items else None
    names = "、".join([item.name for item, _missing in items] + ([other_matter] if other_matter else []))
    resident = "" if visit.resident_name == NO_RESIDENT else visit.resident_name
    return case_open(
        committee=visit.committee,
        first_responder=visit.received_by,
        title=f"{names}：{resident}"[:200] if resident else names[:200],
        service_item=lead,
        line=None if lead else other_line,
        source=CHANNEL_TO_SOURCE.get(visit.channel, CaseSource.WALK_IN),
        source_reference=visit.reference,
        description=visit.notes,
        resident_name=resident,
        resident_phone=visit.resident_phone,
        address=visit.address,
        grid_area=visit.grid_area,
        registered_at=visit.received_at,
        person=visit.person,
    )


def _check_appointment(committee, at: dt.datetime | None, worker: Worker | None) -> None:
    if at is None:
        raise ValidationError({"appointment_at": _("请填写预约时间。")})
    if at <= timezone.now():
        raise ValidationError({"appointment_at": _("预约时间必须晚于现在。")})
    if worker is None:
        raise ValidationError({"appointment_worker": _("请选择接待的工作人员。")})
    on_duty = workers_on_duty_at(committee=committee, at=at)
    if worker not in on_duty:
        names = "、".join(w.display_name for w in on_duty) or _("无人值班")
        raise ValidationError(
            {
                "appointment_worker": _("%(name)s 在该时间不值班。当时值班：%(names)s。")
                % {"name": worker.display_name, "names": names}
            }
        )


@transaction.atomic
def appointment_book(
    *,
    committee: Committee,
    worker: Worker,
    starts_at: dt.datetime,
    resident_name: str,
    created_by: Worker,
    resident_phone: str = "",
    service_item: ServiceItem | None = None,
    visit: Visit | None = None,
    notes: str = "",
):
    """Book a resident with a worker who is on duty at that time (预约办)."""

    if not resident_name.strip():
        raise ValidationError({"resident_name": _("请填写居民姓名。")})
    check_offered(committee, [service_item])
    phone = clean_phone(resident_phone, field="resident_phone")
    _check_appointment(committee, starts_at, worker)
    appointment = Appointment(
        committee=committee,
        worker=worker,
        starts_at=starts_at,
        resident_name=resident_name.strip(),
        resident_phone=phone,
        service_item=service_item,
        visit=visit,
        created_by=created_by,
        notes=notes,
    )
    appointment.full_clean()
    appointment.save()
    return appointment


REVEAL_PERMISSION = "reception.reveal_id_number"

security_log = logging.getLogger("juweihui.security")


def can_reveal_id_number(*, visit: Visit, worker: Worker | None) -> bool:
    """The rule, shared by the service, the view and the link on the visit page."""
    return (
        worker is not None
        and worker.active
        and worker.committee_id == visit.committee_id
        and worker.user.has_perm(REVEAL_PERMISSION)
    )


@transaction.atomic
def id_number_reveal(*, visit: Visit, by: Worker, reason: str) -> str:
    """Return the visit's whole ID number and record who asked, when and why."""
    if not can_reveal_id_number(visit=visit, worker=by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("查看完整身份证号必须写明原因。")})
    if not visit.id_number_encrypted:
        raise ValidationError(_("这条登记没有身份证号（未登记或已匿名化）。"))
    number = decrypt_id_number(visit.id_number_encrypted)
    if not number:
        # Encrypted under another key (e.g. a restore without ID_NUMBER_KEY): nothing shown,
        # so nothing is recorded as shown.
        raise ValidationError(_("无法解密这个身份证号：请管理员核对 ID_NUMBER_KEY 是否与加密时一致。"))
    access = IdNumberAccess(visit=visit, worker=by, reason=reason[:200], password_set_through=password_in_use(by))
    access.full_clean()
    access.save()
    security_log.info(
        "id number shown visit=%s worker=%s user=%s access=%s password_set_through=%s",
        visit.pk,
        by.pk,
        by.user_id,
        access.pk,
        access.password_set_through_id,
    )
    return number


def remind_tomorrows_appointments(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    table = connection.ops.quote_name(Appointment._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET reminded_at = %s WHERE reminded_at IS NULL AND status = %s "
                f"AND starts_at >= %s AND starts_at < %s RETURNING id",
                [now, AppointmentStatus.BOOKED, start, end],
            )
            claimed_ids = [row[0] for row in cursor.fetchall()]
        appointments = list(
            Appointment.objects.filter(pk__in=claimed_ids).select_related("worker__user", "service_item")
        )
        Notification.objects.bulk_create(
            [Notification(recipient=a.worker, text=_text(a)[:300], created_at=now) for a in appointments]
        )
        mails = [
            (f"【居委会前台】明日预约：{a.resident_name}", _text(a), settings.DEFAULT_FROM_EMAIL, [a.worker.user.email])
            for a in appointments
            if a.worker.user.email
        ]
        transaction.on_commit(lambda: send_mass_mail(mails) if mails else None)
    return len(appointments)


def _text(appointment: Appointment) -> str:
    when = timezone.localtime(appointment.starts_at).strftime("%m-%d %H:%M")
    item = f" · {appointment.service_item.name}" if appointment.service_item_id else ""
    return f"明日预约 {when} {appointment.resident_name}{item}"


def person_merged_move_visits(sender, *, keep, duplicate, **kwargs) -> None:
    """Receiver of register.signals.person_merged, inside the merge's transaction: the
    duplicate's visits now belong to the record kept, in one update."""
    Visit.objects.filter(person=duplicate).update(person=keep)
