import random

import pytest

from carework.demo import care_generate
from carework.models import CarePlan, HomeVisit

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_plans_and_a_visit_history(working_day, committee_a, resident, worker_a):
    for n in range(10):
        resident(f"居民{n}", tags=["living_alone"])
    added = care_generate(committee=committee_a, rng=random.Random(1), today=working_day.date(), visited_share=1.0)
    assert sorted(CarePlan.objects.values_list("interval_days", flat=True)) == [7, 30, 91]
    assert added == HomeVisit.objects.count() == 10
