"""utilities.bulk.copy_insert: rows written with COPY read back exactly as the ORM wrote them."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from casework.choices import CaseStatus, EventKind
from casework.models import Case, CaseEvent
from casework.services import case_open
from reception.choices import Outcome
from reception.models import Visit, VisitItem
from staffing.models import DutyAssignment
from utilities.bulk import analyze, copy_insert

from .. import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="copy_insert's COPY path is PostgreSQL's; elsewhere it is bulk_create "
        "(the suite runs on PostgreSQL under `make test`)",
    ),
]


@pytest.fixture
def case(committee_a, worker_a, line_civil, item_allowance):
    return case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="楼道堆物",
        line=line_civil,
        service_item=item_allowance,
        resident_name="赵居民",
        resident_phone="13912345678",
    )


def test_rows_round_trip_with_json_dates_nulls_and_chinese(case, worker_a):
    at = timezone.make_aware(dt.datetime(2026, 3, 5, 9, 30, 15, 123456))
    tricky = '引号"逗号,换行\n反斜杠\\ 和 \\N 与空格 '
    events = [
        CaseEvent(
            case=case,
            kind=EventKind.NOTE,
            actor=worker_a,
            at=at,
            note=tricky,
            data={"满意度": "满意", "list": [1, None, "二"], "nested": {"a": True}},
        ),
        CaseEvent(case_id=case.pk, kind=EventKind.NOTE, actor=None, at=at, note="", data={}),  # NULL vs ""
        CaseEvent(
            case=case,
            kind=EventKind.STATUS,
            actor_id=worker_a.pk,
            at=at,
            from_status=CaseStatus.DISPATCHED,
            to_status=CaseStatus.IN_PROGRESS,
            note="在办",
        ),
    ]
    before = CaseEvent.objects.count()
    copy_insert(CaseEvent, events)

    assert CaseEvent.objects.count() == before + 3
    assert all(e.pk is not None and not e._state.adding for e in events)
    first, second, third = (CaseEvent.objects.get(pk=e.pk) for e in events)
    assert first.note == tricky
    assert first.data == {"满意度": "满意", "list": [1, None, "二"], "nested": {"a": True}}
    assert first.at == at and first.actor_id == worker_a.pk
    assert second.actor_id is None and second.note == "" and second.data == {}
    assert (third.from_status, third.to_status) == (CaseStatus.DISPATCHED, CaseStatus.IN_PROGRESS)
    # The sequence moved past the reserved keys: an ordinary save gets a new one.
    later = CaseEvent.objects.create(case=case, kind=EventKind.NOTE, note="之后")
    assert later.pk > max(e.pk for e in events)


def test_keys_link_rows_made_before_their_parents_were_inserted(committee_a, worker_a, item_residence):
    at = timezone.now() - dt.timedelta(hours=2)
    visits = [
        Visit(
            committee=committee_a,
            received_by=worker_a,
            received_at=at,
            resident_name=name,
            outcome=Outcome.NOTICE,
            reference=f"BULK-{n}",
        )
        for n, name in enumerate(["张三", "李四"])
    ]
    items = [VisitItem(visit=v, service_item=item_residence, materials_missing=["户口簿"]) for v in visits]
    copy_insert(Visit, visits)
    copy_insert(VisitItem, items)  # visit_id taken from the visits saved since
    assert [i.visit_id for i in items] == [v.pk for v in visits]
    stored = Visit.objects.get(pk=visits[1].pk)
    assert stored.resident_name == "李四" and stored.received_at == at and stored.case_id is None
    assert stored.resident_phone == "" and stored.voided_at is None
    assert list(stored.items.values_list("materials_missing", flat=True)) == [["户口簿"]]


def test_dates_and_auto_now_fields(case, committee_a, worker_a):
    shift = factories.shifts(committee_a)[0]
    day = dt.date(2025, 12, 31)
    duty = copy_insert(DutyAssignment, [DutyAssignment(committee=committee_a, date=day, shift=shift, worker=worker_a)])
    assert DutyAssignment.objects.get(pk=duty[0].pk).date == day

    stamp = timezone.now()
    twin = Case(
        committee=committee_a,
        reference="BULK-2026-1",
        line=case.line,
        title="双胞胎",
        first_responder=worker_a,
        handler=worker_a,
        due_at=case.due_at,
        status=CaseStatus.DISPATCHED,
    )
    copy_insert(Case, [twin])
    stored = Case.objects.get(pk=twin.pk)
    assert stored.updated_at >= stamp  # auto_now filled in, as save() would
    assert stored.resolved_at is None and stored.satisfaction == "" and stored.version == 1


def test_an_unsaved_parent_is_an_error_not_a_null(committee_a, worker_a, item_residence):
    visit = Visit(
        committee=committee_a, received_by=worker_a, resident_name="王五", outcome=Outcome.NOTICE, reference="BULK-X"
    )
    with pytest.raises(ValueError, match="unsaved"):
        copy_insert(VisitItem, [VisitItem(visit=visit, service_item=item_residence)])


def test_analyze_runs(case):
    analyze(Case, CaseEvent)
