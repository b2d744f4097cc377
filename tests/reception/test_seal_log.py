"""The seal-use log (印章使用登记): recording a use only for approved items and only on
the committee's own visits, the filterable log, scoping, and a cost that does not grow."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reception.choices import Outcome
from reception.models import SealUse
from reception.services import seal_use_record, visit_record, visit_void

from .. import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def visit_a(committee_a, worker_a, item_residence):
    return visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        outcome=Outcome.ON_THE_SPOT,
        items=[(item_residence, [])],
        resident_phone="13912345678",
    )


@pytest.fixture
def visit_b(committee_b, worker_b, item_residence):
    return visit_record(
        committee=committee_b,
        received_by=worker_b,
        resident_name="乙居民",
        outcome=Outcome.ON_THE_SPOT,
        items=[(item_residence, [])],
    )


def record(client, visit_reference, item, document="居住证明", copies=1):
    return client.post(
        reverse("reception:seal-record"),
        {"reference": visit_reference, "service_item": item.pk, "document": document, "copies": copies},
    )


def log(client, **params):
    response = client.get(reverse("reception:seal-log"), params)
    assert response.status_code == 200
    return [use.document for use in response.context["page"].object_list]


# --- recording ------------------------------------------------------------------------------


def test_it_records_a_use_for_a_permitted_item(client_of, worker_a, visit_a, item_residence):
    client = client_of(worker_a)
    response = record(client, visit_a.reference, item_residence, document="居住证明（租房）", copies=2)
    assert response.status_code == 302 and response["Location"] == reverse("reception:seal-log")
    use = SealUse.objects.get()
    assert (use.visit, use.service_item, use.used_by, use.copies, use.committee_id) == (
        visit_a,
        item_residence,
        worker_a,
        2,
        visit_a.committee_id,
    )
    page = client.get(response["Location"]).content.decode()
    assert "居住证明（租房）" in page and visit_a.reference in page and "已登记用印" in page


def test_the_reference_is_found_whatever_its_case_and_spaces(client_of, worker_a, visit_a, item_residence):
    response = record(client_of(worker_a), f"  {visit_a.reference.lower()} ", item_residence)
    assert response.status_code == 302 and SealUse.objects.get().visit == visit_a


def test_a_non_permitted_item_is_refused_with_the_reason_and_the_input_kept(
    client_of, worker_a, visit_a, item_allowance
):
    response = record(client_of(worker_a), visit_a.reference, item_allowance, document="津贴申请表", copies=3)
    assert response.status_code == 400
    page = response.content.decode()
    assert "“高龄津贴申请”不在本居委会准予用印的事项清单内" in page
    assert f'value="{visit_a.reference}"' in page and 'value="津贴申请表"' in page and 'value="3"' in page
    assert re.search(rf'<option value="{item_allowance.pk}"[^>]* selected[ >]', page)
    assert not SealUse.objects.exists()


def test_another_committees_visit_is_not_found(client_of, worker_a, visit_b, item_residence):
    response = record(client_of(worker_a), visit_b.reference, item_residence)
    assert response.status_code == 400 and "找不到该登记" in response.content.decode()
    assert not SealUse.objects.exists()


def test_a_voided_visit_cannot_be_sealed(client_of, worker_a, visit_a, item_residence):
    visit_void(visit=visit_a, by=worker_a, reason="登记错了")
    response = record(client_of(worker_a), visit_a.reference, item_residence)
    assert response.status_code == 400 and "已作废的登记不能用印" in response.content.decode()


def test_the_number_of_copies_is_checked_by_the_service(client_of, worker_a, visit_a, item_residence):
    response = record(client_of(worker_a), visit_a.reference, item_residence, copies=0)
    assert response.status_code == 400 and "份数应在 1 到 50 之间" in response.content.decode()
    assert not SealUse.objects.exists()


def test_the_form_is_labelled_and_can_start_from_a_visit(client_of, worker_a, visit_a, item_allowance):
    page = client_of(worker_a).get(reverse("reception:seal-record"), {"reference": visit_a.reference}).content.decode()
    assert f'value="{visit_a.reference}"' in page
    for field in ("reference", "service_item", "document", "copies"):
        assert f'<label for="id_{field}"' in page
    assert "高龄津贴申请（不在用印清单）" in page


def test_only_the_desk_records_seal_uses(client_of, street_admin_a, visit_a, item_residence):
    client = client_of(street_admin_a)
    assert client.get(reverse("reception:seal-record")).status_code == 403
    assert record(client, visit_a.reference, item_residence).status_code == 403


# --- the log --------------------------------------------------------------------------------


@pytest.fixture
def uses_a(committee_a, worker_a, director_a, visit_a, item_residence, line_civil):
    other = factories.service_item(line_civil, name="困难证明", seal=True)
    uses = [
        seal_use_record(visit=visit_a, service_item=item_residence, by=worker_a, document="一号文件"),
        seal_use_record(visit=visit_a, service_item=other, by=director_a, document="二号文件"),
        seal_use_record(visit=visit_a, service_item=item_residence, by=director_a, document="三号文件"),
    ]
    for use, day in zip(uses, (1, 2, 3), strict=True):
        use.used_at = dt.datetime(2025, 3, day, 0, 30, tzinfo=SHANGHAI)  # 00:30 local is the day before in UTC
        use.save(update_fields=["used_at"])
    return uses, other


def test_the_log_lists_uses_newest_first(client_of, worker_a, uses_a):
    assert log(client_of(worker_a)) == ["三号文件", "二号文件", "一号文件"]


def test_the_log_filters_by_local_date_range(client_of, worker_a, uses_a):
    client = client_of(worker_a)
    assert log(client, used_from="2025-03-02", used_to="2025-03-02") == ["二号文件"]
    assert log(client, used_from="2025-03-02") == ["三号文件", "二号文件"]
    assert log(client, used_to="2025-03-01") == ["一号文件"]


def test_the_log_filters_by_service_item_and_worker(client_of, worker_a, director_a, uses_a, item_residence):
    client = client_of(worker_a)
    assert log(client, service_item=item_residence.pk) == ["三号文件", "一号文件"]
    assert log(client, used_by=director_a.pk) == ["三号文件", "二号文件"]
    assert log(client, used_by=worker_a.pk, service_item=uses_a[1].pk) == []


def test_the_log_is_printable_and_offers_recording(client_of, worker_a, uses_a):
    page = client_of(worker_a).get(reverse("reception:seal-log")).content.decode()
    assert "data-print" in page and reverse("reception:seal-record") in page
    assert '<th scope="col">' in page and '<th scope="row">' in page


def test_b_sees_none_of_as_seal_uses(client_of, worker_b, worker_a, uses_a):
    client = client_of(worker_b)
    assert log(client) == []
    response = client.get(reverse("reception:seal-log"), {"used_by": worker_a.pk})
    assert response.context["filter"].errors["used_by"] and list(response.context["page"].object_list) == []


def test_a_street_admin_reads_the_log_without_recording(client_of, street_admin_a, uses_a):
    client = client_of(street_admin_a)
    assert log(client) == ["三号文件", "二号文件", "一号文件"]
    assert reverse("reception:seal-record") not in client.get(reverse("reception:seal-log")).content.decode()


def test_the_log_cost_does_not_grow_with_the_rows(
    client_of, worker_a, visit_a, item_residence, django_assert_max_num_queries
):
    client = client_of(worker_a)

    def uses(count):
        for n in range(count):
            seal_use_record(visit=visit_a, service_item=item_residence, by=worker_a, document=f"文件{n}")

    uses(3)
    client.get(reverse("reception:seal-log"))
    with CaptureQueriesContext(connection) as with_3:
        client.get(reverse("reception:seal-log"))
    uses(27)
    with django_assert_max_num_queries(len(with_3)):
        assert len(log(client)) == 30
