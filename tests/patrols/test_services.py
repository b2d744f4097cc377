import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.choices import CaseSource
from casework.models import Case
from patrols.choices import FindingCategory, FindingStatus
from patrols.models import Finding, Patrol
from patrols.services import finding_record, finding_withdraw, patrol_end, patrol_start, patrol_withdraw
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def patrol(working_day, area_a, worker_a):
    return patrol_start(client_id=uuid.uuid4(), committee=area_a.committee, grid_area=area_a, worker=worker_a.user)


def test_it_starts_a_patrol_dated_the_day_it_started(working_day, area_a, worker_a):
    patrol = patrol_start(client_id=uuid.uuid4(), committee=area_a.committee, grid_area=area_a, worker=worker_a.user)

    assert patrol.date == working_day.date()
    assert patrol.under_way
    assert patrol.received_at is not None


def test_a_start_sent_twice_is_stored_once_and_unchanged(working_day, area_a, worker_a, director_a):
    client_id = uuid.uuid4()
    first = patrol_start(client_id=client_id, committee=area_a.committee, grid_area=area_a, worker=worker_a.user)
    again = patrol_start(
        client_id=str(client_id),
        committee=area_a.committee,
        grid_area=factories.grid_area(area_a.committee),
        worker=director_a.user,
    )

    assert again.pk == first.pk
    assert Patrol.objects.count() == 1
    assert Patrol.objects.get().grid_area == area_a


def test_a_second_round_of_the_same_area_the_same_day_is_its_own_patrol(patrol, area_a, worker_a):
    patrol_start(client_id=uuid.uuid4(), committee=area_a.committee, grid_area=area_a, worker=worker_a.user)

    assert Patrol.objects.filter(grid_area=area_a, date=patrol.date).count() == 2


def test_a_worker_may_patrol_a_colleagues_area(working_day, committee_a, worker_a, director_a):
    colleagues = factories.grid_area(committee_a, responsible=director_a)

    patrol = patrol_start(client_id=uuid.uuid4(), committee=committee_a, grid_area=colleagues, worker=worker_a.user)

    assert patrol.worker == worker_a.user


def test_it_refuses_another_committees_area(working_day, committee_a, committee_b, worker_a):
    foreign = factories.grid_area(committee_b)

    with pytest.raises(ValidationError):
        patrol_start(client_id=uuid.uuid4(), committee=committee_a, grid_area=foreign, worker=worker_a.user)
    assert not Patrol.objects.exists()


def test_it_refuses_another_committees_worker(working_day, area_a, worker_b):
    with pytest.raises(ValidationError):
        patrol_start(client_id=uuid.uuid4(), committee=area_a.committee, grid_area=area_a, worker=worker_b.user)


def test_it_refuses_a_start_in_the_future(working_day, area_a, worker_a):
    with pytest.raises(ValidationError):
        patrol_start(
            client_id=uuid.uuid4(),
            committee=area_a.committee,
            grid_area=area_a,
            worker=worker_a.user,
            started_at=timezone.now() + dt.timedelta(days=1),
        )


def test_a_client_id_of_another_committees_patrol_is_refused_not_returned(working_day, area_a, worker_a, worker_b):
    theirs = factories.grid_area(worker_b.committee)
    client_id = uuid.uuid4()
    patrol_start(client_id=client_id, committee=theirs.committee, grid_area=theirs, worker=worker_b.user)

    with pytest.raises(ValidationError):
        patrol_start(client_id=client_id, committee=area_a.committee, grid_area=area_a, worker=worker_a.user)


def test_it_ends_a_patrol_with_its_route(patrol, worker_a):
    ended = patrol_end(patrol=patrol, by=worker_a.user, route_notes="  1号楼→5号楼→小区北门 ")

    assert ended.ended_at > ended.started_at
    assert ended.route_notes == "1号楼→5号楼→小区北门"


def test_an_end_sent_twice_keeps_the_first(patrol, worker_a):
    first = patrol_end(patrol=patrol, by=worker_a.user, route_notes="第一次")
    again = patrol_end(patrol=patrol, by=worker_a.user, route_notes="第二次")

    assert again.ended_at == first.ended_at
    assert Patrol.objects.get().route_notes == "第一次"


def test_it_refuses_an_end_before_the_start(patrol, worker_a):
    with pytest.raises(ValidationError):
        patrol_end(patrol=patrol, by=worker_a.user, ended_at=patrol.started_at - dt.timedelta(minutes=1))
    assert Patrol.objects.get().ended_at is None


def test_it_records_a_finding(patrol, worker_a):
    finding = finding_record(
        client_id=uuid.uuid4(),
        patrol=patrol,
        by=worker_a.user,
        category=FindingCategory.SANITATION,
        description="垃圾满溢",
        location="3号楼北侧",
    )

    assert finding.status == FindingStatus.OPEN
    assert finding.case is None
    assert not Case.objects.exists()


def test_a_finding_opens_a_case_of_the_patrols_area_with_no_resident(patrol, worker_a, line_civil):
    finding = finding_record(
        client_id=uuid.uuid4(),
        patrol=patrol,
        by=worker_a.user,
        category=FindingCategory.SAFETY,
        description="楼道堆放电瓶车充电",
        location="5号楼2单元",
        case_title="楼道违规充电",
        case_line=line_civil,
    )

    case = Case.objects.get()
    assert finding.case == case
    assert finding.status == FindingStatus.CASE
    assert case.source == CaseSource.PATROL
    assert case.first_responder == worker_a
    assert case.grid_area == patrol.grid_area
    assert case.title == "楼道违规充电"
    assert case.address == "5号楼2单元"
    assert case.resident_name == ""
    assert case.person is None


def test_a_finding_of_an_area_with_a_long_name_opens_its_case(working_day, committee_a, worker_a, line_civil):
    area = factories.grid_area(
        committee_a, responsible=worker_a, name="第一片区（1–12号楼、15号楼、汶水路 100 弄沿街商铺及地下车库）"
    )
    patrol = factories.patrol(area, worker_a)

    finding = finding_record(
        client_id=uuid.uuid4(),
        patrol=patrol,
        by=worker_a.user,
        category=FindingCategory.FACILITY,
        description="地库照明损坏",
        case_line=line_civil,
        recorded_at=patrol.started_at,
    )

    assert finding.case.source_reference.startswith(f"{patrol.date:%Y-%m-%d} 第一片区")


def test_a_finding_sent_twice_is_stored_once_and_opens_one_case(patrol, worker_a, line_civil):
    values = {
        "client_id": uuid.uuid4(),
        "patrol": patrol,
        "by": worker_a.user,
        "category": FindingCategory.FACILITY,
        "description": "路灯不亮",
        "case_line": line_civil,
    }
    first = finding_record(**values)
    again = finding_record(**{**values, "description": "改过的"})

    assert again.pk == first.pk
    assert Finding.objects.get().description == "路灯不亮"
    assert Case.objects.count() == 1


def test_a_finding_that_cannot_open_its_case_is_not_stored(patrol, worker_a, line_civil):
    line_civil.district = factories.district(code="OTHER", name="外区")
    line_civil.save()

    with pytest.raises(ValidationError):
        finding_record(
            client_id=uuid.uuid4(),
            patrol=patrol,
            by=worker_a.user,
            category=FindingCategory.OTHER,
            description="井盖缺失",
            case_line=line_civil,
        )
    assert not Finding.objects.exists()


def test_another_committees_worker_cannot_add_a_finding(patrol, worker_b):
    with pytest.raises(ValidationError):
        finding_record(
            client_id=uuid.uuid4(), patrol=patrol, by=worker_b.user, category=FindingCategory.OTHER, description="x"
        )
    assert not Finding.objects.exists()


@pytest.mark.parametrize(("category", "description"), [("fire", "有情况"), (FindingCategory.OTHER, "   ")])
def test_it_refuses_a_finding_without_category_or_description(patrol, worker_a, category, description):
    with pytest.raises(ValidationError):
        finding_record(
            client_id=uuid.uuid4(), patrol=patrol, by=worker_a.user, category=category, description=description
        )


def test_a_finding_may_arrive_after_its_patrol_ended(working_day, area_a, worker_a):
    patrol = factories.patrol(area_a, worker_a, ended=True)

    finding = finding_record(
        client_id=uuid.uuid4(),
        patrol=patrol,
        by=worker_a.user,
        category=FindingCategory.OTHER,
        description="补录",
        recorded_at=patrol.started_at + dt.timedelta(minutes=10),
    )

    assert finding.recorded_at < finding.received_at


def test_a_withdrawn_finding_is_kept_with_its_reason(patrol, worker_a):
    finding = finding_record(
        client_id=uuid.uuid4(), patrol=patrol, by=worker_a.user, category=FindingCategory.OTHER, description="误报"
    )

    with pytest.raises(ValidationError):
        finding_withdraw(finding=finding, by=worker_a.user, reason=" ")
    finding_withdraw(finding=finding, by=worker_a.user, reason="看错了")
    again = finding_withdraw(finding=finding, by=worker_a.user, reason="再次")

    assert again.withdraw_reason == "看错了"
    assert Finding.objects.get().withdrawn_at is not None


def test_a_patrol_started_by_mistake_is_withdrawn_with_a_reason_and_takes_nothing_more(patrol, worker_a):
    with pytest.raises(ValidationError):
        patrol_withdraw(patrol=patrol, by=worker_a.user, reason="  ")
    patrol_withdraw(patrol=patrol, by=worker_a.user, reason="开错片区")
    again = patrol_withdraw(patrol=patrol, by=worker_a.user, reason="再次")

    assert again.withdraw_reason == "开错片区"
    assert not again.under_way
    with pytest.raises(ValidationError):
        finding_record(
            client_id=uuid.uuid4(), patrol=again, by=worker_a.user, category=FindingCategory.OTHER, description="x"
        )
    with pytest.raises(ValidationError):
        patrol_end(patrol=again, by=worker_a.user)


def test_another_committees_worker_cannot_withdraw_a_patrol(patrol, worker_b):
    with pytest.raises(ValidationError):
        patrol_withdraw(patrol=patrol, by=worker_b.user, reason="x")
    assert Patrol.objects.get().withdrawn_at is None
