import csv
import datetime as dt
import io
import uuid
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from casework.choices import CaseSource
from casework.models import Case
from patrols.choices import FindingCategory
from patrols.models import Finding, Patrol
from patrols.services import finding_record, finding_withdraw
from tests import factories, query_budgets

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def patrol(working_day, area_a, worker_a):
    return factories.patrol(area_a, worker_a, ended=False)


def test_the_worker_sees_a_start_button_for_each_area_they_answer_for(
    working_day, client_of, area_a, worker_a, committee_a
):
    factories.grid_area(committee_a, name="西片区")  # a colleague's: offered below, not as a button

    page = client_of(worker_a).get("/patrols/")

    assert [row["area"] for row in page.context["rows"]] == [area_a]
    assert "开始巡查东片区" in page.content.decode()
    assert page.context["other_form"] is not None


def test_starting_a_patrol_twice_with_the_same_form_stores_one(working_day, client_of, area_a, worker_a):
    client = client_of(worker_a)
    data = {"client_id": str(uuid.uuid4()), "grid_area": area_a.pk}

    first = client.post("/patrols/start/", data)
    again = client.post("/patrols/start/", data)

    patrol = Patrol.objects.get()
    assert first.url == again.url == patrol.get_absolute_url()
    assert patrol.worker == worker_a.user


def test_a_finding_posted_twice_opens_one_case(patrol, client_of, worker_a, line_civil):
    client = client_of(worker_a)
    data = {
        "client_id": str(uuid.uuid4()),
        "category": FindingCategory.SAFETY,
        "description": "消防通道被占",
        "location": "3号楼南",
        "open_case": "on",
        "case_title": "清理消防通道",
        "case_line": line_civil.pk,
    }

    assert client.post(f"/patrols/{patrol.pk}/findings/", data).status_code == 302
    assert client.post(f"/patrols/{patrol.pk}/findings/", data).status_code == 302

    finding = Finding.objects.get()
    assert finding.case == Case.objects.get()
    assert finding.case.source == CaseSource.PATROL


def test_a_finding_without_its_line_is_refused_and_keeps_what_was_typed(patrol, client_of, worker_a):
    data = {"client_id": str(uuid.uuid4()), "category": "other", "description": "井盖松动", "open_case": "on"}

    page = client_of(worker_a).post(f"/patrols/{patrol.pk}/findings/", data)

    assert page.status_code == 400
    assert "井盖松动" in page.content.decode()
    assert "转为事项请选择条线。" in page.content.decode()
    assert not Finding.objects.exists()


def test_ending_a_patrol_records_the_route(patrol, client_of, worker_a):
    response = client_of(worker_a).post(f"/patrols/{patrol.pk}/end/", {"route_notes": "1号楼→北门"})

    assert response.status_code == 302
    patrol.refresh_from_db()
    assert patrol.ended_at is not None
    assert patrol.route_notes == "1号楼→北门"


def test_a_finding_withdrawn_without_a_reason_stays(patrol, client_of, worker_a):
    finding = finding_record(
        client_id=uuid.uuid4(), patrol=patrol, by=worker_a.user, category="other", description="误"
    )
    client = client_of(worker_a)

    client.post(f"/patrols/findings/{finding.pk}/withdraw/", {"reason": ""})
    assert Finding.objects.get().withdrawn_at is None
    client.post(f"/patrols/findings/{finding.pk}/withdraw/", {"reason": "重复记录"})
    assert Finding.objects.get().withdraw_reason == "重复记录"


def test_another_committees_worker_gets_404_everywhere_and_adds_nothing(
    patrol, client_of, worker_a, worker_b, committee_b
):
    finding = finding_record(client_id=uuid.uuid4(), patrol=patrol, by=worker_a.user, category="other", description="x")
    director_b = factories.worker(committee_b, role="director")
    for outsider in (worker_b, director_b):
        client = client_of(outsider)
        assert client.get(f"/patrols/{patrol.pk}/").status_code == 404
        assert client.get("/patrols/book/", {"area": patrol.grid_area_id}).status_code == 404
        assert client.get("/patrols/book/export.csv", {"area": patrol.grid_area_id}).status_code == 404
        finding_data = {"client_id": str(uuid.uuid4()), "category": "other", "description": "闯入"}
        assert client.post(f"/patrols/{patrol.pk}/findings/", finding_data).status_code == 404
        assert client.post(f"/patrols/{patrol.pk}/end/", {"route_notes": "x"}).status_code == 404
        assert client.post(f"/patrols/findings/{finding.pk}/withdraw/", {"reason": "x"}).status_code == 404
        client.post("/patrols/start/", {"client_id": str(uuid.uuid4()), "grid_area": patrol.grid_area_id})
        assert "甲" not in client.get("/patrols/").content.decode().split("<main", 1)[-1]
    assert Finding.objects.count() == 1
    assert Patrol.objects.count() == 1
    patrol.refresh_from_db()
    assert patrol.ended_at is None
    assert Finding.objects.get().withdrawn_at is None


def _november_book(area, worker):
    """Three patrols of November 2026 (two on the 2nd), one finding opening a case, one withdrawn."""
    line = factories.line(code="chengguan", name="城管")
    first = factories.patrol(area, worker, started_at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI))
    factories.patrol(area, worker, started_at=dt.datetime(2026, 11, 2, 19, 0, tzinfo=SHANGHAI))
    third = factories.patrol(area, worker, started_at=dt.datetime(2026, 11, 3, 9, 0, tzinfo=SHANGHAI))
    finding_record(
        client_id=uuid.uuid4(),
        patrol=first,
        by=worker.user,
        category=FindingCategory.ILLEGAL_BUILDING,
        description="=SUM(A1) 顶楼违建",
        location="7号楼顶",
        case_line=line,
        recorded_at=first.started_at + dt.timedelta(minutes=5),
    )
    wrong = finding_record(
        client_id=uuid.uuid4(),
        patrol=third,
        by=worker.user,
        category=FindingCategory.OTHER,
        description="看错了",
        recorded_at=third.started_at + dt.timedelta(minutes=5),
    )
    finding_withdraw(finding=wrong, by=worker.user, reason="误报")


def test_the_book_has_a_row_per_day_and_per_patrol(working_day, client_of, area_a, worker_a):
    _november_book(area_a, worker_a)

    page = client_of(worker_a).get("/patrols/book/", {"area": area_a.pk, "month": "2026-11"})

    rows = page.context["rows"]
    assert len(rows) == 30 + 1  # November, and a second round on the 2nd
    assert [row.date.day for row in rows[:4]] == [1, 2, 2, 3]
    assert not rows[0].missed  # a Sunday
    assert rows[1].findings[0].case.reference in page.content.decode()
    assert [row.date.day for row in rows if row.missed] == [4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24]
    assert "甲一居委会 东片区 每日巡查记录本" in page.content.decode()


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "1999-12"])
@pytest.mark.parametrize(
    "path", ["/patrols/book/", "/patrols/book/export.csv", "/patrols/book/export.xlsx", "/patrols/missed/"]
)
def test_a_month_off_the_calendar_shows_this_month(working_day, client_of, area_a, director_a, path, month):
    response = client_of(director_a).get(path, {"area": area_a.pk, "month": month})
    assert response.status_code == 200


def test_the_book_says_a_bad_month_and_shows_this_month(working_day, client_of, area_a, worker_a):
    page = client_of(worker_a).get("/patrols/book/", {"area": area_a.pk, "month": "2026-99"})

    assert page.status_code == 200
    assert page.context["first"] == dt.date(2026, 11, 1)


def test_the_book_exports_as_csv_and_excel_with_formulas_defused(working_day, client_of, area_a, worker_a):
    _november_book(area_a, worker_a)
    client = client_of(worker_a)
    query = {"area": area_a.pk, "month": "2026-11"}

    text = b"".join(client.get("/patrols/book/export.csv", query).streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    workbook = load_workbook(io.BytesIO(client.get("/patrols/book/export.xlsx", query).content))
    sheet = [list(row) for row in workbook.active.iter_rows(values_only=True)]

    assert table[0][0] == "日期"
    assert len(table) == 1 + 31
    assert table[2][5].startswith("违章搭建：=SUM(A1) 顶楼违建（7号楼顶） → 事项 ")
    assert "已撤回：误报" in table[4][5]
    assert table[5][1] == "未巡查"
    assert "每日巡查记录本 · 甲一居委会 东片区" in sheet[0][0]
    assert sheet[1][0] == "日期"
    assert sheet[3][5] == table[2][5]
    assert len(sheet) == 2 + 31


@pytest.mark.parametrize("patrols", [1, 6])
def test_the_pages_query_counts_do_not_grow_with_the_patrols(
    working_day, client_of, area_a, worker_a, director_a, patrols, django_assert_num_queries
):
    line = factories.line(code="chengguan", name="城管")
    for n in range(patrols):
        patrol = factories.patrol(area_a, worker_a, started_at=working_day - dt.timedelta(days=n, hours=2))
        for _ in range(2):
            finding_record(
                client_id=uuid.uuid4(),
                patrol=patrol,
                by=worker_a.user,
                category="other",
                description="x",
                case_line=line,
                recorded_at=patrol.started_at,
            )
    today = factories.patrol(area_a, worker_a, ended=False)
    client = client_of(worker_a)
    client.get("/patrols/")  # the session's first request settles the session

    with django_assert_num_queries(query_budgets.PATROLS_TODAY):
        client.get("/patrols/")
    with django_assert_num_queries(query_budgets.PATROL_PAGE):
        client.get(f"/patrols/{today.pk}/")
    with django_assert_num_queries(query_budgets.PATROL_BOOK):
        client.get("/patrols/book/", {"area": area_a.pk})
    director = client_of(director_a)
    director.get("/patrols/")
    with django_assert_num_queries(query_budgets.PATROLS_MISSED):
        director.get("/patrols/missed/")


def test_a_round_under_way_is_continued_not_started_again(patrol, client_of, worker_a):
    page = client_of(worker_a).get("/patrols/")

    assert page.context["rows"][0]["under_way"] == patrol
    assert "继续巡查东片区" in page.content.decode()
    assert "开始巡查东片区" not in page.content.decode()


def test_a_patrol_is_withdrawn_from_its_page_and_not_by_another_committee(patrol, client_of, worker_a, worker_b):
    assert client_of(worker_b).post(f"/patrols/{patrol.pk}/withdraw/", {"reason": "x"}).status_code == 404
    client = client_of(worker_a)
    client.post(f"/patrols/{patrol.pk}/withdraw/", {"reason": ""})
    assert Patrol.objects.get().withdrawn_at is None

    client.post(f"/patrols/{patrol.pk}/withdraw/", {"reason": "重复开始"})

    assert Patrol.objects.get().withdraw_reason == "重复开始"
    assert "重复开始" in client.get(f"/patrols/{patrol.pk}/").content.decode()


def test_a_tampered_record_id_is_said_and_keeps_what_was_typed(patrol, client_of, worker_a):
    data = {"client_id": "not-a-uuid", "category": "other", "description": "井盖松动"}

    page = client_of(worker_a).post(f"/patrols/{patrol.pk}/findings/", data)

    assert page.status_code == 400
    assert "页面已过期" in page.content.decode()
    assert "井盖松动" in page.content.decode()
    assert not Finding.objects.exists()


def test_yesterdays_unfinished_round_is_listed_and_ended_at_the_time_given(working_day, client_of, area_a, worker_a):
    forgotten = factories.patrol(area_a, worker_a, started_at=working_day - dt.timedelta(days=1), ended=False)
    client = client_of(worker_a)

    assert list(client.get("/patrols/").context["unfinished"]) == [forgotten]
    refused = client.post(f"/patrols/{forgotten.pk}/end/", {"ended_at": "2026-11-26T09:00", "route_notes": "沿河"})
    assert refused.status_code == 400
    assert "沿河" in refused.content.decode()
    client.post(f"/patrols/{forgotten.pk}/end/", {"ended_at": "2026-11-24T11:30", "route_notes": "沿河"})

    forgotten.refresh_from_db()
    assert forgotten.ended_at == dt.datetime(2026, 11, 24, 11, 30, tzinfo=SHANGHAI)
    assert not client.get("/patrols/").context["unfinished"]
