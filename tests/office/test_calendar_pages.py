"""The work-calendar pages, the banner while next year is provisional, and the 暂定 badge
on deadlines counted over a provisional year."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.services import case_open
from committee.models import CalendarYear
from reception.choices import Outcome
from reception.services import visit_intake

from .. import factories

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
BANNER = "2027 年放假安排尚未录入"


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


@pytest.fixture
def december(time_machine):
    time_machine.move_to(at(dt.date(2026, 12, 1)), tick=True)


def own_year(admin, year=2027):
    """The year's row of the admin's district, if it entered the year."""
    return CalendarYear.objects.filter(year=year, district=admin.district).first()


def test_the_district_admin_lists_the_years_and_their_state(december, client_of, district_admin_a):
    page = client_of(district_admin_a).get(reverse("office:calendar")).content.decode()
    assert "2026" in page and "2027" in page and "暂定" in page
    assert reverse("office:calendar-year", args=[2027]) in page and "录入放假安排" in page


def test_a_street_admin_reads_the_calendar_and_cannot_enter_it(december, client_of, street_admin_a):
    client = client_of(street_admin_a)
    page = client.get(reverse("office:calendar-year", args=[2027])).content.decode()
    assert "2027-02-06" in page and "预览影响" not in page and "只能查看" in page
    data = {"holidays": "2027-01-01 元旦", "workdays": "", "action": "save"}
    assert client.post(reverse("office:calendar-year", args=[2027]), data).status_code == 403
    assert not CalendarYear.objects.filter(year=2027, district__isnull=False).exists()


def test_the_form_shows_the_law_s_days_to_correct(december, client_of, district_admin_a):
    page = client_of(district_admin_a).get(reverse("office:calendar-year", args=[2027])).content.decode()
    assert "2027-02-06..2027-02-08 春节" in page and "2027-02-09..2027-02-10 春节（补假）" in page


def test_a_preview_shows_the_effect_and_saves_nothing(
    december, client_of, district_admin_a, committee_a, worker_a, line_civil
):
    case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="跨年",
        line=line_civil,
        handler=worker_a,
        registered_at=at(dt.date(2027, 2, 8)),
    )
    data = {"holidays": "2027-01-01 元旦\n2027-02-05..2027-02-11 春节", "workdays": "", "action": "preview"}
    response = client_of(district_admin_a).post(reverse("office:calendar-year", args=[2027]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "确认保存" in page
    # Registered on Monday 8 February (off): 5 days from the 11th were due the 17th, now the 18th.
    assert "1 件在办事项的期限会改变" in page and "另有 1 项" in page  # counted: a district admin reads no case
    assert own_year(district_admin_a) is None


def test_saving_makes_the_year_official_and_ends_the_banner(december, client_of, district_admin_a):
    client = client_of(district_admin_a)
    assert BANNER in client.get(reverse("office:calendar")).content.decode()
    data = {
        "holidays": "2027-01-01 元旦\n2027-02-05..2027-02-11 春节",
        "workdays": "2027-02-20 春节调休",
        "action": "save",
    }
    response = client.post(reverse("office:calendar-year", args=[2027]), data, follow=True)
    assert "已录入 2027 年放假安排" in response.content.decode()
    assert own_year(district_admin_a).is_official
    assert not CalendarYear.objects.get(year=2027, district__isnull=True).is_official  # the nation's is not
    assert BANNER not in client.get(reverse("office:calendar")).content.decode()


def test_unreadable_lines_are_named_and_the_text_is_kept(december, client_of, district_admin_a):
    data = {
        "holidays": "2027-01-01 元旦\n2月5日 春节\n2027-02-30 错日",
        "workdays": "2027-02-17 周三",
        "action": "save",
    }
    response = client_of(district_admin_a).post(reverse("office:calendar-year", args=[2027]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "第 2 行" in page and "第 3 行" in page and "2月5日 春节" in page
    assert own_year(district_admin_a) is None


def test_a_worked_weekday_is_refused_by_the_service(december, client_of, district_admin_a):
    data = {"holidays": "2027-01-01 元旦", "workdays": "2027-02-17 周三", "action": "preview"}
    response = client_of(district_admin_a).post(reverse("office:calendar-year", args=[2027]), data)
    assert response.status_code == 400 and "应是周六或周日" in response.content.decode()


def test_a_superuser_without_a_worker_profile_may_enter_it(december, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests")
    client.force_login(admin)
    data = {"holidays": "2027-01-01 元旦", "workdays": "", "action": "save"}
    assert client.post(reverse("office:calendar-year", args=[2027]), data).status_code == 302
    national = CalendarYear.objects.get(year=2027, district__isnull=True)  # a superuser keeps the nation's
    assert national.entered_by == admin and national.is_official


def test_a_year_out_of_range_is_404(client_of, district_admin_a):
    assert client_of(district_admin_a).get(reverse("office:calendar-year", args=[1999])).status_code == 404


@pytest.mark.parametrize("day, shown", [(dt.date(2026, 10, 31), False), (dt.date(2026, 11, 1), True)])
def test_directors_see_the_banner_from_november(time_machine, client_of, director_a, day, shown):
    time_machine.move_to(at(day), tick=True)
    page = client_of(director_a).get(reverse("office:dashboard")).content.decode()
    assert (BANNER in page) is shown
    assert "请区管理员录入" in page if shown else True


def test_desk_workers_do_not_see_the_banner(december, client_of, worker_a):
    assert BANNER not in client_of(worker_a).get(reverse("casework:my-cases")).content.decode()


def test_a_deadline_reaching_into_2027_is_marked_provisional_until_entered(
    december, client_of, committee_a, worker_a, line_civil, item_allowance, district_admin_a
):
    # Registered Monday 28 December with 10 working days: 29–31, then (1 January off) to the 12th.
    late = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="跨年",
        line=line_civil,
        service_item=factories.service_item(line_civil, name="十日事项", limit=10),
        handler=worker_a,
        registered_at=at(dt.date(2026, 12, 28)),
    )
    early = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="年内",
        line=line_civil,
        handler=worker_a,
        registered_at=at(dt.date(2026, 12, 1)),
    )
    assert timezone.localtime(late.due_at).date() == dt.date(2027, 1, 12)
    client = client_of(worker_a)
    assert "暂定" in client.get(late.get_absolute_url()).content.decode()
    assert "暂定" not in client.get(early.get_absolute_url()).content.decode()
    listed = client.get(reverse("casework:my-cases")).content.decode()
    assert listed.count("暂定</span>") == 1
    # The desk's receipt of a hand-on says so too.
    visit = visit_intake(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        outcome=Outcome.HANDED_ON,
        chosen=[(item_allowance, item_allowance.materials)],
    )
    visit.case.due_at = late.due_at
    visit.case.save(update_fields=["due_at"])
    assert "暂定" in client.get(visit.get_absolute_url()).content.decode()
    client_of(district_admin_a).post(
        reverse("office:calendar-year", args=[2027]), {"holidays": "2027-01-01 元旦", "workdays": "", "action": "save"}
    )
    assert "暂定" not in client_of(worker_a).get(late.get_absolute_url()).content.decode()


def test_the_dashboard_marks_this_week_s_deadlines_provisional_in_a_provisional_year(
    time_machine, client_of, director_a
):
    time_machine.move_to(at(dt.date(2027, 1, 4)), tick=True)
    page = client_of(director_a).get(reverse("office:dashboard")).content.decode()
    assert "本周到期" in page and "暂定</span>" in page
    time_machine.move_to(at(dt.date(2026, 12, 7)), tick=True)
    assert "暂定</span>" not in client_of(director_a).get(reverse("office:dashboard")).content.decode()


def test_the_preview_lists_no_record_to_a_district_admin(
    december, client_of, district_admin_a, committee_a, committee_b, worker_a, worker_b, line_civil
):
    for committee, worker, title in ((committee_a, worker_a, "甲街道事项"), (committee_b, worker_b, "乙街道事项")):
        case_open(
            committee=committee,
            first_responder=worker,
            title=title,
            line=line_civil,
            handler=worker,
            registered_at=at(dt.date(2027, 2, 8)),
        )
    data = {"holidays": "2027-01-01 元旦\n2027-02-05..2027-02-11 春节", "workdays": "", "action": "preview"}
    page = client_of(district_admin_a).post(reverse("office:calendar-year", args=[2027]), data).content.decode()
    assert "2 件在办事项的期限会改变" in page  # both street offices are in the district
    assert "甲街道事项" not in page and "乙街道事项" not in page and committee_b.name not in page
    assert "另有 2 项属于您不能查看记录的居委会" in page


@pytest.mark.parametrize(
    "line",
    [
        "9999-12-31 末日",
        "2027-12-31..9999-12-31 x",
        "2027-02-051 春节",
        "2027-02-05.. 春节",
        "2028-01-01 元旦",
        "2027-01-01..2027-03-01 太长",
    ],
)
def test_odd_lines_are_refused_with_a_message_never_a_server_error(december, client_of, district_admin_a, line):
    data = {"holidays": f"2027-01-01 元旦\n{line}", "workdays": "", "action": "preview"}
    response = client_of(district_admin_a).post(reverse("office:calendar-year", args=[2027]), data)
    assert response.status_code == 400 and "第 2 行" in response.content.decode()


def test_the_case_timeline_says_from_which_deadline_to_which(
    december, client_of, district_admin_a, worker_a, committee_a, line_civil
):
    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="跨年",
        line=line_civil,
        handler=worker_a,
        registered_at=at(dt.date(2027, 2, 8)),
    )
    data = {"holidays": "2027-01-01 元旦\n2027-02-05..2027-02-11 春节", "workdays": "", "action": "save"}
    client_of(district_admin_a).post(reverse("office:calendar-year", args=[2027]), data)
    page = client_of(worker_a).get(case.get_absolute_url()).content.decode()
    assert "期限调整" in page and "2027-02-17 → 2027-02-18" in page
