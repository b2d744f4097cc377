"""Reads of the register shared by its pages (and, later, the desk and the care lists)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Length
from django.utils import timezone

from committee.models import GridArea
from committee.roles import Role
from committee.scoping import user_role
from utilities.phones import mask_phone

from .access import may_see_sensitive, may_see_sensitive_in
from .choices import ADVANCED_AGE, ADVANCED_AGE_LABEL, SENSITIVE_MASK, HouseholdStatus, PersonStatus, Relation, Sex
from .models import CareTag, Household, Membership, Person, PersonPhone, PersonTag, age_on, years_before
from .spreadsheets import FIELDS

ADVANCED_AGE_FILTER = "advanced_age"  # the tag filter's value for 高龄 (computed, not stored)


def household_list(*, user, grid_area: str = "", tag: str = "", status: str = HouseholdStatus.ACTIVE):
    """The user's households, filtered by grid area, a care tag of a current member (or
    高龄) and status, each with its count of current members."""
    households = Household.objects.visible_to(user).select_related("grid_area", "committee")
    if status in HouseholdStatus.values:
        households = households.filter(status=status)
    if grid_area.isdigit():
        households = households.filter(grid_area_id=int(grid_area))
    households = _having_tag(households, user=user, tag=tag)
    # A subquery, not a join and GROUP BY: counted for the page's rows only once sorted
    # (a street admin's 40,000 households: 120 → 30 ms).
    members = (
        Membership.objects.filter(household=OuterRef("pk"), ended_on__isnull=True)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return households.annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0)).order_by(
        "grid_area__name", "address_key", "pk"
    )


def _having_tag(households, *, user, tag: str):
    """Households with a current member carrying the care tag `tag` (an id) or 高龄."""
    current = Membership.objects.filter(household=OuterRef("pk"), ended_on__isnull=True)
    if tag == ADVANCED_AGE_FILTER:
        born_by = years_before(timezone.localdate(), ADVANCED_AGE)
        households = households.filter(Exists(current.filter(person__birth_date__lte=born_by)))
    elif tag.isdigit() and len(tag) < 18:
        care_tag = CareTag.objects.filter(pk=int(tag)).first()
        if care_tag is not None and care_tag.sensitive and not _is_director(user):
            # Filtering by a sensitive tag would tell who carries it: only within the grid
            # areas the user answers for (the same rule as register.access).
            households = households.filter(grid_area__responsible=user)
        households = households.filter(
            Exists(current.filter(person__tags__tag_id=int(tag), person__tags__ended_on__isnull=True))
        )
    return households


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


# --- the grid worker's households (分片包干) and the director's counts ---------------------------


def grid_areas_of(*, user, committee):
    """The committee's grid areas a worker may list: all of them (a worker covering a
    colleague's area sees its sensitive tags masked; register.access), a retired one too
    while households are still in it (the director's counts link to each)."""
    return (
        GridArea.objects.visible_to(user)
        .filter(committee=committee)
        .select_related("responsible__worker")
        .order_by("name", "pk")
    )


def _relation_order():
    return Case(*(When(relation=value, then=n) for n, value in enumerate(Relation.values)), default=len(Relation))


def _grid_members(person_status: str):
    """The memberships a grid list shows: current members, or those who left the household
    by moving out or dying (their membership ended the day they left)."""
    members = Membership.objects.all()
    if person_status == PersonStatus.MOVED_OUT:
        return members.filter(person__status=PersonStatus.MOVED_OUT, ended_on=F("person__moved_out_on"))
    if person_status == PersonStatus.DIED:
        return members.filter(person__status=PersonStatus.DIED, ended_on=F("person__died_on"))
    return members.filter(ended_on__isnull=True, person__status=PersonStatus.ACTIVE)


def grid_households(
    *,
    user,
    areas,
    tag: str = "",
    household_status: str = HouseholdStatus.ACTIVE,
    person_status: str = PersonStatus.ACTIVE,
    today: dt.date | None = None,
):
    """The households of `areas` for the grid worker's list and its printed roll (分片包干名册),
    ordered by grid area, building, unit and room (numbers in their natural order); their
    members come from grid_rows."""
    members = _grid_members(person_status)
    households = Household.objects.visible_to(user).filter(grid_area__in=areas).select_related("grid_area")
    if household_status in HouseholdStatus.values:
        households = households.filter(status=household_status)
    if person_status in (PersonStatus.MOVED_OUT, PersonStatus.DIED):
        households = households.filter(Exists(members.filter(household=OuterRef("pk"))))
    if tag == ADVANCED_AGE_FILTER:
        born_by = years_before(today or timezone.localdate(), ADVANCED_AGE)
        households = households.filter(
            Exists(members.filter(household=OuterRef("pk"), person__birth_date__lte=born_by))
        )
    elif tag.isdigit() and len(tag) < 18:
        tagged = members.filter(person__tags__tag_id=int(tag), person__tags__ended_on__isnull=True)
        care_tag = CareTag.objects.filter(pk=int(tag)).first()
        if care_tag is not None and care_tag.sensitive and not _is_director(user):
            # As in household_list: only where the user answers for the household, and
            # only its current members (the rule of register.access).
            households = households.filter(grid_area__responsible=user)
            tagged = tagged.filter(ended_on__isnull=True)
        households = households.filter(Exists(tagged.filter(household=OuterRef("pk"))))
    return households.order_by(
        "grid_area__name",
        Length("building"),
        "building",
        Length("unit"),
        "unit",
        Length("room"),
        "room",
        "pk",
    )


@dataclass(frozen=True)
class GridMember:
    """A member as the grid list and the roll show them: plain values, so that a roll of
    hundreds of households loads and renders quickly."""

    person_id: int
    name: str
    relation: str
    sex: str
    age: int | None
    left: str  # 已迁出 / 已故, "" for an active person
    phones: list[str]  # masked
    tags: list[str]  # 高龄, then the current tags; sensitive ones masked unless shown in full
    shows_sensitive: bool  # a sensitive tag is shown in full: the view is recorded

    @property
    def phones_text(self) -> str:
        return "、".join(self.phones)

    @property
    def tags_text(self) -> str:
        return "、".join(self.tags)


@dataclass(frozen=True)
class GridHousehold:
    household: Household
    members: list[GridMember]


def grid_rows(*, user, households, person_status: str = PersonStatus.ACTIVE, today: dt.date) -> list[GridHousehold]:
    """The members of these (loaded) households as the grid list shows them: those of
    `person_status`, head first, with their current phones (masked) and tags, sensitive
    tags in full only where register.access allows. Three queries whatever the number of
    households (values, not model instances: a roll holds hundreds)."""
    households = list(households)
    members = list(
        _grid_members(person_status)
        .filter(household__in=[household.pk for household in households])
        .order_by("household", _relation_order(), "person__birth_date", "pk")
        .values_list(
            "household_id",
            "ended_on",
            "relation",
            "person_id",
            "person__name",
            "person__sex",
            "person__birth_date",
            "person__status",
        )
    )
    people = [member[3] for member in members]
    phones: dict[int, list[str]] = {}
    for person_id, number in (
        PersonPhone.objects.filter(person__in=people, ended_on__isnull=True)
        .order_by("pk")
        .values_list("person", "number")
    ):
        phones.setdefault(person_id, []).append(mask_phone(number))
    tags: dict[int, list[tuple[str, bool]]] = {}
    for person_id, name, sensitive in (
        PersonTag.objects.filter(person__in=people, ended_on__isnull=True)
        .order_by("set_at", "pk")
        .values_list("person", "tag__name", "tag__sensitive")
    ):
        tags.setdefault(person_id, []).append((name, sensitive))
    # Labels translated once a request, not once a cell.
    relations, sexes, statuses = (
        {value: str(label) for value, label in kind.choices} for kind in (Relation, Sex, PersonStatus)
    )
    advanced, masked_label = str(ADVANCED_AGE_LABEL), str(SENSITIVE_MASK)
    by_household: dict[int, list[GridMember]] = {}
    household_of = {household.pk: household for household in households}
    for household_id, ended_on, relation, person_id, name, sex, birth_date, status in members:
        full = may_see_sensitive_in(user, household_of[household_id], current=ended_on is None)
        age = age_on(birth_date, today)
        labels = [advanced] if age is not None and age >= ADVANCED_AGE else []
        masked = shows_sensitive = False
        for tag_name, sensitive in tags.get(person_id, ()):
            if sensitive and not full:
                masked = True
            else:
                shows_sensitive = shows_sensitive or sensitive
                labels.append(tag_name)
        if masked:
            labels.append(masked_label)
        by_household.setdefault(household_id, []).append(
            GridMember(
                person_id=person_id,
                name=name,
                relation=relations.get(relation, relation),
                sex=sexes.get(sex, ""),
                age=age,
                left="" if status == PersonStatus.ACTIVE else statuses.get(status, status),
                phones=phones.get(person_id, []),
                tags=labels,
                shows_sensitive=shows_sensitive,
            )
        )
    return [GridHousehold(household=household, members=by_household.get(household.pk, [])) for household in households]


@dataclass(frozen=True)
class AreaCounts:
    area: GridArea | None  # None: households of no grid area
    households: int
    people: int
    advanced_age: int
    by_tag: list[tuple[CareTag, int]]  # in the order of RegisterCounts.tags


@dataclass(frozen=True)
class RegisterCounts:
    tags: list[CareTag]
    rows: list[AreaCounts]
    total: AreaCounts


def register_counts(*, committee, today: dt.date | None = None) -> RegisterCounts:
    """The director's counts per grid area: active households, their current members, of
    them the 高龄 and the carriers of each tag. Five grouped queries, never a query per cell;
    every figure counts what the grid list of that area and tag shows."""
    born_by = years_before(today or timezone.localdate(), ADVANCED_AGE)
    tags = list(CareTag.objects.for_committee(committee).order_by("committee", "name"))
    areas = list(GridArea.objects.filter(committee=committee).order_by("name", "pk"))
    households = Household.objects.filter(committee=committee, status=HouseholdStatus.ACTIVE)
    household_counts = dict(households.values_list("grid_area").annotate(n=Count("pk")).values_list("grid_area", "n"))
    current = Membership.objects.filter(
        household__in=households, ended_on__isnull=True, person__status=PersonStatus.ACTIVE
    )
    people = {
        row["household__grid_area"]: row
        for row in current.values("household__grid_area").annotate(
            people=Count("pk"), old=Count("pk", filter=Q(person__birth_date__lte=born_by))
        )
    }
    tagged: dict[tuple, int] = {
        (row["household__grid_area"], row["person__tags__tag"]): row["n"]
        for row in current.filter(person__tags__ended_on__isnull=True, person__tags__tag__in=tags)
        .values("household__grid_area", "person__tags__tag")
        .annotate(n=Count("person", distinct=True))
    }

    def counts(area_id, area):
        return AreaCounts(
            area=area,
            households=household_counts.get(area_id, 0),
            people=people.get(area_id, {}).get("people", 0),
            advanced_age=people.get(area_id, {}).get("old", 0),
            by_tag=[(tag, tagged.get((area_id, tag.pk), 0)) for tag in tags],
        )

    rows = [counts(area.pk, area) for area in areas]
    if None in household_counts or None in people:
        rows.append(counts(None, None))
    total = AreaCounts(
        area=None,
        households=sum(row.households for row in rows),
        people=sum(row.people for row in rows),
        advanced_age=sum(row.advanced_age for row in rows),
        by_tag=[(tag, sum(row.by_tag[n][1] for row in rows)) for n, tag in enumerate(tags)],
    )
    return RegisterCounts(tags=tags, rows=rows, total=total)


@dataclass(frozen=True)
class GridSection:
    area: GridArea
    buildings: list[tuple[str, list[GridHousehold]]]


def grid_sections(rows: list[GridHousehold], areas) -> list[GridSection]:
    """The printed roll's shape: one section per grid area (the objects of `areas`, their
    responsible worker loaded), its households by building (rows come ordered by area and
    building from grid_households)."""
    by_id = {area.pk: area for area in areas}
    sections = []
    for area_id, in_area in groupby(rows, key=lambda row: row.household.grid_area_id):
        area = by_id[area_id]
        buildings = [
            (building, list(households))
            for building, households in groupby(in_area, key=lambda row: row.household.building)
        ]
        sections.append(GridSection(area=area, buildings=buildings))
    return sections


def register_export_rows(*, user, committee):
    """The committee's register in the layout committees keep it (and import it from):
    one row per person in a current household, header first; ID numbers and phones
    masked as the ledger's export masks them."""
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
