"""Every text cell of every export is neutralised, names set in admin included, and a
workbook's text cells are strings, never formulas."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reception.choices import Outcome
from reception.services import visit_record
from utilities.exports import neutralise

pytestmark = pytest.mark.django_db
FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_would_start_a_formula_is_kept_as_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["赵阿姨", "13912345678", 42, 3.5, None, ""])
def test_other_cells_are_left_as_they_are(value):
    assert neutralise(value) == value


def csv_cells(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def xlsx_cells(response):
    return [list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()][1:]  # below the title


@pytest.fixture
def formula_names(committee_a, worker_a):
    """A worker's and a committee's name set in admin, as an attacker would."""
    worker_a.display_name = '=HYPERLINK("http://evil.example","张")'
    worker_a.save(update_fields=["display_name"])
    committee_a.name = "+cmd|' /C calc'!A0"
    committee_a.save(update_fields=["name"])
    visit_record(committee=committee_a, received_by=worker_a, resident_name="@SUM(1)", outcome=Outcome.CONSULTATION)


def test_the_ledger_exports_neutralise_every_name(client_of, worker_a, formula_names):
    client = client_of(worker_a)
    row = csv_cells(client.get(reverse("reception:ledger-csv")))[1]
    assert row[3] == "'@SUM(1)" and row[10].startswith("'=HYPERLINK")
    cells = xlsx_cells(client.get(reverse("reception:ledger-xlsx")))[1]
    assert cells[3].value == "'@SUM(1)" and cells[10].value.startswith("'=HYPERLINK")
    assert {cell.data_type for cell in cells if isinstance(cell.value, str)} == {"s"}


def test_the_street_comparison_exports_neutralise_committee_names(client_of, street_admin_a, formula_names):
    client = client_of(street_admin_a)
    row = csv_cells(client.get(reverse("office:street"), {"format": "csv"}))[1]
    assert row[1] == "'+cmd|' /C calc'!A0"
    cells = xlsx_cells(client.get(reverse("office:street"), {"format": "xlsx"}))[1]
    assert cells[1].value == "'+cmd|' /C calc'!A0" and cells[1].data_type == "s"
    assert not any(
        cell.data_type == "f"
        for row in xlsx_cells(client.get(reverse("office:street"), {"format": "xlsx"}))
        for cell in row
    )
