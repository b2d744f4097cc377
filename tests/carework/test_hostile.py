"""Hostile input to the carework forms and lists: never a 500, nothing of committee B touched."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from carework.models import CarePlan, HomeVisit
from casework.models import Case
from tests.test_hostile_input import RUNS, foreign_or_hostile, setup  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

VISIT_FIELDS = [
    "client_id",
    "outcome",
    "condition",
    "needs",
    "notes",
    "next_visit_on",
    "follow_up",
    "case_title",
    "case_line",
    "desk_outcome",
]


def test_the_visit_form_survives_hostile_posts(client, setup, worker_a):  # noqa: F811
    records_a, records_b = setup
    client.force_login(worker_a.user)
    url = reverse("carework:visit-new", args=[records_a["Person"].pk])
    cases_b = Case.objects.filter(committee=records_b["Committee"]).count()

    @RUNS
    @given(st.fixed_dictionaries({field: foreign_or_hostile(records_b) for field in VISIT_FIELDS}))
    def post(data):
        assert client.post(url, data).status_code < 500, data

    post()
    assert not HomeVisit.objects.filter(committee=records_b["Committee"]).exists()
    assert Case.objects.filter(committee=records_b["Committee"]).count() == cases_b
    assert not Case.objects.filter(committee=records_a["Committee"], line=records_b["OtherDistrictLine"]).exists()
    # A visit posted for B's person from A: not found.
    foreign = reverse("carework:visit-new", args=[records_b["Person"].pk])
    assert (
        client.post(foreign, {"client_id": "6f1c0c52-3a55-4d4c-9d8e-0c4c1f8a2b11", "outcome": "seen"}).status_code
        == 404
    )


def test_the_plans_form_survives_hostile_posts(client, setup, director_a):  # noqa: F811
    records_a, records_b = setup
    client.force_login(director_a.user)

    @RUNS
    @given(st.fixed_dictionaries({f: foreign_or_hostile(records_b) for f in ["target", "interval_days", "active"]}))
    def post(data):
        assert client.post(reverse("carework:plans"), data).status_code < 500, data

    post()
    assert not CarePlan.objects.filter(committee=records_b["Committee"]).exists()
    assert all(1 <= plan.interval_days <= 366 for plan in CarePlan.objects.all())


@pytest.mark.parametrize("name", ["carework:today", "carework:coverage"])
def test_the_lists_survive_hostile_query_strings(client, setup, director_a, name):  # noqa: F811
    _records_a, records_b = setup
    client.force_login(director_a.user)

    @RUNS
    @given(
        st.fixed_dictionaries({p: foreign_or_hostile(records_b) for p in ["area", "plan", "worker", "status", "flag"]})
    )
    def get(query):
        safe = {k: v.replace("\x00", "") for k, v in query.items()}
        assert client.get(reverse(name), safe).status_code < 500, query

    get()


def test_a_nonsense_person_number_is_not_found(client, worker_a):
    client.force_login(worker_a.user)
    assert client.get("/care/visit/99999999999999999999/new/").status_code == 404
