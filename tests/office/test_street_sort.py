"""The street comparison's columns sort both ways: a first click opens a column in its
natural direction, a second click on the same header turns it round."""

import pytest
from django.urls import reverse

from office import views
from tests import factories

pytestmark = pytest.mark.django_db


def rows(codes_and_visits):
    return [{"committee": type("C", (), {"code": code})(), "visits": visits} for code, visits in codes_and_visits]


def test_figures_sort_largest_first_then_smallest_first_with_blanks_last():
    table = rows([("A", 3), ("B", None), ("C", 9), ("D", 1)])
    views.sort_rows(table, "visits", descending=True)
    assert [r["committee"].code for r in table] == ["C", "A", "D", "B"]
    views.sort_rows(table, "visits", descending=False)
    assert [r["committee"].code for r in table] == ["D", "A", "C", "B"]


def test_the_sort_asked_for_and_its_default_direction():
    assert views.sort_from({"sort": "visits"}, keys=views.SORTS, default="code") == ("visits", True)
    assert views.sort_from({"sort": "visits", "dir": "asc"}, keys=views.SORTS, default="code") == ("visits", False)
    assert views.sort_from({"sort": "code"}, keys=views.SORTS, default="code") == ("code", False)
    assert views.sort_from({"sort": "evil", "dir": "x"}, keys=views.SORTS, default="code") == ("code", False)


def test_the_sorted_header_links_to_the_other_direction(client_of, street_admin_a, committee_a, office_a):
    factories.committee(office_a, code="AA02", name="甲二居委会")
    client = client_of(street_admin_a)
    html = client.get(reverse("office:street"), {"sort": "visits"}).content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=visits&amp;dir=asc" in html  # the second click
    assert "sort=overdue&amp;dir=desc" in html  # another column opens largest first
    html = client.get(reverse("office:street"), {"sort": "visits", "dir": "asc"}).content.decode()
    assert 'aria-sort="ascending"' in html and "sort=visits&amp;dir=desc" in html
    html = client.get(reverse("office:street"), {"sort": "code", "dir": "desc"}).content.decode()
    assert html.index("AA02 甲二居委会") < html.index("AA01 甲一居委会")


def test_the_comparison_chart_writes_each_value(client_of, street_admin_a, committee_a):
    html = client_of(street_admin_a).get(reverse("office:street")).content.decode()
    assert 'class="chart-value"' in html
