"""Issue 16, points 3-5 of casework: 我的事项 in sections, hand-offs that notify, opening a
notification marks it read, the director's 督办 (apart from a resident's 催办), the overdue
list, street escalation and 回访 reminders on the timeline, the step bar and the messages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.choices import CaseStatus, EventKind, ReminderKind, Satisfaction
from casework.models import Case, CaseEvent, Notification, Reminder
from casework.reminders import sweep
from casework.services import (
    case_chase,
    case_follow_up,
    case_open,
    case_pause,
    case_resolve,
    case_supervise,
    case_void,
)
from staffing.choices import LeaveStatus, SwapStatus
from staffing.models import DutyAssignment, Leave, SwapRequest

from .. import factories
from .conftest import TZ

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=TZ)  # a Wednesday


@pytest.fixture
def wednesday(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def colleague(committee_a, line_civil, director_a):
    handler = factories.worker(committee_a, name="李承办")
    spare = factories.worker(committee_a, name="B岗")
    factories.posts(committee_a, line_civil, handler, spare)
    return handler


def a_case(committee, first_responder, line, *, title="路灯不亮", due: dt.date | None = None, handler=None):
    case = case_open(committee=committee, first_responder=first_responder, title=title, line=line, handler=handler)
    if due is not None:
        Case.objects.filter(pk=case.pk).update(due_at=dt.datetime.combine(due, dt.time(23, 59, 59), tzinfo=TZ))
        case.refresh_from_db()
    return case


# --- hand-offs notify, and 我的事项 shows what waits on me ---------------------------------------


def test_a_resolved_case_tells_its_first_responder_to_follow_up(
    wednesday, committee_a, worker_a, colleague, line_civil
):
    case = a_case(committee_a, worker_a, line_civil)
    case_resolve(case=case, by=colleague, resolution="已修复路灯")
    told = Notification.objects.filter(recipient=worker_a, case=case).latest("created_at")
    assert "已办结，请回访" in told.text and told.read_at is None
    assert not Notification.objects.filter(recipient=colleague, text__contains="已办结").exists()


def test_resolving_her_own_case_does_not_notify_the_first_responder(wednesday, committee_a, worker_a, line_civil):
    case = a_case(committee_a, worker_a, line_civil, handler=worker_a)
    case_resolve(case=case, by=worker_a, resolution="当场答复")
    assert not Notification.objects.filter(recipient=worker_a, text__contains="已办结").exists()


def test_my_cases_lists_resolved_cases_waiting_for_my_follow_up(
    wednesday, client_of, committee_a, worker_a, colleague, line_civil
):
    mine = a_case(committee_a, worker_a, line_civil, title="楼道灯坏了")
    case_resolve(case=mine, by=colleague, resolution="已修")
    handling = a_case(committee_a, colleague, line_civil, title="我在办的事", handler=worker_a)
    page = client_of(worker_a).get(reverse("casework:my-cases")).content.decode()
    follow_up = page[page.index('id="to-follow-up"') : page.index('id="handed-on"')]
    to_handle = page[page.index('id="to-handle"') : page.index('id="to-follow-up"')]
    assert mine.reference in follow_up and "去回访" in follow_up
    assert handling.reference in to_handle and mine.reference not in to_handle
    # The handler who resolved it owes no 回访.
    theirs = client_of(colleague).get(reverse("casework:my-cases")).content.decode()
    assert mine.reference not in theirs[theirs.index('id="to-follow-up"') :]


def test_a_director_sees_swaps_and_leave_to_approve_in_my_cases(
    client_of, committee_a, director_a, worker_a, line_civil, item_allowance
):
    records = {type(r).__name__: r for r in factories.one_of_everything(committee_a, line_civil, item_allowance)}
    duty = records["DutyAssignment"]
    SwapRequest.objects.create(
        committee=committee_a, duty=duty, proposer=duty.worker, colleague=worker_a, status=SwapStatus.ACCEPTED
    )
    leave = records["Leave"]
    assert leave.status == LeaveStatus.REQUESTED
    page = client_of(director_a).get(reverse("casework:my-cases")).content.decode()
    section = page[page.index('id="to-approve"') :]
    assert "换班 1 件" in section and "请假 1 件" in section
    assert reverse("staffing:approvals") in section
    worker_page = client_of(worker_a).get(reverse("casework:my-cases")).content.decode()
    assert 'id="to-approve"' not in worker_page


def test_a_director_of_another_committee_sees_none_of_its_approvals(
    client_of, committee_a, committee_b, line_civil, item_allowance
):
    factories.one_of_everything(committee_a, line_civil, item_allowance)
    assert Leave.objects.filter(committee=committee_a, status=LeaveStatus.REQUESTED).exists()
    director_b = factories.worker(committee_b, role="director", name="乙主任")
    page = client_of(director_b).get(reverse("casework:my-cases")).content.decode()
    assert "请假 0 件" in page and DutyAssignment.objects.exists()


# --- opening a notification marks it read ----------------------------------------------------------


def test_opening_a_notification_marks_it_read_and_goes_to_its_case(
    wednesday, client_of, committee_a, worker_a, colleague, line_civil
):
    case = a_case(committee_a, worker_a, line_civil)
    case_resolve(case=case, by=colleague, resolution="已修")
    told = Notification.objects.get(recipient=worker_a, case=case, text__contains="已办结")
    response = client_of(worker_a).post(reverse("casework:notification-open", args=[told.pk]))
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    told.refresh_from_db()
    assert told.read_at is not None


def test_nobody_opens_someone_elses_notification(wednesday, client_of, committee_a, worker_a, colleague, line_civil):
    case = a_case(committee_a, worker_a, line_civil)
    case_resolve(case=case, by=colleague, resolution="已修")
    told = Notification.objects.get(recipient=worker_a, case=case, text__contains="已办结")
    assert client_of(colleague).post(reverse("casework:notification-open", args=[told.pk])).status_code == 404
    worker_b = factories.worker(factories.committee(), name="乙社工")
    assert client_of(worker_b).post(reverse("casework:notification-open", args=[told.pk])).status_code == 404
    told.refresh_from_db()
    assert told.read_at is None


def test_the_notification_list_opens_each_through_a_post(
    wednesday, client_of, committee_a, worker_a, colleague, line_civil
):
    case = a_case(committee_a, worker_a, line_civil)
    case_resolve(case=case, by=colleague, resolution="已修")
    page = client_of(worker_a).get(reverse("casework:notifications")).content.decode()
    told = Notification.objects.get(recipient=worker_a, case=case, text__contains="已办结")
    assert f'action="{reverse("casework:notification-open", args=[told.pk])}"' in page
    assert f'href="{case.get_absolute_url()}"' not in page


# --- the director's 督办 ----------------------------------------------------------------------------


def test_supervising_is_a_directors_act_apart_from_a_residents_chase(
    wednesday, committee_a, worker_a, director_a, colleague, line_civil
):
    case = a_case(committee_a, worker_a, line_civil)
    case_chase(case=case, by=worker_a, note="居民来电询问")
    case_supervise(case=case, by=director_a, note="请周五前答复")
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.CHASED) == 1 and kinds.count(EventKind.SUPERVISED) == 1
    supervised = case.events.get(kind=EventKind.SUPERVISED)
    assert supervised.actor == director_a and supervised.note == "请周五前答复"
    for told in (colleague, worker_a):
        assert Notification.objects.filter(recipient=told, text__startswith="主任督办").exists()


def test_only_the_committees_director_supervises(wednesday, committee_a, worker_a, colleague, line_civil, committee_b):
    case = a_case(committee_a, worker_a, line_civil)
    with pytest.raises(ValidationError):
        case_supervise(case=case, by=worker_a)
    with pytest.raises(ValidationError):
        case_supervise(case=case, by=factories.worker(committee_b, role="director"))
    assert not case.events.filter(kind=EventKind.SUPERVISED).exists()


def test_a_closed_case_is_not_supervised(wednesday, committee_a, worker_a, director_a, colleague, line_civil):
    case = a_case(committee_a, worker_a, line_civil)
    case_void(case=case, by=worker_a, reason="重复登记")
    with pytest.raises(ValidationError):
        case_supervise(case=case, by=director_a)


def test_the_overdue_list_puts_the_most_overdue_first_and_supervises_from_a_row(
    wednesday, client_of, committee_a, worker_a, director_a, colleague, line_civil
):
    a_little = a_case(committee_a, worker_a, line_civil, title="稍晚", due=dt.date(2026, 11, 24))
    a_lot = a_case(committee_a, worker_a, line_civil, title="很晚", due=dt.date(2026, 11, 16))
    on_time = a_case(committee_a, worker_a, line_civil, title="按期", due=dt.date(2026, 11, 30))
    client = client_of(director_a)
    page = client.get(reverse("casework:overdue")).content.decode()
    assert page.index(a_lot.reference) < page.index(a_little.reference)
    assert on_time.reference not in page
    response = client.post(reverse("casework:supervise", args=[a_lot.pk]), {"note": "今天办结"})
    assert response.status_code == 302 and response["Location"] == reverse("casework:overdue")
    assert a_lot.events.filter(kind=EventKind.SUPERVISED, actor=director_a, note="今天办结").exists()
    shown = client.get(a_lot.get_absolute_url()).content.decode()
    assert "主任督办" in shown and "今天办结" in shown


def test_the_case_lists_overdue_filter_puts_the_most_overdue_first(
    wednesday, client_of, committee_a, worker_a, street_admin_a, colleague, line_civil
):
    a_lot = a_case(committee_a, worker_a, line_civil, title="很晚", due=dt.date(2026, 11, 16))
    a_little = a_case(committee_a, worker_a, line_civil, title="稍晚", due=dt.date(2026, 11, 24))  # the newer
    page = client_of(street_admin_a).get(reverse("casework:case-list") + "?overdue=on").content.decode()
    assert page.index(a_lot.reference) < page.index(a_little.reference)


def test_a_worker_cannot_supervise_and_another_committee_cannot_reach_the_case(
    wednesday, client_of, committee_a, committee_b, worker_a, colleague, line_civil
):
    case = a_case(committee_a, worker_a, line_civil, due=dt.date(2026, 11, 16))
    assert client_of(worker_a).post(reverse("casework:supervise", args=[case.pk])).status_code == 403
    director_b = factories.worker(committee_b, role="director")
    assert client_of(director_b).post(reverse("casework:supervise", args=[case.pk])).status_code == 404
    assert case.reference not in client_of(director_b).get(reverse("casework:overdue")).content.decode()
    assert not case.events.filter(kind=EventKind.SUPERVISED).exists()


def test_the_director_supervises_from_the_case_page(
    wednesday, client_of, committee_a, worker_a, director_a, colleague, line_civil
):
    case = a_case(committee_a, worker_a, line_civil)
    client = client_of(director_a)
    assert 'value="supervise"' in client.get(case.get_absolute_url()).content.decode()
    assert 'value="supervise"' not in client_of(worker_a).get(case.get_absolute_url()).content.decode()
    response = client_of(director_a).post(case.get_absolute_url(), {"action": "supervise", "supervise-note": "加快"})
    assert response.status_code == 302
    assert case.events.filter(kind=EventKind.SUPERVISED).count() == 1


# --- reminders: on the timeline, to the street office, for 回访 --------------------------------------


def test_a_long_overdue_case_goes_to_the_street_office_and_onto_the_timeline(
    committee_a, worker_a, director_a, colleague, line_civil, street_admin_a
):
    # Due 11-13: more than 2 + 3 working days overdue on 11-25.
    late = a_case(committee_a, worker_a, line_civil, due=dt.date(2026, 11, 13))
    # Due 11-20: past the director's escalation (2), not yet the street office's (2 + 3).
    escalated = a_case(committee_a, worker_a, line_civil, due=dt.date(2026, 11, 20))
    sweep(now=NOW, escalate_after=2)
    assert Notification.objects.filter(recipient=street_admin_a, case=late).exists()
    assert not Notification.objects.filter(recipient=street_admin_a, case=escalated).exists()
    assert late.events.filter(kind=EventKind.TO_STREET).count() == 1
    assert escalated.events.filter(kind=EventKind.ESCALATED).count() == 1
    assert escalated.events.filter(kind=EventKind.REMINDED).count() == 1  # its 已超期
    sweep(now=NOW + dt.timedelta(minutes=10), escalate_after=2)  # once only, by the database
    assert late.events.filter(kind=EventKind.TO_STREET).count() == 1
    assert Notification.objects.filter(recipient=street_admin_a, case=late).count() == 1


def test_the_street_office_waits_the_set_number_of_working_days(
    settings, committee_a, worker_a, colleague, line_civil, street_admin_a
):
    settings.ESCALATE_TO_STREET_AFTER_WORKING_DAYS = 10
    late = a_case(committee_a, worker_a, line_civil, due=dt.date(2026, 11, 13))
    sweep(now=NOW, escalate_after=2)
    assert not Reminder.objects.filter(case=late, kind=ReminderKind.STREET).exists()
    assert not late.events.filter(kind=EventKind.TO_STREET).exists()


def test_a_case_waiting_for_its_follow_up_reminds_the_first_responder_once(
    time_machine, committee_a, worker_a, colleague, line_civil
):
    time_machine.move_to(dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ), tick=False)  # Friday
    waiting = a_case(committee_a, worker_a, line_civil, title="等回访")
    case_resolve(case=waiting, by=colleague, resolution="已修")
    recent = a_case(committee_a, worker_a, line_civil, title="刚办结")
    time_machine.move_to(dt.datetime(2026, 11, 24, 16, 0, tzinfo=TZ), tick=False)
    case_resolve(case=recent, by=colleague, resolution="已修")
    sweep(now=NOW, escalate_after=2)
    reminded = Notification.objects.filter(recipient=worker_a, text__startswith="【待回访】")
    assert list(reminded.values_list("case", flat=True)) == [waiting.pk]
    assert waiting.events.filter(kind=EventKind.REMINDED, note="待回访").count() == 1
    sweep(now=NOW + dt.timedelta(hours=1), escalate_after=2)
    assert reminded.count() == 1


def test_no_follow_up_reminder_once_the_follow_up_is_done(time_machine, committee_a, worker_a, colleague, line_civil):
    time_machine.move_to(dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ), tick=False)
    case = a_case(committee_a, worker_a, line_civil)
    case_resolve(case=case, by=colleague, resolution="已修")
    case_follow_up(case=case, by=worker_a, satisfaction=Satisfaction.SATISFIED)
    sweep(now=NOW, escalate_after=2)
    assert not Reminder.objects.filter(case=case, kind=ReminderKind.FOLLOW_UP).exists()


# --- the case page: step bar, messages, 作废 apart -----------------------------------------------------


def test_the_step_bar_marks_the_current_step(wednesday, client_of, committee_a, worker_a, colleague, line_civil):
    case = a_case(committee_a, worker_a, line_civil)
    page = client_of(worker_a).get(case.get_absolute_url()).content.decode()
    assert '<nav class="steps"' in page
    current = page[page.index('aria-current="step"') - 80 : page.index('aria-current="step"') + 80]
    assert "办理" in current and page.count('aria-current="step"') == 1
    case_pause(case=case, by=colleague, reason="等居民补交户口簿")
    page = client_of(worker_a).get(case.get_absolute_url()).content.decode()
    assert "step-paused" in page and "待补件·暂停计时" in page


def test_a_voided_case_has_no_step_bar(wednesday, client_of, committee_a, worker_a, colleague, line_civil):
    case = a_case(committee_a, worker_a, line_civil)
    case_void(case=case, by=worker_a, reason="重复")
    assert '<nav class="steps"' not in client_of(worker_a).get(case.get_absolute_url()).content.decode()


def test_voiding_is_set_apart_after_the_other_actions(
    wednesday, client_of, committee_a, worker_a, colleague, line_civil
):
    case = a_case(committee_a, worker_a, line_civil)
    page = client_of(worker_a).get(case.get_absolute_url()).content.decode()
    apart = page.index('class="danger-zone"')
    for other in ('value="pause"', 'value="resolve"', 'value="note"', 'value="hand_on"'):
        assert page.index(other) < apart
    assert page.index('value="void"') > apart


@pytest.mark.parametrize(
    ("action", "fields", "expected"),
    [
        ("start", {}, "已开始办理，办结期限 2026-"),
        ("pause", {"note": "等户口簿"}, "已转为待补件"),
        ("resolve", {"resolution": "已修复"}, "已办结，已通知首问责任人"),
        ("chase", {"note": "居民来电"}, "已登记居民催办"),
    ],
)
def test_each_action_says_what_happened(
    wednesday, client_of, committee_a, worker_a, colleague, line_civil, action, fields, expected
):
    case = a_case(committee_a, worker_a, line_civil)
    data = {"action": action, f"{action}-version": case.version}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    response = client_of(colleague).post(case.get_absolute_url(), data, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any(case.reference in m and expected in m for m in shown), shown
    assert "已保存。" not in shown


def test_resuming_tells_the_new_deadline(time_machine, client_of, committee_a, worker_a, colleague, line_civil):
    time_machine.move_to(NOW, tick=False)
    case = a_case(committee_a, worker_a, line_civil)
    case_pause(case=case, by=colleague, reason="等材料")
    time_machine.move_to(NOW + dt.timedelta(days=1), tick=False)
    case.refresh_from_db()
    response = client_of(colleague).post(
        case.get_absolute_url(), {"action": "resume", "resume-version": case.version}, follow=True
    )
    case.refresh_from_db()
    due = timezone.localtime(case.due_at).strftime("%Y-%m-%d")
    assert any(f"顺延至 {due}" in str(m) for m in response.context["messages"])


def test_the_dashboard_counts_chases_and_supervisions_and_approvals(
    wednesday, client_of, committee_a, worker_a, director_a, colleague, line_civil
):
    case = a_case(committee_a, worker_a, line_civil)
    case_chase(case=case, by=worker_a)
    case_chase(case=case, by=worker_a)
    case_supervise(case=case, by=director_a)
    response = client_of(director_a).get(reverse("office:dashboard") + "?period=week")
    figures = response.context["f"]
    assert figures["supervision"] == {"chased": 2, "supervised": 1}
    assert figures["approvals"] == {"swaps": 0, "leaves": 0}
    page = response.content.decode()
    assert "本期主任督办" in page and reverse("casework:overdue") in page
    assert CaseEvent.objects.filter(kind=EventKind.SUPERVISED).count() == 1
    assert case.status == CaseStatus.DISPATCHED


def test_cases_resolved_long_ago_are_not_reminded_of_their_follow_up(
    time_machine, committee_a, worker_a, colleague, line_civil
):
    time_machine.move_to(NOW - dt.timedelta(days=90), tick=False)
    old = a_case(committee_a, worker_a, line_civil, title="三个月前办结")
    case_resolve(case=old, by=colleague, resolution="已修")
    sweep(now=NOW, escalate_after=2)
    assert not Reminder.objects.filter(case=old, kind=ReminderKind.FOLLOW_UP).exists()


def test_my_cases_and_the_overdue_list_do_not_grow_queries_with_cases(
    wednesday, client_of, committee_a, worker_a, director_a, colleague, line_civil, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            mine = a_case(committee_a, director_a, line_civil, title=f"事项{i}", due=dt.date(2026, 11, 16))
            case_resolve(
                case=a_case(committee_a, director_a, line_civil, title=f"办结{i}"), by=colleague, resolution="好"
            )
            case_supervise(case=mine, by=director_a)

    client = client_of(director_a)
    add(2)
    counts = {}
    for name in ("casework:my-cases", "casework:overdue"):
        with django_assert_max_num_queries(40) as captured:
            client.get(reverse(name))
        counts[name] = len(captured.captured_queries)
    add(10)
    for name, few in counts.items():
        with django_assert_max_num_queries(few):
            client.get(reverse(name))


def test_a_note_too_long_is_refused_with_a_message_not_dropped(
    wednesday, client_of, committee_a, worker_a, director_a, colleague, line_civil
):
    case = a_case(committee_a, worker_a, line_civil, due=dt.date(2026, 11, 16))
    response = client_of(director_a).post(
        reverse("casework:supervise", args=[case.pk]), {"note": "催" * 4001}, follow=True
    )
    assert any("4000" in str(m) for m in response.context["messages"])
    assert not case.events.filter(kind=EventKind.SUPERVISED).exists()


def test_a_superuser_without_a_worker_reads_an_empty_notification_list(client, django_user_model, handler_a):
    notification = Notification.objects.create(recipient=handler_a, text="给承办人的通知")
    admin = django_user_model.objects.create_superuser("root-n", password="x-long-password-1")
    client.force_login(admin)
    page = client.get(reverse("casework:notifications"))
    assert page.status_code == 200 and "给承办人的通知" not in page.content.decode()
    assert client.post(reverse("casework:notifications-read")).status_code == 302
    assert client.post(reverse("casework:notification-open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
