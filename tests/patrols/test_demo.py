import datetime as dt
import random

import pytest

from casework.choices import CaseSource
from casework.models import Case
from patrols.demo import patrols_generate
from patrols.models import Finding, Patrol
from patrols.selectors import patrol_days_missed
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_demo_walks_each_area_most_working_days_and_misses_a_few(
    working_day, committee_a, worker_a, director_a, line_civil
):
    areas = [factories.grid_area(committee_a, responsible=worker) for worker in (worker_a, director_a)]
    areas += [factories.grid_area(committee_a, responsible=worker_a) for _ in range(4)]
    today = working_day.date()

    made = patrols_generate(
        committee=committee_a,
        rng=random.Random(7),
        grid_areas=areas,
        workers=[worker_a, director_a],
        today=today,
        line=line_civil,
    )

    assert made == Patrol.objects.count() > 6 * 10
    assert {patrol.grid_area_id for patrol in Patrol.objects.all()} == {area.pk for area in areas}
    assert not Patrol.objects.filter(date__gte=today).exists()
    assert Patrol.history.count() == made
    assert (
        Finding.objects.filter(case__isnull=False).count() == Case.objects.filter(source=CaseSource.PATROL).count() > 0
    )
    first = today - dt.timedelta(days=21)
    missed = sum(
        row.count
        for row in patrol_days_missed(
            user=director_a.user, committee=committee_a, first=first, today=first + dt.timedelta(days=21)
        )
    )
    assert missed > 0
