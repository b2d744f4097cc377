"""The visit ledger (首问接待记录本): filters, daily totals, masking, exports, scoping,
voiding, and a page cost that does not grow with the rows."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reception import views
from reception.choices import Channel, Outcome
from reception.models import Visit
from reception.services import visit_record, visit_void
from utilities import paging
from utilities.dayranges import on_or_before

from .. import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY_1, DAY_2 = dt.date(2025, 3, 3), dt.date(2025, 3, 4)
PHONE, PHONE_MASKED = "13912345678", "139****5678"
ID_NUMBER, ID_MASKED = "11010519491231002X", "1101**********002X"
HEADER = [
    "登记编号",
    "接待时间",
    "渠道",
    "居民姓名",
    "联系电话",
    "身份证号",
    "片区",
    "服务事项",
    "缺少材料",
    "办理结果",
    "接待人",
    "转办事项编号",
    "办结期限",
    "作废原因",
]


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def line_safety(db):
    return factories.line(code="pingan", name="平安")


@pytest.fixture
def item_safety(line_safety):
    return factories.service_item(line_safety, name="安全隐患报告", materials=[], limit=3)


@pytest.fixture
def ledger_a(committee_a, worker_a, director_a, item_residence, item_allowance, item_safety, line_civil, desk_a):
    """Six visits of committee A over two local days (one voided), hand-counted:

    day 1: 赵阿姨 on the spot, 钱先生 notice (by phone, by the director), 孙奶奶 handed on
           (23:30), 李大爷 consultation (voided);
    day 2: 周阿姨 appointment at 00:30 local (still day 1 in UTC), 吴先生 on the spot."""
    from casework.services import case_open

    area_1, area_2 = factories.grid_area(committee_a, name="一片"), factories.grid_area(committee_a, name="二片")
    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="高龄津贴申请：孙奶奶",
        line=line_civil,
        service_item=item_allowance,
        resident_name="孙奶奶",
    )

    def record(name, outcome, when, items=(), by=worker_a, **kwargs):
        return visit_record(
            committee=committee_a,
            received_by=by,
            resident_name=name,
            outcome=outcome,
            items=list(items),
            received_at=when,
            **kwargs,
        )

    visits = {
        "赵阿姨": record(
            "赵阿姨",
            Outcome.ON_THE_SPOT,
            at(DAY_1, 9),
            [(item_residence, []), (item_allowance, [])],
            resident_phone=PHONE,
            id_number=ID_NUMBER,
            grid_area=area_1,
        ),
        "钱先生": record(
            "钱先生",
            Outcome.NOTICE,
            at(DAY_1, 10),
            [(item_residence, ["户口簿", "租赁合同"])],
            by=director_a,
            channel=Channel.PHONE,
        ),
        "孙奶奶": record("孙奶奶", Outcome.HANDED_ON, at(DAY_1, 23, 30), [(item_allowance, [])], case=case),
        "李大爷": record("李大爷", Outcome.CONSULTATION, at(DAY_1, 11)),
        "周阿姨": record(
            "周阿姨", Outcome.APPOINTMENT, at(DAY_2, 0, 30), [(item_allowance, [])], channel=Channel.HOME_VISIT
        ),
        "吴先生": record("吴先生", Outcome.ON_THE_SPOT, at(DAY_2, 15), [(item_safety, [])], grid_area=area_2),
    }
    visit_void(visit=visits["李大爷"], by=worker_a, reason="重复登记")
    return visits, case, area_1, area_2


@pytest.fixture
def visit_b(committee_b, worker_b):
    return visit_record(
        committee=committee_b,
        received_by=worker_b,
        resident_name="乙居民",
        outcome=Outcome.CONSULTATION,
        resident_phone="13800001111",
        received_at=at(DAY_1, 9),
    )


def ledger(client, **params):
    """The ledger filtered as a user does it: the filter form is posted, then followed."""
    response = client.post(reverse("reception:ledger"), params, follow=True)
    assert response.status_code == 200
    return response


def names(response):
    return [visit.resident_name for visit in response.context["page"].object_list]


def csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)][1:]  # below the title row


# --- the page and its filters ---------------------------------------------------------------


def test_it_lists_every_visit_newest_first_voided_ones_marked(client_of, worker_a, ledger_a):
    response = ledger(client_of(worker_a))
    assert names(response) == ["吴先生", "周阿姨", "孙奶奶", "李大爷", "钱先生", "赵阿姨"]
    page = response.content.decode()
    assert page.count('class="voided"') == 1 and "重复登记" in page
    assert "data-print" in page and "<script>" not in page


def test_it_filters_by_local_date_range(client_of, worker_a, ledger_a):
    client = client_of(worker_a)
    # 周阿姨 came at 00:30 Shanghai time on day 2, which is still day 1 in UTC.
    assert names(ledger(client, received_from=DAY_2, received_to=DAY_2)) == ["吴先生", "周阿姨"]
    assert names(ledger(client, received_to=DAY_1)) == ["孙奶奶", "李大爷", "钱先生", "赵阿姨"]
    assert names(ledger(client, received_from=DAY_2 + dt.timedelta(days=1))) == []


def test_it_filters_by_channel(client_of, worker_a, ledger_a):
    assert names(ledger(client_of(worker_a), channel=Channel.PHONE)) == ["钱先生"]


def test_it_filters_by_receiving_worker_of_the_committee_only(client_of, worker_a, director_a, worker_b, ledger_a):
    client = client_of(worker_a)
    assert names(ledger(client, received_by=director_a.pk)) == ["钱先生"]
    response = ledger(client, received_by=worker_b.pk)
    assert response.context["filter"].errors["received_by"]
    assert f'value="{worker_b.pk}"' not in response.content.decode()


def test_it_filters_by_line_once_per_visit(client_of, worker_a, ledger_a, line_civil, line_safety):
    client = client_of(worker_a)
    # 赵阿姨 asked about two items of 民政 and appears once.
    assert names(ledger(client, line=line_civil.pk)) == ["周阿姨", "孙奶奶", "钱先生", "赵阿姨"]
    assert names(ledger(client, line=line_safety.pk)) == ["吴先生"]


def test_it_filters_by_outcome(client_of, worker_a, ledger_a):
    client = client_of(worker_a)
    assert names(ledger(client, outcome=Outcome.NOTICE)) == ["钱先生"]
    assert names(ledger(client, outcome=Outcome.ON_THE_SPOT)) == ["吴先生", "赵阿姨"]


def test_it_filters_by_grid_area_of_the_committee_only(client_of, worker_a, committee_b, ledger_a):
    _visits, _case, area_1, _area_2 = ledger_a
    client = client_of(worker_a)
    assert names(ledger(client, grid_area=area_1.pk)) == ["赵阿姨"]
    foreign = factories.grid_area(committee_b, name="乙片")
    response = ledger(client, grid_area=foreign.pk)
    assert response.context["filter"].errors["grid_area"] and "乙片" not in response.content.decode()


def test_it_can_hide_voided_visits(client_of, worker_a, ledger_a):
    shown = names(ledger(client_of(worker_a), hide_voided="on"))
    assert "李大爷" not in shown and len(shown) == 5


def test_it_searches_by_exact_reference_or_resident_name(client_of, worker_a, ledger_a):
    visits, *_rest = ledger_a
    client = client_of(worker_a)
    assert names(ledger(client, q=visits["孙奶奶"].reference.lower())) == ["孙奶奶"]
    assert names(ledger(client, q="钱")) == ["钱先生"]
    assert names(ledger(client, q=visits["孙奶奶"].reference[:-1])) == []


def test_daily_totals_match_the_hand_count_and_leave_out_voided(client_of, worker_a, ledger_a):
    totals = ledger(client_of(worker_a)).context["totals"]
    zero = dict(on_the_spot=0, notice=0, handed_on=0, appointment=0, consultation=0, voided=0)
    assert totals["days"] == [
        {**zero, "day": DAY_2, "total": 2, "on_the_spot": 1, "appointment": 1},
        {**zero, "day": DAY_1, "total": 3, "on_the_spot": 1, "notice": 1, "handed_on": 1, "voided": 1},
    ]
    assert totals["overall"] == {
        **zero,
        "total": 5,
        "on_the_spot": 2,
        "notice": 1,
        "handed_on": 1,
        "appointment": 1,
        "voided": 1,
    }


def test_past_the_count_cap_the_page_says_so_and_totals_only_the_days_shown(client_of, worker_a, ledger_a, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    monkeypatch.setattr(views, "TOTALS_DAYS_SHOWN", 1)
    response = ledger(client_of(worker_a))
    page, totals = response.context["page"], response.context["totals"]
    assert page.paginator.capped and page.paginator.count == 4
    # Only DAY_2 is shown, and the total row is DAY_2's, labelled as such.
    assert [d["day"] for d in totals["days"]] == [DAY_2]
    assert not totals["whole"] and totals["more"] and totals["overall"]["total"] == 2
    text = response.content.decode()
    assert "超过 4 条" in text and "最近 1 天合计" in text and "只列出并合计最近 1 天" in text


def test_under_the_count_cap_the_total_row_is_the_whole_range(client_of, worker_a, ledger_a, monkeypatch):
    monkeypatch.setattr(views, "TOTALS_DAYS_SHOWN", 1)
    totals = ledger(client_of(worker_a)).context["totals"]
    assert [d["day"] for d in totals["days"]] == [DAY_2]
    assert totals["whole"] and totals["more"] and totals["overall"]["total"] == 5


def test_a_range_ending_after_the_last_visit_still_shows_its_days(client_of, worker_a, ledger_a):
    totals = ledger(client_of(worker_a), received_from=DAY_1, received_to=DAY_2 + dt.timedelta(days=90)).context[
        "totals"
    ]
    assert [d["day"] for d in totals["days"]] == [DAY_2, DAY_1] and totals["whole"] and not totals["more"]


@pytest.mark.parametrize("hide_voided", [False, True])
def test_daily_totals_from_the_day_figures_equal_the_count(worker_a, ledger_a, hide_voided):
    """Filtered by dates only, the ledger adds up the day figures (finished days) and
    counts today: the same rows as counting every day from the visits."""
    visit_record(committee=worker_a.committee, received_by=worker_a, resident_name="今天", outcome=Outcome.CONSULTATION)
    mistake = visit_record(
        committee=worker_a.committee, received_by=worker_a, resident_name="录错", outcome=Outcome.CONSULTATION
    )
    visit_void(visit=mistake, by=worker_a, reason="录错")
    visits = Visit.objects.filter(committee=worker_a.committee)
    visits = visits.valid() if hide_voided else visits
    for last_day in (None, DAY_2, dt.date.today() + dt.timedelta(days=3)):
        ranged = visits.filter(on_or_before("received_at", last_day)) if last_day else visits  # as the filter does
        counted = views.daily_totals(ranged, last_day=last_day)
        figures = views.daily_totals(
            ranged, last_day=last_day, committee_ids=[worker_a.committee_id], hide_voided=hide_voided
        )
        assert figures == counted and counted["days"], last_day


def test_only_a_date_filter_reads_the_day_figures(client_of, worker_a, ledger_a):
    client = client_of(worker_a)
    with CaptureQueriesContext(connection) as queries:
        ledger(client, received_from=DAY_1, received_to=DAY_2)
    assert any("committee_dayfigures" in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        ledger(client, received_from=DAY_1, channel=Channel.PHONE)
    assert not any("committee_dayfigures" in q["sql"] for q in queries.captured_queries)


def test_daily_totals_follow_the_filter(client_of, worker_a, director_a, ledger_a):
    totals = ledger(client_of(worker_a), received_by=director_a.pk).context["totals"]
    assert [(d["day"], d["total"], d["notice"]) for d in totals["days"]] == [(DAY_1, 1, 1)]


def test_the_page_masks_phone_and_id_number(client_of, worker_a, ledger_a):
    page = ledger(client_of(worker_a)).content.decode()
    assert PHONE not in page and ID_NUMBER not in page
    assert PHONE_MASKED in page and ID_MASKED in page


def test_the_export_links_carry_the_filter(client_of, worker_a, ledger_a):
    page = ledger(client_of(worker_a), outcome=Outcome.NOTICE, page=1).content.decode()
    assert f'{reverse("reception:ledger-csv")}?outcome=notice"' in page
    assert f'{reverse("reception:ledger-xlsx")}?outcome=notice"' in page


# --- exports --------------------------------------------------------------------------------


def test_the_csv_has_a_bom_a_header_and_masked_identifiers(client_of, worker_a, ledger_a):
    visits, case, *_rest = ledger_a
    response = client_of(worker_a).get(reverse("reception:ledger-csv"))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == HEADER and len(rows) == 7
    text = "\n".join(",".join(row) for row in rows)
    assert PHONE not in text and ID_NUMBER not in text
    by_name = {row[3]: row for row in rows[1:]}
    assert by_name["赵阿姨"] == [
        visits["赵阿姨"].reference,
        "2025-03-03 09:00",
        "来访",
        "赵阿姨",
        PHONE_MASKED,
        ID_MASKED,
        "一片",
        "居住证明、高龄津贴申请",
        "",
        "当场办结",
        "张敏",
        "",
        "",
        "",
    ]
    assert by_name["钱先生"][8] == "居住证明：户口簿、租赁合同"
    assert by_name["孙奶奶"][11] == case.reference
    assert by_name["周阿姨"][1] == "2025-03-04 00:30"  # local time
    assert by_name["李大爷"][13] == "重复登记"


def test_the_xlsx_opens_with_a_header_and_masked_identifiers(client_of, worker_a, ledger_a):
    response = client_of(worker_a).get(reverse("reception:ledger-xlsx"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(response)
    assert rows[0] == HEADER and len(rows) == 7
    cells = [str(cell) for row in rows for cell in row if cell is not None]
    assert PHONE_MASKED in cells and ID_MASKED in cells
    assert not any(PHONE in cell or ID_NUMBER in cell for cell in cells)


def test_the_exports_follow_the_filter(client_of, worker_a, ledger_a):
    client = client_of(worker_a)
    by_phone = csv_rows(client.get(reverse("reception:ledger-csv"), {"channel": "phone"}))
    assert [row[3] for row in by_phone[1:]] == ["钱先生"]
    without_voided = xlsx_rows(client.get(reverse("reception:ledger-xlsx"), {"hide_voided": "on"}))
    assert [row[3] for row in without_voided[1:]] == ["吴先生", "周阿姨", "孙奶奶", "钱先生", "赵阿姨"]


def test_an_export_with_a_bad_filter_goes_back_to_the_ledger(client_of, worker_a, ledger_a):
    response = client_of(worker_a).get(reverse("reception:ledger-csv"), {"received_from": "yesterday"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("reception:ledger"))


def test_a_capped_export_says_it_was_cut(client_of, worker_a, ledger_a, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_CAP", 2)
    client = client_of(worker_a)
    rows = csv_rows(client.get(reverse("reception:ledger-csv")))
    assert len(rows) == 4 and "只导出了前 2 条" in rows[-1][0]
    rows = xlsx_rows(client.get(reverse("reception:ledger-xlsx")))
    assert len(rows) == 4 and "只导出了前 2 条" in rows[-1][0]


def test_spreadsheet_formulas_typed_as_names_stay_text(client_of, committee_a, worker_a):
    visit_record(
        committee=committee_a, received_by=worker_a, resident_name="=HYPERLINK(1)", outcome=Outcome.CONSULTATION
    )
    rows = xlsx_rows(client_of(worker_a).get(reverse("reception:ledger-xlsx")))
    assert rows[1][3] == "'=HYPERLINK(1)"


# --- scoping --------------------------------------------------------------------------------


def test_b_sees_none_of_a_in_the_ledger_or_exports(client_of, worker_b, ledger_a, visit_b):
    client = client_of(worker_b)
    assert names(ledger(client)) == ["乙居民"]
    assert [row[3] for row in csv_rows(client.get(reverse("reception:ledger-csv")))[1:]] == ["乙居民"]
    assert [row[3] for row in xlsx_rows(client.get(reverse("reception:ledger-xlsx")))[1:]] == ["乙居民"]
    assert names(ledger(client, q=ledger_a[0]["赵阿姨"].reference)) == []


def test_a_street_admin_reads_the_ledgers_of_the_street_only(client_of, street_admin_a, ledger_a, visit_b):
    client = client_of(street_admin_a)
    assert "乙居民" not in names(ledger(client)) and len(names(ledger(client))) == 6
    assert client.get(reverse("reception:ledger-csv")).status_code == 200
    visits, *_rest = ledger_a
    response = client.post(reverse("reception:visit-void", args=[visits["赵阿姨"].pk]), {"reason": "看看"})
    assert response.status_code == 403
    assert not Visit.objects.get(pk=visits["赵阿姨"].pk).is_voided


def test_a_street_admin_of_several_committees_can_pick_one(client_of, street_admin_a, office_a, ledger_a):
    neighbour = factories.committee(office_a, code="AA02", name="甲二居委会")
    desk = factories.worker(neighbour, name="邻居委会前台")
    visit_record(committee=neighbour, received_by=desk, resident_name="邻居民", outcome=Outcome.CONSULTATION)
    client = client_of(street_admin_a)
    response = ledger(client)
    assert len(names(response)) == 7
    page = response.content.decode()
    assert '<th scope="col">居委会</th>' in page
    # Workers are chosen within a committee: none offered until one is picked.
    assert len(response.context["filter"].form.fields["received_by"].choices) == 1  # the empty choice only
    assert "先选居委会，再选此项。" in page
    response = ledger(client, committee=neighbour.pk)
    assert names(response) == ["邻居民"]
    workers = [label for _value, label in response.context["filter"].form.fields["received_by"].choices][1:]
    assert workers == ["邻居委会前台"]
    assert names(ledger(client, committee=neighbour.pk, received_by=desk.pk)) == ["邻居民"]


def test_a_street_admin_cannot_pick_workers_of_a_committee_outside_the_office(
    client_of, street_admin_a, worker_b, committee_b, ledger_a
):
    response = ledger(client_of(street_admin_a), committee=committee_b.pk, received_by=worker_b.pk)
    assert response.context["filter"].errors and worker_b.display_name not in response.content.decode()


def test_outsiders_are_sent_to_log_in(client, ledger_a):
    for name in ("reception:ledger", "reception:ledger-csv", "reception:ledger-xlsx"):
        assert client.get(reverse(name)).status_code == 302


# --- voiding --------------------------------------------------------------------------------


def void(client, visit, **data):
    return client.post(reverse("reception:visit-void", args=[visit.pk]), data, follow=True)


def test_voiding_needs_a_reason(client_of, worker_a, ledger_a):
    visit = ledger_a[0]["赵阿姨"]
    response = void(client_of(worker_a), visit, reason="   ")
    assert response.redirect_chain[-1][0] == visit.get_absolute_url()
    assert "作废必须写明原因" in response.content.decode()
    assert not Visit.objects.get(pk=visit.pk).is_voided


def test_voiding_keeps_the_record_with_the_reason(client_of, worker_a, ledger_a):
    visit = ledger_a[0]["赵阿姨"]
    client = client_of(worker_a)
    response = void(client, visit, reason="登记错了居民")
    assert response.redirect_chain[-1][0] == visit.get_absolute_url() and "已作废" in response.content.decode()
    visit = Visit.objects.get(pk=visit.pk)
    assert visit.is_voided and visit.void_reason == "登记错了居民" and visit.voided_by == worker_a
    assert "赵阿姨" in names(ledger(client)) and "赵阿姨" not in names(ledger(client, hide_voided="on"))


def test_voiding_twice_is_told_not_crashed(client_of, director_a, ledger_a):
    visit = ledger_a[0]["李大爷"]
    response = void(client_of(director_a), visit, reason="再点一次")
    assert response.status_code == 200 and "已经作废" in response.content.decode()
    assert Visit.objects.get(pk=visit.pk).void_reason == "重复登记"


def test_voiding_is_post_only(client_of, worker_a, ledger_a):
    visit = ledger_a[0]["赵阿姨"]
    assert client_of(worker_a).get(reverse("reception:visit-void", args=[visit.pk])).status_code == 405


def test_b_cannot_void_a_visit_of_a(client_of, worker_b, ledger_a):
    visit = ledger_a[0]["赵阿姨"]
    response = client_of(worker_b).post(reverse("reception:visit-void", args=[visit.pk]), {"reason": "恶意"})
    assert response.status_code == 404
    assert not Visit.objects.get(pk=visit.pk).is_voided


def test_the_void_form_partial_is_labelled_and_gone_once_voided(ledger_a):
    visits, *_rest = ledger_a
    form = render_to_string("reception/_void_form.html", {"visit": visits["赵阿姨"]})
    assert reverse("reception:visit-void", args=[visits["赵阿姨"].pk]) in form
    field_id = f"void-reason-{visits['赵阿姨'].pk}"
    assert f'<label for="{field_id}"' in form and f'id="{field_id}"' in form and "required" in form
    voided = Visit.objects.get(pk=visits["李大爷"].pk)
    assert render_to_string("reception/_void_form.html", {"visit": voided}).strip() == ""


# --- cost -----------------------------------------------------------------------------------


def many_visits(committee, worker, items, area, count):
    for n in range(count):
        visit_record(
            committee=committee,
            received_by=worker,
            resident_name=f"居民{n}",
            outcome=Outcome.NOTICE,
            items=[(item, ["户口簿"]) for item in items],
            resident_phone=PHONE,
            id_number=ID_NUMBER,
            grid_area=area,
            received_at=at(DAY_1 - dt.timedelta(days=n % 7), 9 + n % 8),
        )


def count_queries(fetch) -> int:
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured)


@pytest.mark.parametrize("name", ["reception:ledger", "reception:ledger-csv"])
def test_the_cost_does_not_grow_with_the_rows(
    name, client_of, committee_a, worker_a, item_residence, item_allowance, django_assert_max_num_queries
):
    client = client_of(worker_a)
    area = factories.grid_area(committee_a)

    def fetch():
        response = client.get(reverse(name))
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)

    fetch()  # warm the session and any per-process caches
    many_visits(committee_a, worker_a, [item_residence, item_allowance], area, 3)
    with_3 = count_queries(fetch)
    many_visits(committee_a, worker_a, [item_residence, item_allowance], area, 27)
    with django_assert_max_num_queries(with_3):
        fetch()


def test_the_export_gives_a_handed_on_case_s_deadline_provisional_in_a_provisional_year(
    client_of, worker_a, committee_a, item_allowance, time_machine
):
    from reception.services import visit_intake

    time_machine.move_to(dt.datetime(2026, 12, 28, 10, tzinfo=SHANGHAI), tick=False)
    visit_intake(
        committee=committee_a,
        received_by=worker_a,
        resident_name="跨年居民",
        outcome=Outcome.HANDED_ON,
        chosen=[(item_allowance, item_allowance.materials)],
    )
    rows = {row[3]: row for row in csv_rows(client_of(worker_a).get(reverse("reception:ledger-csv")))[1:]}
    # Monday 28 December, 5 working days: 29–31, then (New Year off) 4 and 5 January.
    assert rows["跨年居民"][12] == "2027-01-05（暂定）"
