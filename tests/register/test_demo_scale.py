"""The register's benchmark-scale demo data (register.demo.register_bulk_generate): what
the bulk insert writes reads back as the services would have written it."""

import datetime as dt
import random
from collections import Counter

import pytest

from register.choices import PersonStatus
from register.demo import households_per_area, register_bulk_generate
from register.identity import decrypt_id_number, id_number_digest, mask_id_number, validate_id_number
from register.models import Household, Membership, Person, PersonPhone, PersonTag
from tests import factories
from utilities.phones import clean_phone

pytestmark = pytest.mark.django_db


def test_the_default_demo_stays_small_and_scale_7_gives_about_40000_households():
    assert households_per_area(1) == 3
    assert 38_000 <= households_per_area(7) * 6 * 22 <= 42_000  # 6 grid areas, 21 + 1 committees


def test_bulk_generated_households_and_people_are_consistent(committee_a, director_a):
    areas = [
        factories.grid_area(committee_a, name="第一片区（1–12号楼）"),
        factories.grid_area(committee_a, name="第二片区（13–24号楼）"),
    ]
    areas[1].buildings = "13–24号楼"
    today = dt.date(2026, 11, 25)
    made = register_bulk_generate(
        committee=committee_a,
        rng=random.Random(7),
        grid_areas=areas,
        director_user=director_a.user,
        names=(list("王李张"), list("伟芳娜敏")),
        today=today,
        per_area=150,
    )
    assert Household.objects.filter(committee=committee_a).count() == 300
    assert Person.objects.filter(committee=committee_a).count() == made and 600 <= made <= 900
    # Every household has its addresses' key, and one address once.
    keys = Counter(Household.objects.values_list("address_key", flat=True))
    assert keys and max(keys.values()) == 1 and "" not in keys
    assert not Household.objects.filter(grid_area=areas[1]).exclude(building__regex=r"^(1[3-9]|2[0-4])号楼$").exists()
    # Each person one membership; current exactly for the active ones, ended on the day they left.
    assert Membership.objects.count() == made
    assert Membership.objects.filter(ended_on__isnull=True).count() == Person.objects.filter(status="active").count()
    for person in Person.objects.exclude(status="active"):
        left = person.moved_out_on if person.status == PersonStatus.MOVED_OUT else person.died_on
        assert person.memberships.get().ended_on == left
    # ID numbers as the services store them, for about 80%.
    with_id = Person.objects.exclude(id_number_digest="")
    assert 0.7 * made <= with_id.count() <= 0.9 * made
    for person in with_id[:50]:
        number = decrypt_id_number(person.id_number_encrypted)
        validate_id_number(number)
        assert id_number_digest(number) == person.id_number_digest and mask_id_number(number) == person.id_number_masked
    # Phones in their stored form, mobiles and landlines; tags set by the director.
    kinds = Counter(PersonPhone.objects.values_list("kind", flat=True))
    assert kinds["mobile"] > kinds["landline"] > 0
    for phone in PersonPhone.objects.all()[:100]:
        assert clean_phone(phone.number) == phone.number
    assert PersonTag.objects.filter(tag__code="living_alone").exists()
    assert set(PersonTag.objects.values_list("set_by", flat=True)) == {director_a.user.pk}
    alone = PersonTag.objects.filter(tag__code="living_alone").select_related("person")
    assert all(tag.person.memberships.get().household.memberships.count() == 1 for tag in alone)
