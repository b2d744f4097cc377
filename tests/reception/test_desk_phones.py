"""The desk takes an old resident's landline (座机), with its extension, and refuses a
mobile no operator has, saying so; it finds residents by either, as typed any way, and by
the 11 digits visits held before phones were E.164 (utilities/phones.py)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from reception.choices import Outcome
from reception.models import Appointment, Visit
from reception.selectors import find_visits, resident_history
from reception.services import appointment_book, visit_record

pytestmark = pytest.mark.django_db
migration = import_module("reception.migrations.0007_phones_e164")


def intake(client, phone, **data):
    base = {"channel": "walk_in", "resident_name": "孙老伯", "resident_phone": phone, "outcome": "consultation"}
    return client.post(reverse("reception:home"), {**base, **data})


def test_the_desk_takes_a_landline_with_its_extension_and_masks_it(client_of, worker_a, desk_a):
    client = client_of(worker_a)
    response = intake(client, "021-6555 1234 转 123")
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert visit.resident_phone == "+862165551234x123"
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "021-****1234" in page and "6555" not in page


@pytest.mark.parametrize("typed", ["（０２１）６５５５１２３４", "6555 1234", "+86 21 6555 1234"])
def test_the_desk_takes_a_landline_typed_any_way(client_of, worker_a, desk_a, typed):
    assert intake(client_of(worker_a), typed).status_code == 302
    assert Visit.objects.get().resident_phone == "+862165551234"


def test_the_desk_refuses_an_unallocated_mobile_saying_why_and_keeps_it(client_of, worker_a, desk_a):
    response = intake(client_of(worker_a), "143 1234 5678", address="玉田路1弄")
    page = response.content.decode()
    assert response.status_code == 400
    assert "手机号段 143 未启用" in page
    assert 'value="143 1234 5678"' in page and 'value="玉田路1弄"' in page
    assert not Visit.objects.exists()


@pytest.mark.parametrize("typed", ["16012345678", "16412345678", "021-6555 123"])
def test_the_visit_service_refuses_what_is_no_phone_on_its_field(committee_a, worker_a, typed):
    with pytest.raises(ValidationError) as refused:
        visit_record(
            committee=committee_a,
            received_by=worker_a,
            resident_name="孙老伯",
            resident_phone=typed,
            outcome=Outcome.CONSULTATION,
        )
    assert "resident_phone" in refused.value.message_dict


def test_an_appointment_takes_a_landline_and_refuses_an_unallocated_mobile(committee_a, worker_a, tomorrow_duty):
    booking = dict(committee=committee_a, worker=worker_a, resident_name="钱先生", created_by=worker_a)
    appointment_book(starts_at=tomorrow_duty, resident_phone="02165551234", **booking)
    assert Appointment.objects.get().resident_phone == "+862165551234"
    with pytest.raises(ValidationError):
        appointment_book(starts_at=tomorrow_duty, resident_phone="14312345678", **booking)


def test_the_appointment_page_refuses_an_unallocated_mobile_with_the_message(client_of, worker_a, tomorrow_duty):
    response = client_of(worker_a).post(
        reverse("reception:appointment-book"),
        {
            "resident_name": "钱先生",
            "resident_phone": "16412345678",
            "starts_at": tomorrow_duty.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400 and "手机号段 164 未启用" in response.content.decode()


@pytest.fixture
def landline_visit(committee_a, worker_a):
    return visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="孙老伯",
        resident_phone="021-6555 1234 转 8",
        outcome=Outcome.CONSULTATION,
    )


def test_the_resident_look_up_finds_a_landline_typed_another_way(client_of, worker_a, worker_b, landline_visit):
    page = client_of(worker_a).post(reverse("reception:resident-lookup"), {"resident_phone": "(021)65551234"})
    assert landline_visit.reference in page.content.decode()
    other = client_of(worker_b).post(reverse("reception:resident-lookup"), {"resident_phone": "(021)65551234"})
    assert landline_visit.reference not in other.content.decode()


@pytest.mark.parametrize("typed", ["021-6555 1234", "1234", "65551234", "021-6555 1234 转 8"])
def test_the_ledger_finds_a_landline_by_the_whole_number_or_its_last_digits(client_of, worker_a, landline_visit, typed):
    html = client_of(worker_a).post(reverse("reception:ledger"), {"q": typed}, follow=True).content.decode()
    assert landline_visit.reference in html and "021-****1234" in html


def test_a_visit_stored_before_phones_were_e164_is_still_found(committee_a, worker_a):
    visit = visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        resident_phone="13912345678",
        outcome=Outcome.CONSULTATION,
    )
    Visit.objects.filter(pk=visit.pk).update(resident_phone="13912345678")  # as the old desk stored it
    assert resident_history(committee=committee_a, phone="+86 139 1234 5678")["visits"] == [visit]
    assert list(find_visits(committee=committee_a, query="139-1234-5678")) == [visit]
    assert visit.masked_phone == "139****5678"


def test_the_migration_rewrites_old_mobiles_to_e164_and_back(committee_a, worker_a, tomorrow_duty):
    visit = visit_record(
        committee=committee_a, received_by=worker_a, resident_name="赵阿姨", outcome=Outcome.CONSULTATION
    )
    appointment = appointment_book(
        committee=committee_a, worker=worker_a, resident_name="钱先生", created_by=worker_a, starts_at=tomorrow_duty
    )
    Visit.objects.filter(pk=visit.pk).update(resident_phone="13912345678")
    Appointment.objects.filter(pk=appointment.pk).update(resident_phone="14312345678")  # the old rule let it in
    landline = visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="孙老伯",
        resident_phone="021-6555 1234",
        outcome=Outcome.CONSULTATION,
    )

    migration.to_e164(apps, None)

    phones = lambda: (  # noqa: E731
        Visit.objects.get(pk=visit.pk).resident_phone,
        Appointment.objects.get(pk=appointment.pk).resident_phone,
        Visit.objects.get(pk=landline.pk).resident_phone,
    )
    assert phones() == ("+8613912345678", "+8614312345678", "+862165551234")
    migration.to_digits(apps, None)
    assert phones() == ("13912345678", "14312345678", "+862165551234")
