"""The visit ledger finds a resident's visits by phone (whole or last digits), showing
the phone masked as every ledger row does."""

import pytest
from django.urls import reverse

from reception.choices import Outcome
from reception.services import visit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits(committee_a, worker_a):
    def make(name, phone):
        return visit_record(
            committee=committee_a,
            received_by=worker_a,
            resident_name=name,
            resident_phone=phone,
            outcome=Outcome.CONSULTATION,
        )

    return make("赵阿姨", "13912345678"), make("钱伯伯", "13800009999")


@pytest.mark.parametrize("typed", ["13912345678", "5678"])
def test_the_ledger_finds_visits_by_phone_and_masks_it(client_of, worker_a, visits, typed):
    response = client_of(worker_a).post(reverse("reception:ledger"), {"q": typed}, follow=True)
    html = response.content.decode()
    assert "赵阿姨" in html
    assert "钱伯伯" not in html
    assert "139****5678" in html
    assert "13912345678" not in html.replace('value="13912345678"', "")


def test_the_ledger_of_b_finds_no_visit_of_a_by_phone(client_of, worker_b, visits):
    html = client_of(worker_b).post(reverse("reception:ledger"), {"q": "5678"}, follow=True).content.decode()
    assert "赵阿姨" not in html
