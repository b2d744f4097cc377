"""The six-step loop: every allowed transition works, every other one is refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import services
from casework.choices import TRANSITIONS, CaseAction, CaseStatus, EventKind, Satisfaction, allowed_actions
from casework.models import Case

from .. import factories

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def put_in(case: Case, status: str) -> Case:
    Case.objects.filter(pk=case.pk).update(status=status, paused_since=timezone.now() if status == "waiting" else None)
    case.refresh_from_db()
    return case


def perform(action: str, case: Case, by):
    calls = {
        CaseAction.DISPATCH: None,
        CaseAction.START: lambda: services.case_start(case=case, by=by),
        CaseAction.PAUSE: lambda: services.case_pause(case=case, by=by, reason="等居民补交户口簿"),
        CaseAction.RESUME: lambda: services.case_resume(case=case, by=by),
        CaseAction.RESOLVE: lambda: services.case_resolve(case=case, by=by, resolution="已办好"),
        CaseAction.FOLLOW_UP: lambda: services.case_follow_up(case=case, by=by, satisfaction=Satisfaction.SATISFIED),
        CaseAction.REOPEN: lambda: services.case_reopen(case=case, by=by, reason="居民反映未解决"),
        CaseAction.VOID: lambda: services.case_void(case=case, by=by, reason="重复登记"),
    }
    return calls[action]()


ACTIONS = [a for a in CaseAction.values if a != CaseAction.DISPATCH]  # dispatch happens inside case_open

# The six-step loop as the desk knows it, written out here rather than read from
# casework.choices.TRANSITIONS: a source added to or dropped from that table fails a test.
# action: (the statuses it may start from, the status it leads to)
EXPECTED = {
    "start": ({"registered", "dispatched"}, "in_progress"),
    "pause": ({"dispatched", "in_progress"}, "waiting"),
    "resume": ({"waiting"}, "in_progress"),
    "resolve": ({"dispatched", "in_progress"}, "resolved"),
    "follow_up": ({"resolved"}, "closed"),
    "reopen": ({"resolved", "closed"}, "in_progress"),
    "void": ({"registered", "dispatched", "in_progress", "waiting"}, "voided"),
}


def test_the_table_is_the_one_written_here():
    assert {action: (set(sources), target) for action, (sources, target) in TRANSITIONS.items()} == {
        "dispatch": ({"registered"}, "dispatched"),
        **EXPECTED,
    }


@pytest.mark.parametrize("status", CaseStatus.values)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_transition_is_allowed_or_refused_as_expected(open_case, handler_a, status, action):
    case = put_in(open_case, status)
    sources, target = EXPECTED[action]
    if status in sources:
        result = perform(action, case, handler_a)
        assert result.status == target
        assert result.version == case.version + 1
    else:
        with pytest.raises(ValidationError) as excinfo:
            perform(action, case, handler_a)
        assert "不能" in " ".join(excinfo.value.messages)
        case.refresh_from_db()
        assert case.status == status


def test_the_buttons_come_from_the_same_table():
    assert allowed_actions(CaseStatus.WAITING) == [CaseAction.RESUME, CaseAction.VOID]
    assert CaseAction.FOLLOW_UP in allowed_actions(CaseStatus.RESOLVED)
    assert allowed_actions(CaseStatus.VOIDED) == []


def test_a_pause_moves_the_deadline_by_the_working_days_waited(open_case, handler_a, time_machine):
    due_before = timezone.localtime(open_case.due_at).date()  # 2026-11-30
    monday = dt.datetime(2026, 11, 23, 14, 0, tzinfo=TZ)
    time_machine.move_to(monday, tick=False)
    services.case_pause(case=open_case, by=handler_a, reason="等待街道答复")
    thursday = dt.datetime(2026, 11, 26, 9, 0, tzinfo=TZ)
    time_machine.move_to(thursday, tick=False)
    case = services.case_resume(case=open_case, by=handler_a)
    assert case.paused_working_days == 3  # Tue, Wed, Thu
    assert timezone.localtime(case.due_at).date() == dt.date(2026, 12, 3)
    assert due_before == dt.date(2026, 11, 30)
    kinds = list(case.events.values_list("kind", flat=True))
    assert EventKind.PAUSED in kinds and EventKind.RESUMED in kinds
    resumed = case.events.get(kind=EventKind.RESUMED)
    assert resumed.data["paused_working_days"] == 3


def test_a_pause_over_a_weekend_costs_only_working_days(open_case, handler_a, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 27, 16, 0, tzinfo=TZ), tick=False)  # Friday
    services.case_pause(case=open_case, by=handler_a, reason="等待")
    time_machine.move_to(dt.datetime(2026, 11, 30, 9, 0, tzinfo=TZ), tick=False)  # Monday
    case = services.case_resume(case=open_case, by=handler_a)
    assert case.paused_working_days == 1


def test_a_pause_needs_a_reason(open_case, handler_a):
    with pytest.raises(ValidationError):
        services.case_pause(case=open_case, by=handler_a, reason="  ")


def test_satisfied_follow_up_closes(open_case, handler_a, worker_a):
    services.case_resolve(case=open_case, by=handler_a, resolution="已发放")
    case = services.case_follow_up(case=open_case, by=worker_a, satisfaction=Satisfaction.BASICALLY, comment="还行")
    assert case.status == CaseStatus.CLOSED and case.closed_at and case.satisfaction == Satisfaction.BASICALLY


def test_unsatisfied_follow_up_reopens_with_the_handler(open_case, handler_a, worker_a):
    services.case_resolve(case=open_case, by=handler_a, resolution="已发放")
    case = services.case_follow_up(case=open_case, by=worker_a, satisfaction=Satisfaction.UNSATISFIED, comment="太慢")
    assert case.status == CaseStatus.IN_PROGRESS and case.handler == handler_a
    assert case.satisfaction == Satisfaction.UNSATISFIED


def test_unsatisfied_follow_up_can_go_to_the_director(open_case, handler_a, worker_a, director_a):
    services.case_resolve(case=open_case, by=handler_a, resolution="已发放")
    case = services.case_follow_up(case=open_case, by=worker_a, satisfaction=Satisfaction.UNSATISFIED, escalate=True)
    assert case.status == CaseStatus.IN_PROGRESS and case.handler == director_a
    assert case.events.filter(kind=EventKind.HANDED_ON).exists()
    assert director_a.notifications.filter(case=case).exists()


def test_hand_on_keeps_the_first_responder_and_tells_both(open_case, handler_a, worker_a, committee_a):
    colleague = factories.worker(committee_a, name="接手人")
    case = services.case_hand_on(case=open_case, by=handler_a, to=colleague, reason="涉及住房条线")
    assert case.handler == colleague and case.first_responder == worker_a
    assert colleague.notifications.filter(case=case).exists()
    assert worker_a.notifications.filter(case=case).exists()
    event = case.events.get(kind=EventKind.HANDED_ON)
    assert event.data["to"] == colleague.pk and event.note == "涉及住房条线"


def test_hand_on_to_another_committee_is_refused(open_case, handler_a, worker_b):
    with pytest.raises(ValidationError):
        services.case_hand_on(case=open_case, by=handler_a, to=worker_b, reason="x")


def test_a_stale_version_is_a_conflict_and_changes_nothing(open_case, handler_a):
    version = open_case.version
    services.case_start(case=open_case, by=handler_a, expected_version=version)
    with pytest.raises(services.CaseConflict):
        services.case_resolve(case=open_case, by=handler_a, resolution="x", expected_version=version)
    open_case.refresh_from_db()
    assert open_case.status == CaseStatus.IN_PROGRESS


def test_a_chase_is_recorded_and_notifies_handler_and_first_responder(
    open_case, handler_a, worker_a, committee_a, django_capture_on_commit_callbacks
):
    desk = factories.worker(committee_a, name="值班社工")
    with django_capture_on_commit_callbacks() as callbacks:
        services.case_chase(case=open_case, by=desk, note="居民来电询问进度")
    assert open_case.events.filter(kind=EventKind.CHASED).exists()
    assert handler_a.notifications.filter(text__contains="催办").exists()
    assert worker_a.notifications.filter(text__contains="催办").exists()
    assert len(callbacks) == 1  # the mail goes out after the commit


def test_voiding_keeps_the_record(open_case, handler_a):
    services.case_void(case=open_case, by=handler_a, reason="重复登记")
    assert Case.objects.filter(pk=open_case.pk, status=CaseStatus.VOIDED, void_reason="重复登记").exists()
