"""register.spreadsheets on its own: dates, ID numbers, phones, relations and the header."""

import datetime as dt

import pytest

from register.identity import id_upgrade_15, validate_id_number
from register.spreadsheets import SpreadsheetError, Table, find_sheet, parse_date, parse_relation, parse_row


@pytest.mark.parametrize(
    "value",
    [
        "1949.12.31",
        "1949/12/31",
        "1949-12-31",
        "19491231",
        "1949年12月31日",
        "１９４９．１２．３１",
        18263,
        dt.datetime(1949, 12, 31, 0, 0),
        dt.date(1949, 12, 31),
        19491231,
    ],
)
def test_every_way_files_write_a_birth_date_is_read(value):
    assert parse_date(value) == dt.date(1949, 12, 31)


@pytest.mark.parametrize("value", ["1949.13.01", "昨天", "49.12.31", "1949-02-30"])
def test_a_date_that_is_none_is_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_an_old_15_digit_id_number_becomes_its_valid_18_digits():
    upgraded = id_upgrade_15("310101600506123")
    assert upgraded.startswith("31010119600506123") and len(upgraded) == 18
    validate_id_number(upgraded)


def test_an_id_number_excel_stored_as_a_number_is_reported_not_guessed():
    row = parse_row(5, ["张三", "101", 3.10101196005061e17], ["name", "room", "id_number"])
    assert row.problems and "文本" in row.problems[0]


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("户主", "head"),
        ("本人", "head"),
        ("妻", "spouse"),
        ("长子", "child"),
        ("女", "child"),
        ("外孙女", "grandchild"),
        ("母亲", "parent"),
        ("保姆", "other"),
        ("", "other"),
    ],
)
def test_relations_as_committees_write_them(text, relation):
    assert parse_relation(text) == relation


def test_several_phones_in_one_cell_are_each_checked():
    row = parse_row(2, ["张三", "101", "13912345678 / 021-6555 1234转8、143 1234 5678"], ["name", "room", "phone"])
    assert [number for number, _kind in row.values["phones"]] == ["+8613912345678", "+862165551234x8"]
    assert len(row.problems) == 1 and "143" in row.problems[0]


def test_no_header_in_the_first_rows_is_a_clear_error():
    with pytest.raises(SpreadsheetError):
        find_sheet(Table(rows=[[1, 2], [3, 4]], kind="csv"))


def test_a_one_line_address_is_split_into_building_unit_room():
    row = parse_row(2, ["张三", "5号楼2单元301室"], ["name", "address"])
    assert (row.values["building"], row.values["unit"], row.values["room"]) == ("5", "2", "301")


def test_a_sex_or_birth_date_the_id_number_contradicts_is_reported():
    number = "11010519491231002X"  # a woman born 1949-12-31
    row = parse_row(2, ["张三", "101", number, "男", "1950.1.1"], ["name", "room", "id_number", "sex", "birth_date"])
    assert len(row.problems) == 2 and "性别" in row.problems[0] and "1949-12-31" in row.problems[1]
    row = parse_row(2, ["张三", "101", number, "女", "1949/12/31"], ["name", "room", "id_number", "sex", "birth_date"])
    assert row.problems == []
