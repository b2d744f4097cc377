"""Grid areas are listed in the order people number them (一、二 … 十), on the worker's page
and on the directors' set-up page alike."""

import pytest
from django.urls import reverse

from .. import factories

pytestmark = pytest.mark.django_db
NAMES = ["第十片区", "第二片区", "第一片区", "第三片区"]
IN_ORDER = ["第一片区", "第二片区", "第三片区", "第十片区"]


def positions(page: str) -> list[int]:
    return [page.index(name) for name in IN_ORDER]


def test_the_worker_page_lists_their_grid_areas_in_natural_order(client_of, director_a, worker_a, committee_a):
    for name in NAMES:
        factories.grid_area(committee_a, responsible=worker_a, name=name)
    page = client_of(director_a).get(reverse("staffing:worker-detail", args=[worker_a.pk])).content.decode()
    assert positions(page) == sorted(positions(page))


def test_the_set_up_page_lists_grid_areas_in_natural_order(client_of, director_a, worker_a, committee_a):
    for name in NAMES:
        factories.grid_area(committee_a, responsible=worker_a, name=name)
    page = client_of(director_a).get(reverse("staffing:setup")).content.decode()
    assert positions(page) == sorted(positions(page))
