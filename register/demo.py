"""Demo register for seed_demo: a few households per grid area with their people, phones
and care tags, written through the services for the default demo; at --scale N > 1 the
benchmark's volume by bulk insert (register_bulk_generate: --scale 7 ≈ 100,000 people in
≈ 40,000 households)."""

from __future__ import annotations

import datetime as dt
import random
import re

from django.utils import timezone

from utilities.bulk import copy_insert

from .addresses import address_key
from .choices import PersonStatus, PhoneKind, Relation, ResidenceStatus, Sex
from .identity import encrypt_id_number, id_check_char, id_number_digest, mask_id_number
from .models import CareTag, Household, Membership, Person, PersonPhone, PersonTag
from .services import household_create, person_find_or_create, person_join_household, person_tag_add

HOUSEHOLDS_PER_AREA = 3
_AREA_CODE = "310109"  # 上海市虹口区


def demo_id_number(rng: random.Random, birth: dt.date, female: bool) -> str:
    sequence = rng.randint(0, 99) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
    first17 = f"{_AREA_CODE}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def register_generate(*, committee, rng: random.Random, grid_areas, director_user, names, today: dt.date) -> int:
    """Households in each grid area, 1–4 people each (a head, a spouse, a child), some
    without an ID number, a few 80 or older, and tags set by the director. Returns the
    number of people."""
    surnames, given_names = names
    tags = {tag.code: tag for tag in CareTag.objects.filter(committee__isnull=True)}
    people = 0
    for area_index, area in enumerate(grid_areas):
        for n in range(HOUSEHOLDS_PER_AREA):
            household = household_create(
                committee=committee,
                grid_area=area,
                building=f"{area_index * 3 + n + 1}号楼",
                unit="1单元",
                room=f"{rng.randint(1, 6)}0{rng.randint(1, 4)}室",
            )
            surname = rng.choice(surnames)
            size = rng.choice((1, 2, 2, 3, 4))
            for member in range(size):
                relation = (Relation.HEAD, Relation.SPOUSE, Relation.CHILD, Relation.GRANDCHILD)[member]
                age = rng.randint(62, 92) if member < 2 else rng.randint(8, 50)
                birth = today.replace(year=today.year - age) - dt.timedelta(days=rng.randint(1, 300))
                female = bool(member % 2)
                with_id = rng.random() < 0.8
                person, _created = person_find_or_create(
                    committee=committee,
                    name=(surname if relation != Relation.SPOUSE else rng.choice(surnames)) + rng.choice(given_names),
                    id_number=demo_id_number(rng, birth, female) if with_id else "",
                    birth_date=None if with_id else birth,
                    sex="female" if female else "male",
                    phones=[f"13{rng.randint(0, 999_999_999):09d}"]
                    + ([f"021-6{rng.randint(1000000, 9999999)}"] if age >= 70 else []),
                    residence_status=rng.choice(
                        (
                            ResidenceStatus.HUKOU,
                            ResidenceStatus.HUKOU,
                            ResidenceStatus.RESIDENT,
                            ResidenceStatus.FLOATING,
                        )
                    ),
                )
                person_join_household(person=person, household=household, relation=relation)
                people += 1
                if size == 1 and age >= 70:
                    person_tag_add(person=person, tag=tags["living_alone"], by=director_user, reason="入户走访核实")
                if rng.random() < 0.12:
                    code = rng.choice(("disabled", "dibao", "tekun", "veteran", "watch"))
                    person_tag_add(person=person, tag=tags[code], by=director_user, reason="台账登记")
    return people


# --- the register at benchmark scale (seed_demo --scale N, N > 1) --------------------------------

HOUSEHOLDS_PER_AREA_PER_SCALE = 43  # --scale 7: 301 a grid area, ≈ 40,000 households in 22 committees
# Household sizes and their weights: about 2.5 people a household, as in Shanghai's old estates.
HOUSEHOLD_SIZES = ((1, 22), (2, 30), (3, 26), (4, 16), (5, 6))
# Care tags on active people, by the share of people carrying them (独居老人 is set on
# everyone 70 or older who lives alone; 高龄 is computed from the birth date, never stored).
TAG_RATES = (("disabled", 0.03), ("dibao", 0.015), ("tekun", 0.003), ("veteran", 0.02), ("watch", 0.01))
MOBILE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "158", "159", "177", "186", "189", "199")
_BUILDINGS_RE = re.compile(r"(\d+)\D+(\d+)")


def households_per_area(scale: int) -> int:
    """The demo's households per grid area: a few through the services at scale 1 (the
    default demo, quick to make), the benchmark's volume by bulk insert above it."""
    return HOUSEHOLDS_PER_AREA if scale <= 1 else HOUSEHOLDS_PER_AREA_PER_SCALE * scale


def _mobile(rng: random.Random) -> str:
    return f"+86{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"


def _landline(rng: random.Random) -> str:
    return f"+8621{rng.choice('3456')}{rng.randint(0, 9_999_999):07d}"  # Shanghai: 021 and 8 digits


def _area_addresses(rng: random.Random, area, count: int) -> list[tuple[str, str, str]]:
    """`count` distinct addresses (building, unit, room) in the area's buildings ("1–12号楼"),
    three units a building, rooms 101–604 (more floors if the area needs them)."""
    match = _BUILDINGS_RE.search(area.buildings or "")
    first, last = (int(match[1]), int(match[2])) if match else (1, 12)
    buildings = range(first, max(first, last) + 1)
    floors = max(6, -(-count // (len(buildings) * 3 * 4)))
    every = [
        (f"{building}号楼", f"{unit}单元", f"{floor}0{room}室")
        for building in buildings
        for unit in (1, 2, 3)
        for floor in range(1, floors + 1)
        for room in (1, 2, 3, 4)
    ]
    return rng.sample(every, count)


def _birth(rng: random.Random, today: dt.date, age: int) -> dt.date:
    return today - dt.timedelta(days=age * 365 + rng.randint(0, 364))


def _members(rng: random.Random, size: int) -> list[tuple[str, int, bool]]:
    """(relation, age, female) of a household of `size`: a head and spouse, then children,
    a child's spouse and grandchildren; one person alone is usually old."""
    if size == 1:
        return [(Relation.HEAD, round(rng.triangular(22, 98, 72)), rng.random() < 0.6)]
    # Ages so that about 6% are 80 or older (高龄), as in an old Shanghai estate.
    head_age = round(rng.triangular(25, 95, 52))
    female = rng.random() < 0.3
    people = [(Relation.HEAD, head_age, female), (Relation.SPOUSE, max(20, head_age + rng.randint(-6, 4)), not female)]
    child_age = head_age - rng.randint(24, 34)
    for n in range(size - 2):
        if n == 0 and child_age >= 0:
            people.append((Relation.CHILD, child_age, rng.random() < 0.5))
        elif n == 1 and child_age >= 22:
            people.append((Relation.OTHER, child_age + rng.randint(-3, 3), not people[-1][2]))  # the child's spouse
        elif child_age >= 22:
            people.append((Relation.GRANDCHILD, max(0, child_age - rng.randint(24, 32)), rng.random() < 0.5))
        else:
            people.append((Relation.PARENT, min(100, head_age + rng.randint(22, 30)), rng.random() < 0.6))
    return people


def register_bulk_generate(
    *, committee, rng: random.Random, grid_areas, director_user, names, today: dt.date, per_area: int
) -> int:
    """The register at benchmark scale, by bulk insert (utilities.bulk.copy_insert): `per_area`
    households in each grid area with their members, phones (mobiles, and the household's
    landline where someone is 70 or older), ID numbers (digest, encrypted and masked, for
    about 80%), care tags set by the director, and about 3% who moved out or died. As the
    scaled visits and cases, no django-simple-history rows are written: this is generated
    data, never a user's input. Returns the number of people."""
    surnames, given_names = names
    tags = {tag.code: tag for tag in CareTag.objects.filter(committee__isnull=True)}
    now = timezone.now()
    households, people, memberships, phones, person_tags = [], [], [], [], []
    seen_digests: set[str] = set()
    size_choices = [size for size, _w in HOUSEHOLD_SIZES]
    size_weights = [weight for _s, weight in HOUSEHOLD_SIZES]
    for area in grid_areas:
        for building, unit, room in _area_addresses(rng, area, per_area):
            household = Household(
                committee=committee,
                grid_area=area,
                building=building,
                unit=unit,
                room=room,
                address_key=address_key(building, unit, room),
            )
            households.append(household)
            surname = rng.choice(surnames)
            members = _members(rng, rng.choices(size_choices, size_weights)[0])
            landline = _landline(rng) if any(age >= 70 for _r, age, _f in members) and rng.random() < 0.7 else ""
            moved_in = today - dt.timedelta(days=rng.randint(30, 40 * 365))
            for relation, age, female in members:
                birth = _birth(rng, today, age)
                person = Person(
                    committee=committee,
                    name=(rng.choice(surnames) if relation in (Relation.SPOUSE, Relation.OTHER) else surname)
                    + rng.choice(given_names)
                    + (rng.choice(given_names) if rng.random() < 0.6 else ""),
                    sex=Sex.FEMALE if female else Sex.MALE,
                    birth_date=birth,
                    residence_status=rng.choices(
                        (
                            ResidenceStatus.HUKOU,
                            ResidenceStatus.RESIDENT,
                            ResidenceStatus.FLOATING,
                            ResidenceStatus.NOMINAL,
                        ),
                        (60, 20, 15, 5),
                    )[0],
                    moved_in_on=max(moved_in, birth),
                )
                if rng.random() < 0.8:
                    number = demo_id_number(rng, birth, female)
                    digest = id_number_digest(number)
                    if digest not in seen_digests:  # two people may draw the same number: one keeps it
                        seen_digests.add(digest)
                        person.id_number_digest = digest
                        person.id_number_encrypted = encrypt_id_number(number)
                        person.id_number_masked = mask_id_number(number)
                membership = Membership(
                    household=household, person=person, relation=relation, started_on=person.moved_in_on
                )
                leaving = rng.random()
                if leaving < 0.01 and age >= 60:
                    person.status, person.died_on = PersonStatus.DIED, today - dt.timedelta(days=rng.randint(1, 900))
                    membership.ended_on = person.died_on
                elif leaving < 0.03:
                    person.status = PersonStatus.MOVED_OUT
                    person.moved_out_on = today - dt.timedelta(days=rng.randint(1, 900))
                    membership.ended_on = person.moved_out_on
                people.append(person)
                memberships.append(membership)
                if age >= 14 and rng.random() < (0.9 if age < 75 else 0.5):
                    phones.append(PersonPhone(person=person, number=_mobile(rng), kind=PhoneKind.MOBILE))
                if landline and age >= 18:
                    phones.append(PersonPhone(person=person, number=landline, kind=PhoneKind.LANDLINE))
                codes = [code for code, rate in TAG_RATES if rng.random() < rate]
                if len(members) == 1 and age >= 70:
                    codes.append("living_alone")
                for code in codes:
                    person_tags.append(
                        PersonTag(
                            person=person,
                            tag=tags[code],
                            set_by=director_user,
                            set_at=now - dt.timedelta(days=rng.randint(1, 1500)),
                            reason=rng.choice(("台账登记", "入户走访核实", "街道转来名单", "本人申报")),
                        )
                    )
    copy_insert(Household, households)
    copy_insert(Person, people)
    copy_insert(Membership, memberships)
    copy_insert(PersonPhone, phones)
    copy_insert(PersonTag, person_tags)
    return len(people)
