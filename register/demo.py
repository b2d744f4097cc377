"""Demo register for seed_demo: a few households per grid area with their people, phones
and care tags, written through the services (small numbers; the --scale data comes later)."""

from __future__ import annotations

import datetime as dt
import random

from .choices import Relation, ResidenceStatus
from .identity import id_check_char
from .models import CareTag
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
