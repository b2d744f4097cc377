"""Cases take a resident's landline and refuse a mobile no operator has, saying so; the case
list finds them by either; migration 0012 rewrote the 11-digit mobiles cases held to E.164."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Case
from casework.services import case_open

pytestmark = pytest.mark.django_db
migration = import_module("casework.migrations.0012_phones_e164")


def work_order(client, line, phone):
    return client.post(
        reverse("casework:case-open"),
        {"title": "楼道堆物", "source": "hotline", "line": line.pk, "resident_phone": phone},
    )


def test_a_work_order_takes_a_landline_with_its_extension(working_day, client_of, worker_a, handler_a, line_civil):
    client = client_of(worker_a)
    response = work_order(client, line_civil, "021-6555 1234-8")
    case = Case.objects.get()
    assert response.status_code == 302 and case.resident_phone == "+862165551234x8"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "021-****1234" in page and "6555" not in page


def test_a_work_order_refuses_an_unallocated_mobile_saying_why(client_of, worker_a, handler_a, line_civil):
    response = work_order(client_of(worker_a), line_civil, "160 1234 5678")
    assert response.status_code == 400
    assert "手机号段 160 未启用" in response.content.decode()
    assert not Case.objects.exists()


def test_the_case_service_refuses_an_unallocated_mobile_on_its_field(committee_a, worker_a, handler_a, line_civil):
    with pytest.raises(ValidationError) as refused:
        case_open(
            committee=committee_a, first_responder=worker_a, title="x", line=line_civil, resident_phone="14312345678"
        )
    assert "resident_phone" in refused.value.message_dict


@pytest.fixture
def landline_case(committee_a, worker_a, handler_a, line_civil):
    return case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="孙老伯的事项",
        line=line_civil,
        resident_phone="(021)6555 1234",
    )


@pytest.mark.parametrize("typed", ["021-6555 1234", "02165551234", "1234", "5551234"])
def test_the_case_list_finds_a_landline_by_the_whole_number_or_its_last_digits(
    client_of, worker_a, worker_b, landline_case, typed
):
    html = client_of(worker_a).post(reverse("casework:case-list"), {"q": typed}, follow=True).content.decode()
    assert "孙老伯的事项" in html
    other = client_of(worker_b).post(reverse("casework:case-list"), {"q": typed}, follow=True).content.decode()
    assert "孙老伯的事项" not in other


def test_the_case_list_finds_a_mobile_stored_before_phones_were_e164(client_of, worker_a, open_case):
    Case.objects.filter(pk=open_case.pk).update(resident_phone="13912345678")
    html = client_of(worker_a).post(reverse("casework:case-list"), {"q": "+86 139 1234 5678"}, follow=True)
    assert "高龄津贴申请" in html.content.decode()


def test_the_migration_rewrites_old_mobiles_to_e164_and_back(open_case, landline_case):
    Case.objects.filter(pk=open_case.pk).update(resident_phone="13912345678")

    migration.to_e164(apps, None)

    phones = lambda: list(Case.objects.order_by("pk").values_list("resident_phone", flat=True))  # noqa: E731
    assert phones() == ["+8613912345678", "+862165551234"]
    migration.to_digits(apps, None)
    assert phones() == ["13912345678", "+862165551234"]
