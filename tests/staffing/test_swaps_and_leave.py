"""Swaps and leave between request and decision: the proposer withdraws (kept, with
history), the director decides from the approvals list, approving leave asks first with the
duties it leaves short, every hand-off notifies whoever must act or is concerned, and 换回
lists only the chosen colleague's duties."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Notification
from committee.roles import Role
from staffing import selectors, services
from staffing.choices import LeaveStatus, RosterStatus, SwapStatus
from staffing.models import DutyAssignment, Leave, Roster, SwapRequest

from .. import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 2, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday


@pytest.fixture
def today(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW.date()


@pytest.fixture
def duties(today, committee_a, director_a, worker_a, colleague_a):
    """A published December: worker_a and colleague_a on the early shift on alternate days."""
    early = factories.shifts(committee_a)[0]
    roster = Roster.objects.create(committee=committee_a, month=dt.date(2026, 12, 1), status=RosterStatus.PUBLISHED)
    made = {}
    for offset in range(1, 9):
        day = today + dt.timedelta(days=offset)
        who = worker_a if offset % 2 else colleague_a
        made[(who.pk, offset)] = DutyAssignment.objects.create(
            committee=committee_a, roster=roster, date=day, shift=early, worker=who
        )
    return made


def texts(worker):
    return list(Notification.objects.filter(recipient=worker).values_list("text", flat=True))


def propose(worker_a, colleague_a, duties, back=None):
    return services.swap_propose(
        duty=duties[(worker_a.pk, 1)], proposer=worker_a, colleague=colleague_a, return_duty=back
    )


# --- withdrawing -------------------------------------------------------------------------


def test_the_proposer_withdraws_a_swap_which_stays_with_its_history(
    client_of, worker_a, colleague_a, director_a, duties
):
    swap = propose(worker_a, colleague_a, duties)
    response = client_of(worker_a).post(
        reverse("staffing:swap-step", args=[swap.pk]), {"decision": "withdraw"}, follow=True
    )
    swap.refresh_from_db()
    assert swap.status == SwapStatus.CANCELLED
    assert "已撤回换班申请" in response.content.decode()
    assert SwapRequest.objects.filter(pk=swap.pk).exists()
    assert [h.status for h in swap.history.order_by("history_date")] == [SwapStatus.PROPOSED, SwapStatus.CANCELLED]
    assert swap.history.latest().history_user == worker_a.user


def test_a_swap_awaiting_the_director_can_still_be_withdrawn_but_not_once_decided(
    worker_a, colleague_a, director_a, duties
):
    swap = propose(worker_a, colleague_a, duties)
    services.swap_answer(swap=swap, by=colleague_a, accept=True)
    services.swap_withdraw(swap=swap, by=worker_a)
    assert swap.status == SwapStatus.CANCELLED
    other = services.swap_propose(duty=duties[(worker_a.pk, 3)], proposer=worker_a, colleague=colleague_a)
    services.swap_answer(swap=other, by=colleague_a, accept=True)
    services.swap_decide(swap=other, by=director_a, approve=True)
    with pytest.raises(ValidationError):
        services.swap_withdraw(swap=other, by=worker_a)


def test_only_the_proposer_withdraws_a_swap(client_of, worker_a, colleague_a, director_a, duties):
    swap = propose(worker_a, colleague_a, duties)
    client_of(colleague_a).post(reverse("staffing:swap-step", args=[swap.pk]), {"decision": "withdraw"})
    client_of(director_a).post(reverse("staffing:swap-step", args=[swap.pk]), {"decision": "withdraw"})
    swap.refresh_from_db()
    assert swap.status == SwapStatus.PROPOSED


def test_a_withdrawn_swap_frees_the_duty_for_another_proposal(worker_a, colleague_a, duties):
    swap = propose(worker_a, colleague_a, duties)
    services.swap_withdraw(swap=swap, by=worker_a)
    assert propose(worker_a, colleague_a, duties).status == SwapStatus.PROPOSED


def test_the_worker_withdraws_leave_until_it_is_decided(client_of, worker_a, director_a, today):
    leave = services.leave_request(worker=worker_a, start=today, end=today, kind="annual")
    page = client_of(worker_a).get(reverse("staffing:leave-list")).content.decode()
    assert reverse("staffing:leave-withdraw", args=[leave.pk]) in page
    client_of(worker_a).post(reverse("staffing:leave-withdraw", args=[leave.pk]))
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.CANCELLED
    assert leave.history.count() == 2
    decided = services.leave_request(worker=worker_a, start=today, end=today, kind="annual")
    services.leave_decide(leave=decided, by=director_a, approve=False)
    response = client_of(worker_a).post(reverse("staffing:leave-withdraw", args=[decided.pk]), follow=True)
    decided.refresh_from_db()
    assert decided.status == LeaveStatus.REJECTED
    assert "已被处理" in response.content.decode()


def test_nobody_else_withdraws_leave(client_of, worker_a, colleague_a, director_a, today):
    leave = services.leave_request(worker=worker_a, start=today, end=today, kind="annual")
    client_of(colleague_a).post(reverse("staffing:leave-withdraw", args=[leave.pk]))
    client_of(director_a).post(reverse("staffing:leave-withdraw", args=[leave.pk]))
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.REQUESTED


def test_a_worker_of_another_committee_cannot_touch_a_swap_or_leave(client_of, worker_a, colleague_a, worker_b, duties):
    swap = propose(worker_a, colleague_a, duties)
    leave = services.leave_request(worker=worker_a, start=swap.duty.date, end=swap.duty.date, kind="annual")
    assert (
        client_of(worker_b).post(reverse("staffing:swap-step", args=[swap.pk]), {"decision": "withdraw"}).status_code
        == 404
    )
    assert client_of(worker_b).post(reverse("staffing:leave-withdraw", args=[leave.pk])).status_code == 404


# --- notifications -----------------------------------------------------------------------


def test_each_swap_hand_off_notifies_who_acts_next(worker_a, colleague_a, director_a, duties):
    swap = propose(worker_a, colleague_a, duties, back=duties[(colleague_a.pk, 2)])
    assert texts(colleague_a) == ["张三 请你接替 12-03 早班 的值班，换回 12-04 早班。请到“换班”页答复。"] or any(
        "请你接替 12-03 早班" in t and "换回 12-04 早班" in t for t in texts(colleague_a)
    )
    assert texts(director_a) == [] and texts(worker_a) == []
    services.swap_answer(swap=swap, by=colleague_a, accept=True)
    assert any("待主任批准" in t for t in texts(director_a))
    assert any("待主任批准" in t for t in texts(worker_a))
    services.swap_decide(swap=swap, by=director_a, approve=True)
    assert any("主任已批准换班" in t for t in texts(worker_a))
    assert any("主任已批准换班" in t for t in texts(colleague_a))
    assert not any("主任已批准换班" in t for t in texts(director_a))


def test_a_withdrawal_reaches_the_colleague_and_the_director_once_it_was_before_them(
    worker_a, colleague_a, director_a, duties
):
    first = propose(worker_a, colleague_a, duties)
    services.swap_withdraw(swap=first, by=worker_a)
    assert any("已撤回换班申请" in t for t in texts(colleague_a))
    assert not any("已撤回" in t for t in texts(director_a))
    second = propose(worker_a, colleague_a, duties)
    services.swap_answer(swap=second, by=colleague_a, accept=True)
    services.swap_withdraw(swap=second, by=worker_a)
    assert any("已撤回换班申请" in t for t in texts(director_a))
    assert not any("已撤回" in t for t in texts(worker_a))


def test_leave_notifies_the_directors_then_the_worker(worker_a, director_a, committee_a, today):
    second_director = factories.worker(committee_a, role=Role.DIRECTOR, username="director-2", name="副主任")
    leave = services.leave_request(worker=worker_a, start=today, end=today, kind="annual")
    assert any("待主任批准" in t for t in texts(director_a))
    assert any("待主任批准" in t for t in texts(second_director))
    services.leave_decide(leave=leave, by=director_a, approve=True)
    assert any("已批准" in t for t in texts(worker_a))
    assert not any("已批准" in t for t in texts(second_director))
    other = services.leave_request(
        worker=worker_a, start=today + dt.timedelta(days=3), end=today + dt.timedelta(days=3), kind="sick"
    )
    services.leave_withdraw(leave=other, by=worker_a)
    assert any("已撤回" in t for t in texts(director_a))


# --- the director's approvals and the confirmation --------------------------------------------


def test_the_approvals_list_shows_accepted_swaps_and_leave_with_what_it_leaves_short(
    client_of, worker_a, colleague_a, director_a, duties, django_assert_max_num_queries
):
    swap = propose(worker_a, colleague_a, duties)
    services.swap_answer(swap=swap, by=colleague_a, accept=True)
    short = duties[(worker_a.pk, 3)].date
    services.leave_request(worker=worker_a, start=short, end=short, kind="annual")
    client = client_of(director_a)
    assert selectors.approvals_count(committee=director_a.committee) == {"swaps": 1, "leaves": 1}
    with django_assert_max_num_queries(12):
        page = client.get(reverse("staffing:approvals")).content.decode()
    assert reverse("staffing:swap-step", args=[swap.pk]) in page
    assert f"{short:%m-%d} 早班" in page
    response = client.post(reverse("staffing:swap-step", args=[swap.pk]), {"decision": "approve", "back": "approvals"})
    assert response.url == reverse("staffing:approvals")
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED


def test_the_approvals_list_is_the_directors_of_their_committee(client_of, worker_a, director_a, committee_b, duties):
    director_b = factories.worker(committee_b, role=Role.DIRECTOR, username="director-b", name="乙主任")
    services.leave_request(
        worker=worker_a, start=duties[(worker_a.pk, 1)].date, end=duties[(worker_a.pk, 1)].date, kind="annual"
    )
    assert client_of(worker_a).get(reverse("staffing:approvals")).status_code == 403
    assert worker_a.display_name not in client_of(director_b).get(reverse("staffing:approvals")).content.decode()


def test_approving_leave_from_the_list_asks_first_and_returns_there(client_of, worker_a, director_a, duties):
    day = duties[(worker_a.pk, 5)].date
    leave = services.leave_request(worker=worker_a, start=day, end=day, kind="annual")
    client = client_of(director_a)
    asked = client.post(reverse("staffing:leave-decide", args=[leave.pk]), {"decision": "approve", "back": "approvals"})
    assert asked.status_code == 200 and f"{day:%m-%d}" in asked.content.decode()
    assert Leave.objects.get(pk=leave.pk).status == LeaveStatus.REQUESTED
    done = client.post(
        reverse("staffing:leave-decide", args=[leave.pk]),
        {"decision": "approve", "confirmed": "yes", "back": "approvals"},
    )
    assert done.url == reverse("staffing:approvals")
    assert Leave.objects.get(pk=leave.pk).status == LeaveStatus.APPROVED


def test_a_back_address_from_the_request_is_never_followed(client_of, worker_a, director_a, duties):
    leave = services.leave_request(worker=worker_a, start=NOW.date(), end=NOW.date(), kind="annual")
    response = client_of(director_a).post(
        reverse("staffing:leave-decide", args=[leave.pk]), {"decision": "reject", "back": "https://evil.example/"}
    )
    assert response.url == reverse("staffing:leave-list")


# --- 换回 narrows to the colleague ------------------------------------------------------------


def test_return_options_list_only_the_chosen_colleagues_duties(client_of, worker_a, colleague_a, committee_a, duties):
    third = factories.worker(committee_a, username="third", name="第三人")
    DutyAssignment.objects.create(
        committee=committee_a,
        date=NOW.date() + dt.timedelta(days=2),
        shift=duties[(colleague_a.pk, 2)].shift,
        worker=third,
    )
    client = client_of(worker_a)
    options = client.post(reverse("staffing:swap-return-options"), {"colleague": colleague_a.pk}).content.decode()
    assert options.count("<option") == 1 + 4  # 不换回 and the colleague's four duties
    assert str(duties[(colleague_a.pk, 2)].pk) in options
    # The page before choosing offers none; without JavaScript, 列出 posts the choice back.
    page = client.get(reverse("staffing:swap-list")).content.decode()
    assert f'value="{duties[(colleague_a.pk, 2)].pk}"' not in page
    picked = client.post(reverse("staffing:swap-list"), {"colleague": colleague_a.pk, "pick": "1"}).content.decode()
    assert f'value="{duties[(colleague_a.pk, 2)].pk}"' in picked
    assert not SwapRequest.objects.exists()


def test_return_options_of_someone_outside_the_committee_are_empty(client_of, worker_a, worker_b, duties):
    for colleague in (worker_b.pk, "x", "99999999999999999999", ""):
        response = client_of(worker_a).post(reverse("staffing:swap-return-options"), {"colleague": colleague})
        assert response.status_code == 200
        assert response.content.decode().count("<option") == 1


# --- publishing asks first --------------------------------------------------------------------


def test_publishing_asks_first_listing_shortfalls_and_holidays(client_of, director_a, worker_a, committee_a, today):
    factories.shifts(committee_a)
    client = client_of(director_a)
    client.post(reverse("staffing:roster-generate"), {"month": "2027-01"})
    roster = Roster.objects.get(month=dt.date(2027, 1, 1))
    asked = client.post(reverse("staffing:roster-publish", args=[roster.pk])).content.decode()
    roster.refresh_from_db()
    assert roster.status == RosterStatus.DRAFT
    assert "01-01（星期五）节假日 · 元旦" in asked  # New Year's Day, a Friday
    assert "人数不足" in asked and "至少 2 人" in asked  # two workers cannot fill every shift
    assert 'name="provisional"' in asked  # 2027's schedule is not in yet
    client.post(
        reverse("staffing:roster-publish", args=[roster.pk]), {"confirmed": "yes", "provisional": "acknowledged"}
    )
    roster.refresh_from_db()
    assert roster.status == RosterStatus.PUBLISHED
