"""The case list finds a resident's cases by phone: the whole number or its last digits,
posted (sealed), never in the address."""

import pytest
from django.urls import reverse

from casework.services import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(committee_a, worker_a, line_civil, item_allowance):
    def make(title, phone):
        return case_open(
            committee=committee_a,
            first_responder=worker_a,
            title=title,
            line=line_civil,
            service_item=item_allowance,
            resident_phone=phone,
        )

    return make("甲的事项", "13912345678"), make("乙的事项", "13800009999")


@pytest.mark.parametrize("typed", ["13912345678", "139-1234-5678", "5678", "345678"])
def test_the_case_list_finds_a_case_by_the_whole_phone_or_its_last_digits(client_of, worker_a, cases, typed):
    response = client_of(worker_a).post(reverse("casework:case-list"), {"q": typed}, follow=True)
    html = response.content.decode()
    assert "甲的事项" in html
    assert "乙的事项" not in html
    assert typed not in response.redirect_chain[0][0]


def test_the_case_list_of_b_finds_no_case_of_a_by_phone(client_of, worker_b, cases):
    html = client_of(worker_b).post(reverse("casework:case-list"), {"q": "5678"}, follow=True).content.decode()
    assert "甲的事项" not in html
