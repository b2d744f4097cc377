"""Spreadsheets as committees keep them, messy as they come, built in the test with
openpyxl: shared by the import tests and the browser test."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

from register.identity import id_check_char

HEADER = [
    "片区",
    "楼号",
    "单元",
    "室号",
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "联系电话",
    "与户主关系",
    "居住类型",
    "备注",
]


def id_number(birth: str, sequence: int = 12, check: str | None = None, male: bool = True) -> str:
    """A valid 18-digit ID number of a man (or woman) born on `birth` (YYYYMMDD); with
    `check`, the first sequence from `sequence` on whose check character is that."""
    for n in range(sequence, 1000):
        first17 = f"310101{birth}{n:03d}"
        if n % 2 != male:
            continue
        if check is None or id_check_char(first17) == check:
            return first17 + id_check_char(first17)
    raise ValueError(check)


def wrong_check(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


ZHANG_ID = id_number("19491231", check="X")  # imported with a lower-case x
LI_ID = id_number("19520308", sequence=24, male=False)
WANG_ID_15 = "310101600506123"  # the old 15-digit form: 1960-05-06, male
SUN_ID = id_number("19700101", sequence=35)
ZHOU_ID = id_number("19800202", sequence=46, male=False)


def messy_rows(*, fixed: bool = False) -> list[tuple[int, list]]:
    """(row number, cells) of the messy register; `fixed`: the four bad rows corrected
    (the duplicate removed, grid area, ID and phone made right) and one more person."""
    rows = [
        (
            4,
            [
                "第一片区",
                "5号楼",
                "1单元",
                "101室",
                "张 三",
                "男",
                dt.datetime(1949, 12, 31),
                ZHANG_ID.lower(),
                "１３９ １２３４ ５６７８",
                "户主",
                "户籍",
                "",
            ],
        ),
        (5, ["", "", "1单元", "101室", "李四", "女", "1952.03.08", LI_ID, "021-6555 1234", "配偶", "户籍", "腿脚不便"]),
        (6, ["", "", "1单元", "102室", "王五", "男", "1960/5/6", WANG_ID_15, "138-1234-5678", "户主", "常住", ""]),
        (7, ["", "", "1单元", "102室", "赵六", "女", 25000, "", "", "女", "流动", ""]),
    ]
    if not fixed:
        rows += [
            (9, ["第一片区", "6号楼", "2单元", "301", "张三", "男", "1949-12-31", ZHANG_ID, "", "户主", "户籍", ""]),
            (10, ["第九片区", "6号楼", "2单元", "302", "孙七", "男", "19700101", SUN_ID, "", "户主", "户籍", ""]),
            (11, ["第一片区", "6号楼", "2单元", "303", "周八", "女", "", wrong_check(ZHOU_ID), "", "户主", "户籍", ""]),
            (12, ["第一片区", "6号楼", "2单元", "304", "吴九", "男", "", "", "12345", "户主", "户籍", ""]),
        ]
    else:
        rows += [
            (10, ["第一片区", "6号楼", "2单元", "302", "孙七", "男", "19700101", SUN_ID, "", "户主", "户籍", ""]),
            (11, ["第一片区", "6号楼", "2单元", "303", "周八", "女", "", ZHOU_ID, "", "户主", "户籍", ""]),
            (12, ["第一片区", "6号楼", "2单元", "304", "吴九", "男", "", "", "021-6555 4321", "户主", "户籍", ""]),
            (13, ["第一片区", "6号楼", "2单元", "304", "吴小九", "男", "2001.1.1", "", "", "子", "户籍", ""]),
        ]
    return rows


def messy_xlsx(*, fixed: bool = False) -> bytes:
    """A title row merged across the sheet, a blank row, the header, the building number
    merged down its rows, dates of every kind, full-width digits, a lower-case x, an old
    15-digit ID, a blank row inside, then (unless `fixed`) a duplicate, an unknown grid
    area, a wrong check digit and a bad phone, and a 合计 row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["幸福里居委会实有人口登记表（2026年）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append([])
    sheet.append(HEADER)
    rows = messy_rows(fixed=fixed)
    last = max(number for number, _cells in rows)
    by_number = dict(rows)
    for number in range(4, last + 1):
        sheet.append(by_number.get(number, []))
    sheet.merge_cells("A4:A7")  # the grid area and the building, merged down the households' rows
    sheet.merge_cells("B4:B7")
    sheet.cell(4, 7).number_format = "yyyy-mm-dd"
    sheet.cell(7, 7).number_format = "General"  # an Excel serial number as a plain number
    sheet.append(["合计", "", "", "", f"共 {len(rows)} 人"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
