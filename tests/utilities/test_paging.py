"""The capped paginator: a long list is counted only up to the cap, and paged within it."""

import pytest

from committee.models import Line
from utilities import paging
from utilities.paging import CappedPaginator

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven_lines(db):
    for n in range(7):
        factories.line(code=f"l{n}", name=f"条线{n}")
    return Line.objects.filter(code__startswith="l").order_by("code")


def test_under_the_cap_it_is_an_ordinary_paginator(seven_lines):
    paginator = CappedPaginator(seven_lines, 3, cap=7)
    assert paginator.count == 7 and not paginator.capped and paginator.num_pages == 3


def test_over_the_cap_it_counts_to_the_cap_and_pages_within_it(seven_lines, django_assert_num_queries):
    paginator = CappedPaginator(seven_lines, 3, cap=5)
    with django_assert_num_queries(1):
        assert paginator.count == 5 and paginator.capped
    assert paginator.num_pages == 2
    last = paginator.get_page(99)
    assert last.number == 2 and [line.code for line in last.object_list] == [
        "l3",
        "l4",
    ]  # the cap, not the table, ends the last page


def test_the_default_cap_is_read_when_the_paginator_is_made(seven_lines, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 6)
    assert CappedPaginator(seven_lines, 3).count == 6
