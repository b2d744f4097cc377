"""The desk's rules: every outcome path of an intake."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.choices import CaseSource, CaseStatus
from reception.choices import Channel, Outcome
from reception.models import Appointment, Visit
from reception.services import missing_materials, visit_intake

pytestmark = pytest.mark.django_db


def intake(committee, worker, outcome, chosen, **kwargs):
    return visit_intake(
        committee=committee,
        received_by=worker,
        resident_name="赵阿姨",
        outcome=outcome,
        chosen=chosen,
        resident_phone="13912345678",
        **kwargs,
    )


def test_missing_materials_keep_the_catalogue_order(item_allowance):
    assert missing_materials(item_allowance, ["户口簿"]) == ["身份证", "银行卡"]
    assert missing_materials(item_allowance, item_allowance.materials) == []


def test_completed_on_the_spot_when_allowed_and_complete(committee_a, worker_a, item_residence, desk_a):
    visit = intake(committee_a, worker_a, Outcome.ON_THE_SPOT, [(item_residence, item_residence.materials)])
    assert visit.outcome == Outcome.ON_THE_SPOT and visit.case is None
    assert visit.items.get().materials_missing == []


def test_on_the_spot_is_refused_with_missing_papers(committee_a, worker_a, item_residence, desk_a):
    with pytest.raises(ValidationError) as excinfo:
        intake(committee_a, worker_a, Outcome.ON_THE_SPOT, [(item_residence, ["身份证原件"])])
    assert "一次性告知" in str(excinfo.value)
    assert not Visit.objects.exists()


def test_on_the_spot_is_refused_for_items_that_need_approval(committee_a, worker_a, item_allowance, desk_a):
    with pytest.raises(ValidationError) as excinfo:
        intake(committee_a, worker_a, Outcome.ON_THE_SPOT, [(item_allowance, item_allowance.materials)])
    assert "高龄津贴申请" in str(excinfo.value)


def test_the_notice_lists_exactly_what_is_missing(committee_a, worker_a, item_residence, item_allowance, desk_a):
    visit = intake(
        committee_a,
        worker_a,
        Outcome.NOTICE,
        [(item_residence, ["户口簿"]), (item_allowance, ["身份证", "户口簿", "银行卡"])],
    )
    missing = {vi.service_item.name: vi.materials_missing for vi in visit.items.select_related("service_item")}
    assert missing == {"居住证明": ["身份证原件", "租赁合同"], "高龄津贴申请": []}


def test_a_notice_with_nothing_missing_is_refused(committee_a, worker_a, item_residence, desk_a):
    with pytest.raises(ValidationError):
        intake(committee_a, worker_a, Outcome.NOTICE, [(item_residence, item_residence.materials)])


def test_handing_on_opens_a_case_owned_by_the_receiving_worker(
    working_day, committee_a, worker_a, item_allowance, desk_a
):
    handler, _backup = desk_a
    visit = intake(
        committee_a,
        worker_a,
        Outcome.HANDED_ON,
        [(item_allowance, item_allowance.materials)],
        channel=Channel.HOME_VISIT,
    )
    case = visit.case
    assert case.first_responder == worker_a and case.handler == handler
    assert case.source == CaseSource.HOME_VISIT and case.source_reference == visit.reference
    assert case.status == CaseStatus.DISPATCHED and case.service_item == item_allowance


def test_an_appointment_needs_a_worker_on_duty_then(committee_a, worker_a, director_a, item_allowance, tomorrow_duty):
    with pytest.raises(ValidationError) as excinfo:
        intake(
            committee_a,
            worker_a,
            Outcome.APPOINTMENT,
            [(item_allowance, [])],
            appointment_at=tomorrow_duty,
            appointment_worker=director_a,
        )
    assert "不值班" in str(excinfo.value)
    visit = intake(
        committee_a,
        worker_a,
        Outcome.APPOINTMENT,
        [(item_allowance, [])],
        appointment_at=tomorrow_duty,
        appointment_worker=worker_a,
    )
    appointment = Appointment.objects.get()
    assert appointment.visit == visit and appointment.worker == worker_a and appointment.starts_at == tomorrow_duty


def test_an_appointment_in_the_past_is_refused(committee_a, worker_a, item_allowance, desk_a):
    with pytest.raises(ValidationError):
        intake(
            committee_a,
            worker_a,
            Outcome.APPOINTMENT,
            [(item_allowance, [])],
            appointment_at=timezone.now() - dt.timedelta(hours=1),
            appointment_worker=worker_a,
        )


def test_a_consultation_needs_no_item(committee_a, worker_a, desk_a):
    visit = intake(committee_a, worker_a, Outcome.CONSULTATION, [], notes="询问社区食堂开放时间")
    assert visit.items.count() == 0


def test_other_outcomes_need_an_item(committee_a, worker_a, desk_a):
    with pytest.raises(ValidationError):
        intake(committee_a, worker_a, Outcome.HANDED_ON, [])


def test_a_return_visit_links_to_the_first(committee_a, worker_a, item_residence, desk_a):
    first = intake(committee_a, worker_a, Outcome.NOTICE, [(item_residence, ["户口簿"])])
    second = intake(
        committee_a, worker_a, Outcome.NOTICE, [(item_residence, ["户口簿", "身份证原件"])], previous_visit=first
    )
    third = intake(
        committee_a, worker_a, Outcome.ON_THE_SPOT, [(item_residence, item_residence.materials)], previous_visit=second
    )
    assert second.previous_visit == first and third.previous_visit == first


def test_a_return_visit_cannot_be_dated_before_the_first(committee_a, worker_a):
    from reception.services import visit_record

    first = visit_record(committee=committee_a, received_by=worker_a, resident_name="居民", outcome=Outcome.NOTICE)
    with pytest.raises(ValidationError) as refused:
        visit_record(
            committee=committee_a,
            received_by=worker_a,
            resident_name="居民",
            outcome=Outcome.CONSULTATION,
            previous_visit=first,
            received_at=first.received_at - dt.timedelta(days=1),
        )
    assert "previous_visit" in refused.value.message_dict


def test_an_id_number_is_stored_only_encrypted_and_masked(committee_a, worker_a, item_residence, desk_a):
    visit = intake(
        committee_a,
        worker_a,
        Outcome.ON_THE_SPOT,
        [(item_residence, item_residence.materials)],
        id_number="11010519491231002x",
    )
    stored = Visit.objects.filter(pk=visit.pk).values().get()
    assert "11010519491231002X" not in str(stored)
    assert visit.id_number_masked == "1101**********002X"
    history = visit.history.values().first()
    assert "11010519491231002X" not in str(history) and "id_number_encrypted" not in history
