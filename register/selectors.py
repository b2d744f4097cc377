"""Reads of the register shared by its pages (and, later, the desk and the care lists)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from committee.models import GridArea
from committee.roles import Role
from committee.scoping import user_role

from .access import may_see_sensitive
from .choices import ADVANCED_AGE_LABEL, SENSITIVE_MASK, HouseholdStatus
from .models import CareTag, Household, Membership, Person, PersonTag, _years_before

ADVANCED_AGE_FILTER = "advanced_age"  # the tag filter's value for 高龄 (computed, not stored)


def household_list(*, user, grid_area: str = "", tag: str = "", status: str = HouseholdStatus.ACTIVE):
    """The user's households, filtered by grid area, a care tag of a current member (or
    高龄) and status, each with its count of current members."""
    households = Household.objects.visible_to(user).select_related("grid_area", "committee")
    if status in HouseholdStatus.values:
        households = households.filter(status=status)
    if grid_area.isdigit():
        households = households.filter(grid_area_id=int(grid_area))
    current = Membership.objects.filter(household=OuterRef("pk"), ended_on__isnull=True)
    if tag == ADVANCED_AGE_FILTER:
        born_by = _years_before(timezone.localdate(), 80)
        households = households.filter(Exists(current.filter(person__birth_date__lte=born_by)))
    elif tag.isdigit():
        care_tag = CareTag.objects.filter(pk=int(tag)).first()
        if care_tag is not None and care_tag.sensitive and not _is_director(user):
            # Filtering by a sensitive tag would tell who carries it: only within the grid
            # areas the user answers for (the same rule as register.access).
            households = households.filter(grid_area__responsible=user)
        households = households.filter(
            Exists(current.filter(person__tags__tag_id=int(tag), person__tags__ended_on__isnull=True))
        )
    return households.annotate(
        member_count=Count("memberships", filter=Q(memberships__ended_on__isnull=True))
    ).order_by("grid_area__name", "address_key", "pk")


def household_members(household: Household):
    return (
        Membership.objects.filter(household=household, ended_on__isnull=True)
        .select_related("person")
        .order_by("relation", "person__name")
    )


def _is_director(user) -> bool:
    return user_role(user) == Role.DIRECTOR


def tag_choices(*, user, committee) -> list[tuple[str, str]]:
    """The tag filter's options: 高龄, then the built-in and the committee's own tags;
    sensitive ones only for the director and grid workers (who filter their own areas)."""
    tags = CareTag.objects.for_committee(committee).visible_to(user).order_by("committee", "name")
    if not _is_director(user) and not GridArea.objects.filter(responsible=user, committee=committee).exists():
        tags = tags.exclude(sensitive=True)
    return [(ADVANCED_AGE_FILTER, str(ADVANCED_AGE_LABEL))] + [(str(tag.pk), tag.name) for tag in tags]


@dataclass(frozen=True)
class TagShown:
    label: str
    person_tag: PersonTag | None  # None for 高龄 (computed) and for a hidden sensitive tag
    hidden: bool = False


@dataclass(frozen=True)
class PersonTags:
    current: list[TagShown]
    ended: list[TagShown]
    full: bool  # the viewer may see sensitive tags in full
    has_sensitive: bool  # and there is one to see (then the view is recorded)


def person_tags(*, user, person: Person, today: dt.date | None = None) -> PersonTags:
    """The person's tags as `user` may see them: a sensitive tag is shown in full only to
    those register.access.may_see_sensitive allows, "敏感标签（已隐藏）" to everyone else;
    高龄 is added from the birth date."""
    full = may_see_sensitive(user, person)
    rows = list(person.tags.select_related("tag", "set_by", "ended_by").order_by("-set_at"))
    has_sensitive = any(row.tag.sensitive for row in rows)

    def shown(row):
        if row.tag.sensitive and not full:
            return TagShown(label=str(SENSITIVE_MASK), person_tag=None, hidden=True)
        return TagShown(label=row.tag.name, person_tag=row)

    current = [shown(row) for row in rows if row.ended_on is None]
    if person.is_advanced_age(today):
        current.insert(0, TagShown(label=str(ADVANCED_AGE_LABEL), person_tag=None))
    ended = [shown(row) for row in rows if row.ended_on is not None]
    return PersonTags(current=current, ended=ended, full=full, has_sensitive=has_sensitive)


def person_household(person: Person) -> Membership | None:
    return person.memberships.filter(ended_on__isnull=True).select_related("household__grid_area").first()


def merge_candidates(person: Person):
    """Possible duplicates of `person` for the director's merge: the committee's other
    current records of the same name, or sharing a current phone."""
    numbers = person.phones.filter(ended_on__isnull=True).values("number")
    return (
        Person.objects.filter(committee_id=person.committee_id)
        .current()
        .exclude(pk=person.pk)
        .filter(Q(name=person.name) | Q(phones__number__in=numbers, phones__ended_on__isnull=True))
        .distinct()
        .order_by("name", "pk")
    )


def person_match(*, committee, id_digest: str = "", name: str = "", phone: str = "") -> Person | None:
    """The committee's register person a visit's or a case's resident is, in one query:
    by ID-number digest, else by name and a current phone (stored E.164, as the desk's) —
    then only a person without an ID number on record when the resident gave one (a
    namesake sharing a phone is someone else). Never creates anyone; a merged duplicate is
    never matched; two records equally matched match nobody rather than the wrong one."""
    name = (name or "").strip()
    by_phone = Q(name=name, phones__number=phone, phones__ended_on__isnull=True) if name and phone else None
    if by_phone is not None and id_digest:
        by_phone &= Q(id_number_digest="")
    condition = Q(id_number_digest=id_digest) if id_digest else None
    if by_phone is not None:
        condition = by_phone if condition is None else condition | by_phone
    if condition is None:
        return None
    found = list(Person.objects.filter(committee=committee).current().filter(condition).distinct().order_by("pk"))
    if id_digest:
        by_id = [person for person in found if person.id_number_digest == id_digest]
        if by_id:
            return by_id[0]  # unique per committee (person_one_per_id_number)
    return found[0] if len(found) == 1 else None


def register_export_rows(*, user, committee):
    """The committee's register in the layout committees keep it (and import it from):
    one row per person in a current household, header first; ID numbers and phones
    masked as the ledger's export masks them."""
    from django.db.models import Case, IntegerField, Prefetch, Value, When  # noqa: PLC0415

    from .models import PersonPhone  # noqa: PLC0415
    from .spreadsheets import FIELDS  # noqa: PLC0415

    columns = (
        "grid_area",
        "building",
        "unit",
        "room",
        "name",
        "sex",
        "birth_date",
        "id_number",
        "phone",
        "relation",
        "residence_status",
        "notes",
    )
    yield [str(FIELDS[column][0]) for column in columns]
    memberships = (
        Membership.objects.visible_to(user)
        .filter(
            ended_on__isnull=True,
            household__committee=committee,
            household__status=HouseholdStatus.ACTIVE,
            person__status="active",
        )
        .select_related("household__grid_area", "person")
        .prefetch_related(
            Prefetch("person__phones", queryset=PersonPhone.objects.filter(ended_on__isnull=True).order_by("pk"))
        )
        .annotate(head_first=Case(When(relation="head", then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("household__grid_area__name", "household__address_key", "household_id", "head_first", "person_id")
    )
    for membership in memberships.iterator(chunk_size=2000):
        household, person = membership.household, membership.person
        yield [
            household.grid_area.name if household.grid_area else "",
            household.building,
            household.unit,
            household.room,
            person.name,
            str(person.get_sex_display()) if person.sex else "",
            f"{person.birth_date:%Y-%m-%d}" if person.birth_date else "",
            person.id_number_masked,  # the stored masked form; the encrypted one is never shown
            " / ".join(phone.masked for phone in person.phones.all()),
            str(membership.get_relation_display()),
            str(person.get_residence_status_display()),
            person.notes,
        ]
