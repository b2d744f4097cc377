"""The writes of carework: the director's care plans and the worker's home visits."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.choices import CaseSource
from casework.services import case_open
from committee.models import Committee
from reception.choices import Channel
from reception.services import check_outcome, visit_record
from register.choices import PersonStatus
from register.models import CareTag, Household, Membership, Person
from staffing.models import Worker

from .choices import PlanTarget, VisitOutcome
from .models import CarePlan, HomeVisit

# A phone's clock may run a little ahead of the server's; a visit further in the future is a typo.
CLOCK_SKEW = dt.timedelta(minutes=5)  # as patrols allow
NEXT_VISIT_AT_MOST = dt.timedelta(days=366)


@transaction.atomic
def care_plan_save(
    *, committee: Committee, target: str, tag: CareTag | None, interval_days: int, active: bool = True
) -> CarePlan:
    """Set the visit frequency for a tag (or 高龄): the committee's one plan for it is
    changed, or made. Switching a plan back on restarts it from today (those never visited
    are due from then, not from the day it was first made)."""
    if target not in PlanTarget.values:
        raise ValidationError({"target": _("请选择计划对象。")})
    if target == PlanTarget.ADVANCED_AGE:
        tag = None
    elif tag is None:
        raise ValidationError({"tag": _("请选择关爱标签。")})
    elif tag.committee_id not in (None, committee.pk):
        raise ValidationError({"tag": _("标签不属于本居委会。")})
    plan = (
        CarePlan.objects.select_for_update().filter(committee=committee, target=target, tag=tag).order_by("pk").first()
    )
    if plan is None:
        plan = CarePlan(committee=committee, target=target, tag=tag)
    elif active and not plan.active:
        plan.started_on = timezone.localdate()
    plan.interval_days = interval_days
    plan.active = active
    plan.full_clean()
    try:
        with transaction.atomic():  # a savepoint, for the race below
            plan.save()
    except IntegrityError:  # another director's first save of the same plan, a moment earlier
        raise ValidationError(_("刚有人保存了这个计划，请刷新页面后再修改。")) from None
    return plan


def _current_person(person: Person) -> Person:
    """A duplicate merged away since the phone loaded it: the record kept."""
    seen = set()
    while person.status == PersonStatus.MERGED and person.merged_into_id and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    return person


def _household_of(person: Person) -> Household | None:
    """Where the person lives, or, if they have left, where they lived last."""
    membership = (
        Membership.objects.filter(person=person)
        .select_related("household__grid_area")
        # The current one (no end) first, then the latest ended: PostgreSQL sorts NULLs last
        # when ascending, so say where they go.
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
        .first()
    )
    if membership is None:
        return None
    return membership.household


def home_visit_record(
    *,
    client_id: uuid.UUID,
    committee: Committee,
    worker: Worker,
    person: Person,
    outcome: str,
    visited_at: dt.datetime | None = None,
    recorded_at: dt.datetime | None = None,
    condition: str = "",
    needs: str = "",
    notes: str = "",
    next_visit_on: dt.date | None = None,
    open_case: dict | None = None,
    desk_visit: dict | None = None,
) -> HomeVisit:
    """Record a home visit, with the case (source 走访, first responder the worker) or the
    desk visit (channel 走访) it raised, all in one transaction. Idempotent by the phone's
    `client_id`: sent again, the stored visit is returned and nothing changes. A visit to
    someone who has moved out or died since is kept and flagged `person_left`.

    open_case: {"title", "line", "description"?}; desk_visit: {"outcome", "items"?, "notes"?}."""
    stored = _stored(client_id)
    if stored is not None:
        if stored.committee_id != committee.pk:
            raise ValidationError(_("这条走访记录的编号已被使用。"))
        return stored
    try:
        return _home_visit_create(
            client_id=client_id,
            committee=committee,
            worker=worker,
            person=person,
            outcome=outcome,
            visited_at=visited_at,
            recorded_at=recorded_at,
            condition=condition,
            needs=needs,
            notes=notes,
            next_visit_on=next_visit_on,
            open_case=open_case,
            desk_visit=desk_visit,
        )
    except IntegrityError:
        # The same record sent twice at once: the other request stored it (and its case).
        stored = HomeVisit.objects.filter(client_id=client_id, committee=committee).first()
        if stored is None:
            raise
        return stored


def _stored(client_id) -> HomeVisit | None:
    return HomeVisit.objects.filter(client_id=client_id).first()


@transaction.atomic
def _home_visit_create(*, client_id, committee, worker, person, open_case, desk_visit, **fields) -> HomeVisit:
    if worker.committee_id != committee.pk:
        raise ValidationError(_("走访人必须是本居委会的工作人员。"))
    if person.committee_id != committee.pk:
        raise ValidationError({"person": _("所选居民不在本居委会的居民名册中。")})
    if open_case and desk_visit:
        raise ValidationError(_("一次走访只能转为事项或接待记录之一。"))
    # As the register has it now, not as the phone loaded it: moved out or merged meanwhile.
    person = _current_person(Person.objects.get(pk=person.pk))
    now = timezone.now()
    recorded_at = fields.pop("recorded_at") or now
    visited_at = fields.pop("visited_at") or recorded_at
    if visited_at > now + CLOCK_SKEW:
        raise ValidationError({"visited_at": _("走访时间不能晚于现在。")})
    visited_on = timezone.localtime(visited_at).date()
    if fields["next_visit_on"] is not None and fields["next_visit_on"] <= visited_on:
        raise ValidationError({"next_visit_on": _("下次走访日期须晚于本次。")})
    if fields["next_visit_on"] is not None and fields["next_visit_on"] > visited_on + NEXT_VISIT_AT_MOST:
        # A typo (9999) would take the person off every list for good.
        raise ValidationError({"next_visit_on": _("下次走访日期不能晚于本次之后一年。")})
    household = _household_of(person)
    grid_area = household.grid_area if household else None
    visit = HomeVisit(
        client_id=client_id,
        committee=committee,
        person=person,
        household=household,
        grid_area=grid_area,
        worker=worker.user,
        recorded_at=recorded_at,
        received_at=now,
        visited_at=visited_at,
        visited_on=visited_on,
        person_left=person.status in (PersonStatus.MOVED_OUT, PersonStatus.DIED),
        **fields,
    )
    if visit.outcome not in VisitOutcome.values:
        raise ValidationError({"outcome": _("请选择走访结果。")})
    # The client_id's uniqueness is the database's to decide (home_visit_record catches it).
    visit.full_clean(exclude=["case", "desk_visit", "client_id"])
    address = household.address if household else ""
    if open_case:
        visit.case = case_open(
            committee=committee,
            first_responder=worker,
            title=open_case.get("title", ""),
            line=open_case.get("line"),
            source=CaseSource.HOME_VISIT,
            description=open_case.get("description") or fields["needs"],
            resident_name=person.name,
            address=address,
            grid_area=grid_area,
            person=person,
        )
    elif desk_visit:
        # The desk's own rules (visit_intake's): an outcome without its service items, such
        # as 当场办结 with none, would count in the on-the-spot rate with nothing done.
        check_outcome(desk_visit.get("outcome", ""), list(desk_visit.get("items", ())))
        visit.desk_visit = visit_record(
            committee=committee,
            received_by=worker,
            resident_name=person.name,
            outcome=desk_visit.get("outcome", ""),
            items=desk_visit.get("items", ()),
            channel=Channel.HOME_VISIT,
            address=address,
            grid_area=grid_area,
            notes=desk_visit.get("notes") or fields["needs"],
            person=person,
            received_at=visited_at,
        )
    visit.save()
    return visit


def person_merged_move_home_visits(sender, *, keep, duplicate, **kwargs) -> None:
    """Receiver of register.signals.person_merged, inside the merge's transaction: the
    duplicate's home visits now belong to the record kept (one update), so whoever was
    visited as the duplicate is not due again as the record kept."""
    HomeVisit.objects.filter(person=duplicate).update(person=keep)
