"""Every Excel export opens with a title row (what, whose, which period, when) above a
bold header, its columns sized to their contents; the case list, the roster month and the
seal log export as CSV and Excel, masked like the visit ledger, scoped like their pages."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories
from utilities.exports import column_widths, text_width

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
PHONE, MASKED = "13912345678", "139****5678"


@pytest.fixture
def records(time_machine, committee_a, line_civil, item_allowance):
    time_machine.move_to(MOMENT, tick=False)
    return {type(r).__name__: r for r in factories.one_of_everything(committee_a, line_civil, item_allowance)}


def workbook(response):
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_chinese_text_is_twice_as_wide_and_columns_fit_within_bounds():
    assert text_width("居委会") == 6 and text_width("AA01") == 4
    assert column_widths([["编号", "事项"], ["AA01-2026-00001", "x" * 200], ["只导出了前 2 条"]]) == [17, 60]


@pytest.mark.parametrize(
    ("name", "what", "period"),
    [
        ("reception:ledger-xlsx", "首问接待记录本", "全部日期"),
        ("casework:case-list-xlsx", "事项台账", "全部日期"),
        ("reception:seal-log-xlsx", "印章使用记录本", "全部日期"),
    ],
)
def test_each_register_workbook_has_a_title_row_and_sized_columns(client_of, worker_a, records, name, what, period):
    sheet, rows = workbook(client_of(worker_a).get(reverse(name)))
    assert rows[0][0] == f"{what} · 甲一居委会 · {period} · 导出于 2026-11-25 10:30"
    assert sheet["A1"].font.b and sheet["A2"].font.b  # the title and the header
    assert sheet.freeze_panes == "A3"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]
    assert all(width and width >= 6 for width in widths)


def test_the_ledger_title_names_the_period_filtered(client_of, worker_a, records):
    response = client_of(worker_a).get(
        reverse("reception:ledger-xlsx"), {"received_from": "2026-11-01", "received_to": "2026-11-30"}
    )
    _sheet, rows = workbook(response)
    assert "2026-11-01 至 2026-11-30" in rows[0][0]


def test_the_street_comparison_title_names_the_street_and_period(client_of, street_admin_a, records):
    response = client_of(street_admin_a).get(
        reverse("office:street"), {"period": "custom", "from": "2026-11-01", "to": "2026-11-24", "format": "xlsx"}
    )
    _sheet, rows = workbook(response)
    assert rows[0][0].startswith("各居委会比较 · 甲一居委会 · 2026-11-01 至 2026-11-24")


def test_the_case_list_exports_with_the_phone_masked(client_of, worker_a, records):
    case = records["Case"]
    for rows in (
        csv_rows(client_of(worker_a).get(reverse("casework:case-list-csv"))),
        workbook(client_of(worker_a).get(reverse("casework:case-list-xlsx")))[1][1:],
    ):
        assert rows[0][0] == "编号"
        assert [row[0] for row in rows[1:]] == [case.reference]
        assert MASKED in rows[1] and not any(PHONE in str(cell) for row in rows for cell in row)


def test_the_case_export_follows_the_sealed_search(client_of, worker_a, records, committee_a, line_civil):
    from casework.services import case_open

    case_open(committee=committee_a, first_responder=records["Worker"], title="另一件", line=line_civil)
    client = client_of(worker_a)
    listed = client.post(reverse("casework:case-list"), {"q": "5678"})
    query = listed.url.split("?", 1)[1]
    assert "5678" not in query
    rows = csv_rows(client.get(f"{reverse('casework:case-list-csv')}?{query}"))
    assert [row[6] for row in rows[1:]] == ["楼道堆物"]


def test_the_seal_log_exports_masked_like_the_ledger(client_of, worker_a, records):
    rows = csv_rows(client_of(worker_a).get(reverse("reception:seal-log-csv")))
    assert rows[0][:5] == ["用印时间", "居委会", "登记编号", "居民姓名", "联系电话"]
    assert rows[1][2] == records["Visit"].reference
    assert rows[1][4] == MASKED
    assert rows[1][5] == records["Visit"].id_number_masked
    assert not any(PHONE in cell or "11010519491231002X" in cell for row in rows for cell in row)


def test_the_roster_month_exports_one_row_per_duty(client_of, worker_a, records):
    duty = records["DutyAssignment"]
    kwargs = {"year": duty.date.year, "month": duty.date.month}
    rows = csv_rows(client_of(worker_a).get(reverse("staffing:roster-csv", kwargs=kwargs)))
    assert rows[0] == ["日期", "星期", "日类型", "班次", "时间", "值班人"]
    assert rows[1:] == [
        [
            f"{duty.date:%Y-%m-%d}",
            "周三",
            "工作日",
            duty.shift.name,
            f"{duty.shift.start:%H:%M}–{duty.shift.end:%H:%M}",
            duty.worker.display_name,
        ]
    ]
    _sheet, sheet_rows = workbook(client_of(worker_a).get(reverse("staffing:roster-xlsx", kwargs=kwargs)))
    assert sheet_rows[0][0].startswith("值班表（") and " · 甲一居委会 · 2026-11 · 导出于" in sheet_rows[0][0]


def test_b_exports_none_of_a(client_of, worker_b, records):
    client = client_of(worker_b)
    assert csv_rows(client.get(reverse("casework:case-list-csv")))[1:] == []
    assert csv_rows(client.get(reverse("reception:seal-log-csv")))[1:] == []
    duty = records["DutyAssignment"]
    rows = csv_rows(
        client.get(reverse("staffing:roster-csv", kwargs={"year": duty.date.year, "month": duty.date.month}))
    )
    assert rows[1:] == []  # their own committee's month: empty


def test_a_bad_filter_goes_back_to_the_list_instead_of_exporting(client_of, worker_a, records):
    client = client_of(worker_a)
    response = client.get(reverse("casework:case-list-xlsx"), {"registered_from": "yesterday"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("casework:case-list"))
    response = client.get(reverse("reception:seal-log-csv"), {"used_from": "yesterday"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("reception:seal-log"))
