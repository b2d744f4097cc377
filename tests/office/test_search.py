"""The header search (office.search): a worker finds a case or a visit by a reference, a
notice number or its last digits, a phone or its last digits, or a name — posted, scoped
like every list, phones masked."""

import pytest
from django.urls import reverse

from casework.services import case_open
from reception.choices import Outcome
from reception.services import visit_record
from tests import factories, query_budgets

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture
def case_a(committee_a, worker_a, line_civil, item_allowance):
    return case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="楼道路灯不亮",
        line=line_civil,
        service_item=item_allowance,
        resident_name="赵阿姨",
        resident_phone=PHONE,
    )


@pytest.fixture
def visit_a(committee_a, worker_a, item_allowance):
    return visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="钱伯伯",
        resident_phone="13800001111",
        outcome=Outcome.NOTICE,
        items=[(item_allowance, ["户口簿"])],
    )


@pytest.fixture
def case_b(committee_b, worker_b, line_civil, item_allowance):
    return case_open(
        committee=committee_b,
        first_responder=worker_b,
        title="乙居委会的事项",
        line=line_civil,
        service_item=item_allowance,
        resident_name="赵阿姨",
        resident_phone=PHONE,
    )


def search(client, text):
    return client.post(reverse("office:search"), {"q": text})


def test_it_opens_the_one_case_found_by_the_last_four_digits_of_a_phone(client_of, worker_a, case_a):
    response = search(client_of(worker_a), "5678")
    assert response.status_code == 302
    assert response.url == case_a.get_absolute_url()


def test_it_finds_by_the_whole_phone_with_spaces(client_of, worker_a, case_a, visit_a):
    response = search(client_of(worker_a), "139 1234 5678")
    assert response.url == case_a.get_absolute_url()


@pytest.mark.parametrize("typed", ["(021)6555 1234", "021-6555 1234 转 8", "5551234"])
def test_it_finds_a_landline_typed_any_way(client_of, worker_a, committee_a, line_civil, typed):
    case = case_open(
        committee=committee_a, first_responder=worker_a, title="座机", line=line_civil, resident_phone="021-65551234转8"
    )
    assert search(client_of(worker_a), typed).url == case.get_absolute_url()


def test_it_finds_by_the_whole_phone_after_86(client_of, worker_a, case_a, visit_a):
    assert search(client_of(worker_a), "+86 139 1234 5678").url == case_a.get_absolute_url()


def test_it_finds_a_notice_by_its_last_digits(client_of, worker_a, visit_a):
    tail = visit_a.reference[-4:]
    response = search(client_of(worker_a), tail)
    assert response.status_code == 302
    assert response.url == visit_a.get_absolute_url()


def test_it_finds_a_case_by_its_reference(client_of, worker_a, case_a):
    response = search(client_of(worker_a), case_a.reference.lower())
    assert response.url == case_a.get_absolute_url()


def test_it_lists_cases_and_visits_by_name_with_phones_masked(client_of, worker_a, case_a, visit_a, committee_a):
    visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        resident_phone=PHONE,
        outcome=Outcome.CONSULTATION,
    )
    response = search(client_of(worker_a), "赵阿")
    assert response.status_code == 200
    html = response.content.decode()
    assert case_a.reference in html
    assert "139****5678" in html
    assert PHONE not in html.replace('value="', "")  # the number itself is only in the box typed into
    assert visit_a.reference not in html  # 钱伯伯


def test_a_worker_of_b_never_finds_a_case_of_a(client_of, worker_b, case_a, case_b):
    response = search(client_of(worker_b), PHONE)
    assert response.url == case_b.get_absolute_url()
    response = search(client_of(worker_b), case_a.reference)
    assert response.status_code == 200
    assert case_a.get_absolute_url() not in response.content.decode()


def test_the_street_admin_finds_in_every_committee_of_the_street(
    client_of, street_admin_a, office_a, case_a, case_b, line_civil, item_allowance
):
    other = factories.committee(office_a, code="AA02", name="甲二居委会")
    case_a2 = case_open(
        committee=other,
        first_responder=factories.worker(other),
        title="甲二的事项",
        line=line_civil,
        service_item=item_allowance,
        resident_name="赵阿姨",
    )
    html = search(client_of(street_admin_a), "赵阿姨").content.decode()
    assert case_a.get_absolute_url() in html
    assert case_a2.get_absolute_url() in html
    assert "甲二居委会" in html  # the committee column, for results of several
    assert case_b.get_absolute_url() not in html  # another street office


def test_nothing_found_says_so(client_of, worker_a, case_a):
    html = search(client_of(worker_a), "孙某某").content.decode()
    assert "没有找到事项" in html
    assert "没有找到来访登记" in html


def test_an_empty_or_overlong_search_is_a_form_error_not_a_500(client_of, worker_a):
    client = client_of(worker_a)
    assert search(client, "").status_code == 400
    assert search(client, "x" * 500).status_code == 400


def test_three_digits_are_no_phone_search(client_of, worker_a, case_a):
    html = search(client_of(worker_a), "678").content.decode()
    assert case_a.reference not in html


def test_the_header_carries_the_posted_search_box(client_of, worker_a):
    html = client_of(worker_a).get(reverse("casework:my-cases")).content.decode()
    assert 'id="header-search"' in html
    assert f'action="{reverse("office:search")}" method="post"' in html
    assert "shortcuts.js" in html


def test_a_case_and_the_visit_handed_on_into_it_are_one_matter_and_open_the_case(
    client_of, worker_a, committee_a, case_a, item_allowance
):
    visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        resident_phone=PHONE,
        outcome=Outcome.HANDED_ON,
        items=[(item_allowance, [])],
        case=case_a,
    )
    response = search(client_of(worker_a), "5678")
    assert response.status_code == 302 and response.url == case_a.get_absolute_url()


def test_two_matters_are_listed_not_opened(client_of, worker_a, committee_a, case_a):
    visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        resident_phone=PHONE,
        outcome=Outcome.CONSULTATION,
    )
    response = search(client_of(worker_a), "5678")
    assert response.status_code == 200


def test_the_search_costs_a_fixed_number_of_queries(
    client_of, worker_a, committee_a, case_a, django_assert_num_queries
):
    for n in range(5):
        visit_record(
            committee=committee_a,
            received_by=worker_a,
            resident_name=f"赵阿姨{n}",
            resident_phone=PHONE,
            outcome=Outcome.CONSULTATION,
        )
    client = client_of(worker_a)
    with django_assert_num_queries(query_budgets.SEARCH):
        response = search(client, "赵阿姨")
    assert response.status_code == 200
