import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from staffing.choices import LeaveStatus, RosterStatus
from staffing.models import DutyAssignment, Leave, Roster

from .. import query_budgets

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2026, 12, 1)


def generate(client, month="2026-12"):
    return client.post(reverse("staffing:roster-generate"), {"month": month})


def test_the_director_generates_a_month_and_every_shift_is_filled(client_of, director_a, team_a):
    response = generate(client_of(director_a))
    assert response.status_code == 302
    roster = Roster.objects.get(committee=director_a.committee, month=DECEMBER)
    assert roster.status == RosterStatus.DRAFT
    duties = DutyAssignment.objects.filter(committee=director_a.committee, date__month=12, date__year=2026)
    # 23 working days x (早班 2 + 晚班 2) + 8 weekend days x 值班 2 in December 2026
    assert duties.count() == 23 * 4 + 8 * 2
    assert roster.notes == ""


def test_generation_is_deterministic(client_of, director_a, team_a):
    client = client_of(director_a)
    generate(client)
    first = list(DutyAssignment.objects.order_by("date", "shift", "worker").values_list("date", "shift", "worker"))
    generate(client)
    second = list(DutyAssignment.objects.order_by("date", "shift", "worker").values_list("date", "shift", "worker"))
    assert first == second


def test_a_bad_month_is_a_message_not_an_error(client_of, director_a, team_a):
    response = generate(client_of(director_a), month="2026-13")
    assert response.status_code == 302
    assert not Roster.objects.exists()


def test_a_published_roster_is_not_regenerated(client_of, director_a, team_a):
    client = client_of(director_a)
    generate(client)
    roster = Roster.objects.get()
    client.post(reverse("staffing:roster-publish", args=[roster.pk]), {"confirmed": "yes"})
    roster.refresh_from_db()
    assert roster.status == RosterStatus.PUBLISHED
    before = DutyAssignment.objects.count()
    response = client.post(reverse("staffing:roster-generate"), {"month": "2026-12"}, follow=True)
    assert "已发布" in response.content.decode()
    assert DutyAssignment.objects.count() == before


def test_hand_edits_after_publishing_stay_in_the_history(client_of, director_a, team_a, worker_a):
    client = client_of(director_a)
    generate(client)
    client.post(reverse("staffing:roster-publish", args=[Roster.objects.get().pk]), {"confirmed": "yes"})
    duty = DutyAssignment.objects.exclude(worker=worker_a).filter(date=dt.date(2026, 12, 7)).first()
    free = next(w for w in team_a if not DutyAssignment.objects.filter(worker=w, date=duty.date).exists())
    client.post(reverse("staffing:duty-move", args=[duty.pk]), {"worker": free.pk})
    duty.refresh_from_db()
    assert duty.worker == free
    assert duty.history.count() == 2  # created by generation, changed by hand
    client.post(reverse("staffing:duty-remove", args=[duty.pk]))
    assert not DutyAssignment.objects.filter(pk=duty.pk).exists()
    assert DutyAssignment.history.filter(id=duty.pk, history_type="-").exists()


def test_a_desk_worker_sees_the_grid_but_cannot_generate(client_of, worker_a, director_a, team_a):
    generate(client_of(director_a))
    client = client_of(worker_a)
    page = client.get(reverse("staffing:roster", args=[2026, 12]))
    assert page.status_code == 200
    assert worker_a.display_name in page.content.decode()
    assert "自动生成草稿" not in page.content.decode()
    assert generate(client).status_code == 403


def test_the_month_grid_costs_the_same_whatever_the_size(client_of, director_a, team_a, django_assert_max_num_queries):
    client = client_of(director_a)
    generate(client)
    with django_assert_max_num_queries(query_budgets.ROSTER_MONTH):
        assert client.get(reverse("staffing:roster", args=[2026, 12])).status_code == 200


def test_an_impossible_month_is_404(client_of, director_a):
    assert client_of(director_a).get("/staff/roster/2026/13/").status_code == 404


def test_the_feed_is_a_valid_calendar_with_my_duty(client, director_a, team_a, worker_a):
    today = timezone.localdate()
    from staffing.models import ShiftTemplate

    shift = ShiftTemplate.objects.filter(committee=worker_a.committee).first()
    DutyAssignment.objects.create(committee=worker_a.committee, date=today, shift=shift, worker=worker_a)
    response = client.get(reverse("staffing:feed", args=[worker_a.feed_token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert shift.name in str(events[0]["SUMMARY"])
    assert events[0].decoded("DTSTART").hour == shift.start.hour


def test_a_wrong_feed_token_is_404(client):
    assert client.get(reverse("staffing:feed", args=["not-a-token"])).status_code == 404


def test_leave_that_hits_published_duty_is_flagged(client_of, director_a, worker_a, team_a):
    client = client_of(director_a)
    generate(client, month="2026-12")
    client.post(reverse("staffing:roster-publish", args=[Roster.objects.get().pk]), {"confirmed": "yes"})
    duty_day = DutyAssignment.objects.filter(worker=worker_a).order_by("date").first().date
    worker_client = client_of(worker_a)
    worker_client.post(reverse("staffing:leave-list"), {"kind": "annual", "start": duty_day, "end": duty_day})
    leave = Leave.objects.get(worker=worker_a)
    director_client = client_of(director_a)
    # Asked first: the duty it leaves short is named before anything is approved.
    asked = director_client.post(reverse("staffing:leave-decide", args=[leave.pk]), {"decision": "approve"})
    assert "将缺人" in asked.content.decode() and f"{duty_day:%m-%d}" in asked.content.decode()
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.REQUESTED
    response = director_client.post(
        reverse("staffing:leave-decide", args=[leave.pk]), {"decision": "approve", "confirmed": "yes"}, follow=True
    )
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.APPROVED
    assert "缺人" in response.content.decode()
    coverage = director_client.get(reverse("staffing:coverage"))
    assert coverage.status_code == 200


def test_leave_with_the_end_before_the_start_keeps_the_input(client_of, worker_a):
    response = client_of(worker_a).post(
        reverse("staffing:leave-list"), {"kind": "annual", "start": "2026-12-10", "end": "2026-12-01", "reason": "探亲"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "结束日期不能早于开始日期" in page
    assert 'value="探亲"' in page
    assert not Leave.objects.exists()


def test_a_worker_cannot_decide_leave(client_of, worker_a, colleague_a):
    leave = Leave.objects.create(
        worker=colleague_a, committee=colleague_a.committee, start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 2)
    )
    assert (
        client_of(worker_a).post(reverse("staffing:leave-decide", args=[leave.pk]), {"decision": "approve"}).status_code
        == 403
    )


def test_training_is_recorded_and_thin_lines_are_flagged(client_of, director_a, worker_a, line_civil):
    client = client_of(director_a)
    page = client.get(reverse("staffing:training")).content.decode()
    assert "少于 2 人" in page and "民政" in page
    trained_on = timezone.localdate() - dt.timedelta(days=30)  # a training date may not be in the future
    response = client.post(
        reverse("staffing:training"),
        {"worker": worker_a.pk, "line": line_civil.pk, "trained_on": trained_on.isoformat()},
    )
    assert response.status_code == 302
    assert worker_a.trainings.get().line == line_civil


def test_training_for_a_worker_of_another_committee_is_refused(client_of, director_a, worker_b, line_civil):
    response = client_of(director_a).post(
        reverse("staffing:training"), {"worker": worker_b.pk, "line": line_civil.pk, "trained_on": "2026-11-01"}
    )
    assert response.status_code == 400
    assert not worker_b.trainings.exists()


def test_the_command_builds_a_month_and_explains_shortfalls(committee_a, director_a, worker_a, capsys):
    from django.core.management import call_command

    from .. import factories

    factories.shifts(committee_a)
    call_command("build_roster", "--committee", committee_a.code, "--month", "2026-12")
    out = capsys.readouterr().out
    assert f"{committee_a.code} 2026-12:" in out
    assert "short:" in out  # two workers cannot staff two shifts of two a day
    assert DutyAssignment.objects.filter(committee=committee_a).exists()


def test_the_command_refuses_a_bad_month_or_committee(committee_a):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("build_roster", "--committee", committee_a.code, "--month", "12/2026")
    with pytest.raises(CommandError):
        call_command("build_roster", "--committee", "NOPE", "--month", "2026-12")


def test_a_month_of_a_provisional_year_says_so_and_is_published_only_knowingly(client_of, director_a, team_a):
    client = client_of(director_a)
    generate(client, month="2027-02")
    page = client.get(reverse("staffing:roster", args=[2027, 2])).content.decode()
    assert "2027 年放假安排尚未公布" in page
    roster = Roster.objects.get()
    asked = client.post(reverse("staffing:roster-publish", args=[roster.pk])).content.decode()
    assert "2027 年放假安排尚未公布" in asked and 'name="provisional"' in asked
    refused = client.post(
        reverse("staffing:roster-publish", args=[roster.pk]), {"confirmed": "yes"}, follow=True
    ).content.decode()
    assert "请确认知悉后再发布" in refused
    roster.refresh_from_db()
    assert roster.status == RosterStatus.DRAFT
    client.post(
        reverse("staffing:roster-publish", args=[roster.pk]), {"provisional": "acknowledged", "confirmed": "yes"}
    )
    roster.refresh_from_db()
    assert roster.status == RosterStatus.PUBLISHED
    # A month whose schedule is official asks nothing about it.
    generate(client, month="2026-12")
    december = Roster.objects.get(month=dt.date(2026, 12, 1))
    assert (
        'name="provisional"' not in client.post(reverse("staffing:roster-publish", args=[december.pk])).content.decode()
    )
