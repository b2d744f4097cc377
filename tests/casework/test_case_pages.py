import datetime as dt

import pytest
from django.urls import reverse

from casework.choices import CaseStatus
from casework.models import Case

from .. import factories, query_budgets
from .conftest import TZ

pytestmark = pytest.mark.django_db


def test_a_worker_registers_a_12345_work_order(working_day, client_of, worker_a, handler_a, line_civil):
    page = client_of(worker_a).get(reverse("casework:case-open") + "?work_order=1").content.decode()
    assert 'name="source_reference"' in page and 'value="patrol"' not in page  # the rest is the desk's
    response = client_of(worker_a).post(
        reverse("casework:case-open"),
        {
            "title": "楼道堆物",
            "source": "hotline",
            "source_reference": "HL-2026-0001",
            "line": line_civil.pk,
            "resident_phone": "13912345678",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.first_responder == worker_a and case.handler == handler_a
    assert (case.source, case.source_reference) == ("hotline", "HL-2026-0001")


def test_a_matter_a_resident_brings_is_registered_at_the_desk_not_as_a_work_order(client_of, worker_a, line_civil):
    client = client_of(worker_a)
    assert client.get(reverse("casework:case-open"))["Location"] == reverse("reception:home")
    response = client.post(
        reverse("casework:case-open"), {"title": "楼道堆物", "source": "walk_in", "line": line_civil.pk}
    )
    assert response.status_code == 400 and not Case.objects.exists()


def test_bad_input_keeps_what_was_typed(client_of, worker_a):
    response = client_of(worker_a).post(
        reverse("casework:case-open"),
        {
            "title": "楼道堆物",
            "source": "hotline",
            "resident_phone": "12345",
            "description": "三楼走廊",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "手机号码应为 11 位" in page and "请选择条线或服务事项" in page
    assert "三楼走廊" in page and 'value="楼道堆物"' in page
    assert not Case.objects.exists()


def test_the_case_page_offers_only_allowed_actions(client_of, open_case, handler_a):
    page = client_of(handler_a).get(open_case.get_absolute_url()).content.decode()
    assert 'value="start"' in page and 'value="resolve"' in page
    assert 'value="follow_up"' not in page and 'value="resume"' not in page


def test_an_action_posts_through_the_service(client_of, open_case, handler_a):
    client = client_of(handler_a)
    response = client.post(
        open_case.get_absolute_url(),
        {
            "action": "resolve",
            "resolve-version": open_case.version,
            "resolve-resolution": "已发放津贴",
        },
    )
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert open_case.status == CaseStatus.RESOLVED and open_case.resolution == "已发放津贴"


def test_a_stale_page_is_told_and_keeps_the_input(client_of, open_case, handler_a, worker_a):
    stale_version = open_case.version
    client_of(worker_a).post(
        open_case.get_absolute_url(),
        {
            "action": "note",
            "note-version": stale_version,
            "note-note": "先到的记录",
        },
    )
    response = client_of(handler_a).post(
        open_case.get_absolute_url(),
        {
            "action": "resolve",
            "resolve-version": stale_version,
            "resolve-resolution": "我写的办理结果",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "刚被其他人更新" in page and "我写的办理结果" in page
    open_case.refresh_from_db()
    assert open_case.status == CaseStatus.DISPATCHED


def test_an_impossible_action_is_a_message_not_a_500(client_of, open_case, handler_a):
    response = client_of(handler_a).post(
        open_case.get_absolute_url(),
        {
            "action": "follow_up",
            "follow_up-version": open_case.version,
            "follow_up-satisfaction": "satisfied",
        },
    )
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert open_case.status == CaseStatus.DISPATCHED


def test_hand_on_to_a_worker_of_another_committee_is_not_offered(client_of, open_case, handler_a, worker_b):
    response = client_of(handler_a).post(
        open_case.get_absolute_url(),
        {
            "action": "hand_on",
            "hand_on-version": open_case.version,
            "hand_on-to": worker_b.pk,
            "hand_on-note": "x",
        },
    )
    assert response.status_code == 400
    open_case.refresh_from_db()
    assert open_case.handler == handler_a


def test_the_ledger_filters(client_of, open_case, worker_a, committee_a, line_civil):
    from casework.services import case_open

    other = case_open(committee=committee_a, first_responder=worker_a, title="邻里纠纷", line=factories.line())
    client = client_of(worker_a)
    page = client.get(reverse("casework:case-list"), {"line": line_civil.pk}).content.decode()
    assert open_case.reference in page and other.reference not in page
    page = client.post(reverse("casework:case-list"), {"q": "邻里"}, follow=True).content.decode()
    assert other.reference in page and open_case.reference not in page
    assert client.get(reverse("casework:case-list"), {"registered_from": "not-a-date", "page": "x"}).status_code == 200


def test_the_ledger_shows_only_my_committee(client_of, open_case, worker_b):
    page = client_of(worker_b).get(reverse("casework:case-list")).content.decode()
    assert open_case.reference not in page


def test_my_cases_include_those_i_first_received(client_of, open_case, worker_a, handler_a, time_machine):
    # Registered Monday 2026-11-23 with 5 working days: due Monday 30 November.
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, tzinfo=TZ), tick=False)
    page = client_of(worker_a).get(reverse("casework:my-cases")).content.decode()
    assert open_case.reference in page
    assert "剩 3 个工作日" in page  # Thursday, Friday, Monday
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=TZ), tick=False)
    page = client_of(worker_a).get(reverse("casework:my-cases")).content.decode()
    assert "超期 2 个工作日" in page


def test_query_counts_do_not_grow_with_cases(
    client_of, worker_a, committee_a, line_civil, handler_a, django_assert_max_num_queries
):
    from casework.services import case_open

    client = client_of(worker_a)
    for n in range(3):
        case_open(committee=committee_a, first_responder=worker_a, title=f"事项{n}", line=line_civil)
    with django_assert_max_num_queries(query_budgets.CASE_LIST) as few:
        client.get(reverse("casework:case-list"))
    few_count = len(few.captured_queries)  # read now: each request resets the query log
    for n in range(30):
        case_open(committee=committee_a, first_responder=worker_a, title=f"更多{n}", line=line_civil)
    with django_assert_max_num_queries(few_count):
        client.get(reverse("casework:case-list"))
    case = Case.objects.first()
    with django_assert_max_num_queries(query_budgets.CASE_PAGE):
        client.get(case.get_absolute_url())


@pytest.mark.django_db
def test_a_street_admin_picks_the_committee_before_the_handler(
    client_of, street_admin_a, office_a, committee_a, worker_a
):
    neighbour = factories.committee(office_a, code="AA02", name="甲二居委会")
    factories.worker(neighbour, name="邻居委会承办人")
    client = client_of(street_admin_a)

    def handlers(**params):
        response = client.get(reverse("casework:case-list"), params)
        assert response.status_code == 200
        return [label for _value, label in response.context["filter"].form.fields["handler"].choices][1:]

    assert handlers() == []
    assert handlers(committee=neighbour.pk) == ["邻居委会承办人"]
    assert worker_a.display_name in handlers(committee=committee_a.pk)
    assert handlers(committee="9" * 40) == []
