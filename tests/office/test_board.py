"""The public notice board: /board/<code>/, its lobby screen mode and its A4 poster."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from carework.services import home_visit_record
from casework.services import case_open
from committee.models import GridArea
from patrols.services import finding_record
from reception.choices import Outcome
from reception.models import Appointment
from reception.services import visit_record
from staffing.models import DutyAssignment, ShiftTemplate

from .. import factories, query_budgets

# committee, today's duty, work calendar, shift templates, staffed days, grid areas, catalogue
BOARD_QUERIES = query_budgets.BOARD
POSTER_QUERIES = query_budgets.POSTER

DESK_PHONE = "13700001234"  # private phones: must never reach the public page
GRID_PHONE = "13700005678"
RESIDENT = {"name": "赵秀英", "phone": "13912345678", "id_number": "11010519491231002X", "address": "幸福路88弄7号"}


@pytest.fixture
def all_day(committee_a):
    """A shift covering the whole day, so "on duty now" does not depend on the clock."""
    return ShiftTemplate.objects.create(
        committee=committee_a,
        name="全天班",
        start=dt.time(0),
        end=dt.time(23, 59, 59, 999999),
        on_weekends=True,
        on_holidays=True,
        order=0,
        min_staff=1,
    )


@pytest.fixture
def desk(committee_a, all_day):
    worker = factories.worker(committee_a, username="desk-zhang", name="张敏", phone=DESK_PHONE)
    DutyAssignment.objects.create(committee=committee_a, date=timezone.localdate(), shift=all_day, worker=worker)
    return worker


@pytest.fixture
def responsible(committee_a):
    return factories.worker(committee_a, username="grid-wang", name="王建国", phone=GRID_PHONE)


@pytest.fixture
def area(committee_a, responsible):
    return GridArea.objects.create(
        committee=committee_a,
        name="东片",
        buildings="1–12号楼",
        responsible=responsible.user,
        public_phone="021-65550101",
    )


@pytest.fixture
def published(committee_a, desk, area, item_residence, item_allowance):
    committee_a.address = "和平路100号"
    committee_a.phone = "021-65550000"
    committee_a.save(update_fields=["address", "phone"])
    return committee_a


def board_html(client, code="AA01", query=""):
    response = client.get(f"/board/{code}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_board_without_login(client, published):
    response = client.get("/board/AA01/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲一居委会" in html
    assert "和平路100号" in html and "021-65550000" in html
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_it_shows_who_is_on_duty_now_and_today(client, published):
    html = board_html(client)
    now = html.split('class="board-now"')[1].split("</p>")[0]
    assert "张敏" in now and "全天班" in now
    assert "00:00–23:59" in html


def test_it_shows_grid_areas_with_responsible_name_and_public_phone(client, published):
    html = board_html(client)
    assert "东片" in html and "1–12号楼" in html
    assert "王建国" in html
    assert 'href="tel:02165550101">021-65550101</a>' in html


def test_it_does_not_name_a_responsible_worker_who_has_left(client, published, responsible):
    responsible.active = False
    responsible.save(update_fields=["active"])
    html = board_html(client)
    assert "东片" in html and "王建国" not in html


def test_it_shows_the_catalogue_with_materials_and_time_limits(client, published):
    html = board_html(client)
    services = html.split('id="services"')[1]
    assert "民政" in services
    assert "居住证明" in services and "身份证原件、户口簿、租赁合同" in services and "当场办结" in services
    assert "高龄津贴申请" in services and "身份证、户口簿、银行卡" in services and "5 个工作日" in services


def test_it_leaves_out_inactive_service_items_and_grid_areas(client, published, item_allowance, area):
    item_allowance.active = False
    item_allowance.save(update_fields=["active"])
    GridArea.objects.create(committee=published, name="西片（停用）", active=False)
    html = board_html(client)
    assert "高龄津贴申请" not in html and "西片（停用）" not in html


def test_it_shows_two_weeks_of_office_hours_with_weekend_and_holiday_duty(client, published, desk, all_day):
    factories.shifts(published)
    DutyAssignment.objects.create(
        committee=published, date=timezone.localdate() + dt.timedelta(days=13), shift=all_day, worker=desk
    )
    html = board_html(client)
    days = html.split('class="board-table board-days"')[1].split("</table>")[0]
    assert days.count('<tr class="day-') == 14
    assert days.count("全天班 00:00–23:59") == 2  # today and the last day
    assert "暂无值班安排" in days
    hours = html.split('id="hours"')[1].split("<table")[0]
    assert "全天班" in hours and "双休日" in hours and "节假日" in hours


def test_it_shows_the_committee_message(client, published):
    published.board_message = "本周六上午<停电>，暂停办公。"
    published.save(update_fields=["board_message"])
    html = board_html(client)
    assert "本周六上午&lt;停电&gt;，暂停办公。" in html


def test_it_never_shows_private_phones_resident_data_or_usernames(
    client, published, desk, responsible, area, item_allowance, line_civil
):
    case = case_open(
        committee=published,
        first_responder=desk,
        title="楼道堆物清理",
        line=line_civil,
        service_item=item_allowance,
        resident_name=RESIDENT["name"],
        resident_phone=RESIDENT["phone"],
        address=RESIDENT["address"],
        grid_area=area,
    )
    visit = visit_record(
        committee=published,
        received_by=desk,
        resident_name=RESIDENT["name"],
        outcome=Outcome.HANDED_ON,
        items=[(item_allowance, ["银行卡"])],
        resident_phone=RESIDENT["phone"],
        id_number=RESIDENT["id_number"],
        address=RESIDENT["address"],
        grid_area=area,
        case=case,
    )
    # Appointments with the desk worker today and tomorrow: who booked them is private too.
    today_noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)))
    for when, name, phone in ((today_noon, "钱阿婆", "13600001111"), (today_noon + dt.timedelta(days=1), "孙老伯", "")):
        Appointment.objects.create(
            committee=published,
            worker=desk,
            created_by=desk,
            starts_at=when,
            resident_name=name,
            resident_phone=phone,
            service_item=item_allowance,
            notes="带户口簿",
        )
    # The register: a household in the area, a person with a care tag.
    household, person, _tag = factories.register_records(
        published, area, responsible, name="周独居", phone="13500002222"
    )
    # Work on the grid: a home visit's needs and a patrol's finding.
    home_visit_record(
        client_id=uuid.uuid4(), committee=published, worker=desk, person=person, outcome="seen", needs="需要助餐送饭"
    )
    patrol = factories.patrol(area, responsible)
    finding_record(
        client_id=uuid.uuid4(), patrol=patrol, by=responsible.user, category="other", description="楼道电线私拉"
    )
    for path in ("/board/AA01/", "/board/AA01/?screen=1", "/board/AA01/?lang=en", "/board/AA01/poster/"):
        html = client.get(path).content.decode()
        for secret in (person.name, household.address, "低保", "135****2222", "13500002222", "助餐送饭", "电线私拉"):
            assert secret not in html, (path, secret)
        for secret in (DESK_PHONE, GRID_PHONE, "137****1234", "137****5678", desk.feed_token):
            assert secret not in html, (path, secret)
        for secret in (
            *RESIDENT.values(),
            "139****5678",
            case.reference,
            visit.reference,
            case.title,
            "钱阿婆",
            "孙老伯",
            "13600001111",
            "136****1111",
            "带户口簿",
        ):
            assert secret not in html, (path, secret)
        for username in (desk.user.username, responsible.user.username):
            assert username not in html, (path, username)


def test_it_does_not_touch_the_session_of_a_signed_in_visitor(client_of, published, director_a):
    client = client_of(director_a)
    response = client.get("/board/AA01/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "王主任" not in html and "director-a" not in html
    assert "Cookie" not in response.get("Vary", "")
    assert "csrftoken" not in response.cookies


@pytest.mark.parametrize("change", ["unpublished", "inactive"])
def test_it_answers_404_when_the_committee_does_not_publish(client, published, change):
    if change == "unpublished":
        published.board_published = False
    else:
        published.active = False
    published.save()
    assert client.get("/board/AA01/").status_code == 404
    assert client.get("/board/AA01/poster/").status_code == 404


def test_it_answers_404_for_an_unknown_code(client, published):
    assert client.get("/board/ZZ99/").status_code == 404
    assert client.get("/board/ZZ99/poster/").status_code == 404


def test_it_matches_the_code_case_insensitively_and_redirects_to_the_stored_code(client, published):
    response = client.get("/board/aa01/?screen=1")
    assert response.status_code == 301
    assert response["Location"] == "/board/AA01/?screen=1"
    assert client.get("/board/aA01/poster/")["Location"] == "/board/AA01/poster/"


def test_it_shows_only_its_own_committee(client, published, committee_b):
    other = factories.worker(committee_b, name="乙会值班员")
    b_area = GridArea.objects.create(committee=committee_b, name="乙会北片", public_phone="021-00000000")
    DutyAssignment.objects.create(
        committee=committee_b,
        date=timezone.localdate(),
        worker=other,
        shift=ShiftTemplate.objects.create(committee=committee_b, name="乙会班", start=dt.time(0), end=dt.time(23, 59)),
    )
    html = board_html(client)
    assert "乙会值班员" not in html and b_area.name not in html and "乙会班" not in html


def test_screen_mode_refreshes_through_a_static_script(client, published):
    html = board_html(client, query="?screen=1")
    assert "board-screen" in html
    assert 'data-refresh="60"' in html
    assert "/static/js/board.js" in html
    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in html
    assert "<script>" not in html and "onclick" not in html


def test_the_normal_board_loads_no_script(client, published):
    html = board_html(client)
    assert "<script" not in html
    assert 'http-equiv="refresh"' not in html


def test_it_is_public_chrome_only(client, published):
    html = board_html(client)
    assert "/logout/" not in html and "set_language" not in html and "/i18n/" not in html
    assert 'lang="zh-CN"' in html
    assert '<th scope="col">' in html and '<th scope="row">' in html


def test_english_is_chosen_by_the_url(client, published):
    response = client.get("/board/AA01/?lang=en")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert "On the spot" in html or "on the spot" in html
    assert 'href="/board/AA01/"' in html  # the link back to Chinese


def test_the_poster_has_the_qr_code_of_the_board_url(client, published):
    response = client.get("/board/AA01/poster/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'class="qr"' in html
    assert "http://testserver/board/AA01/" in html
    assert "甲一居委会" in html and "和平路100号" in html and "021-65550000" in html
    assert "@page" not in html  # print rules live in board.css


def test_the_qr_code_encodes_the_absolute_board_url():
    import segno

    from office.views import qr_svg

    svg = qr_svg("https://example.org/board/AA01/", title="甲一 <居委会>")
    expected = segno.make_qr("https://example.org/board/AA01/", error="q", boost_error=False)
    assert svg.startswith("<svg") and f'viewBox="0 0 {expected.symbol_size()[0]} ' in svg
    assert "<title>甲一 &lt;居委会&gt;</title>" in svg


def test_the_board_costs_a_fixed_number_of_queries(
    client, published, line_civil, all_day, committee_a, django_assert_max_num_queries
):
    client.get("/board/AA01/")  # warm up anything cached per process
    with django_assert_max_num_queries(BOARD_QUERIES):
        board_html(client)
    for i in range(30):
        factories.service_item(line_civil, name=f"批量事项{i}", materials=["身份证", f"材料{i}"])
        factories.service_item(factories.line(), name=f"其他条线事项{i}")
        worker = factories.worker(committee_a, name=f"批量值班{i}")
        GridArea.objects.create(committee=committee_a, name=f"批量片区{i}", responsible=worker.user)
        DutyAssignment.objects.create(
            committee=committee_a, date=timezone.localdate() + dt.timedelta(days=i % 14), shift=all_day, worker=worker
        )
    with django_assert_max_num_queries(BOARD_QUERIES):
        html = board_html(client)
    assert "批量事项29" in html and "批量片区29" in html


def test_the_poster_costs_one_query(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(POSTER_QUERIES):
        assert client.get("/board/AA01/poster/").status_code == 200
