"""Reading a committee's own register spreadsheet: pure functions, no database.

Files are read with openpyxl (xlsx) and the standard csv module. openpyxl is the library
utilities/exports.py already writes workbooks with: well kept, pure Python, and it gives
what real files need — merged cells (`ws.merged_cells.ranges`; a building number merged
down its households' rows is filled into each row) and Excel's dates as dates. So no new
dependency. Old binary .xls files are refused with a message saying how to save them.

A CSV is decoded as UTF-8 (with or without the BOM Excel writes) or else as GB18030, the
superset of GBK that Excel on a Chinese Windows saves in; the encoding used is reported,
and a file that is neither is refused rather than guessed.

What a messy file holds, and what becomes of it:
- a title row and blank rows above the header: the header is the first row naming at
  least two known columns (姓名, 身份证号, 联系电话 …); the rows above are skipped;
- blank rows and a 合计/总计/小计 row: skipped, and reported as skipped;
- full-width digits and letters: NFKC-normalised to ASCII;
- phones with spaces and dashes, landlines (021-6555 1234): utilities.phones;
- ID numbers with a lower-case x, or the old 15-digit ones: upper-cased / converted to 18
  digits with their check character (register.identity.id_upgrade_15);
- dates as 1949.12.31, 1949/12/31, 1949-12-31, 19491231, 1949年12月31日, Excel dates and
  Excel serial numbers.
Each data row becomes a `SheetRow`: its values, normalised, and its problems (a list of
messages; an empty list means the row is clean)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilities.phones import parse_phone

from . import identity
from .addresses import address_split
from .choices import PhoneKind, Relation, ResidenceStatus, Sex

MAX_ROWS = 20_000  # data rows in one file
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 30  # the header is looked for in this many rows from the top
TOTAL_WORDS = ("合计", "总计", "小计")

# The register's columns: (label, header names committees use for them).
FIELDS: dict[str, tuple] = {
    "grid_area": (gettext_lazy("片区"), ("片区", "网格", "所属片区", "所属网格", "片区名称", "网格名称")),
    "building": (gettext_lazy("楼号"), ("楼号", "楼栋", "楼栋号", "幢号", "栋号", "楼", "幢", "栋", "号楼")),
    "unit": (gettext_lazy("单元"), ("单元", "单元号")),
    "room": (gettext_lazy("室号"), ("室号", "室", "房号", "房间号", "门牌号", "户号")),
    "address": (gettext_lazy("地址（一栏）"), ("地址", "住址", "家庭住址", "居住地址", "现住址")),
    "name": (gettext_lazy("姓名"), ("姓名", "居民姓名", "名字")),
    "sex": (gettext_lazy("性别"), ("性别",)),
    "birth_date": (gettext_lazy("出生日期"), ("出生日期", "出生年月日", "出生年月", "生日")),
    "id_number": (
        gettext_lazy("身份证号"),
        ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "身份号码"),
    ),
    "phone": (
        gettext_lazy("联系电话"),
        ("联系电话", "电话", "电话号码", "手机", "手机号", "手机号码", "联系方式", "座机"),
    ),
    "relation": (gettext_lazy("与户主关系"), ("与户主关系", "户主关系", "关系")),
    "residence_status": (gettext_lazy("居住类型"), ("居住类型", "人口类型", "居住状态", "户籍类型", "人员类型")),
    "notes": (gettext_lazy("备注"), ("备注", "说明")),
}


class SpreadsheetError(Exception):
    """The file cannot be read at all; the message says why, for the user."""


@dataclass
class Table:
    """What a file holds: every row as a list of cell values (merged cells filled)."""

    rows: list[list]
    kind: str  # "xlsx" or "csv"
    encoding: str = ""  # a CSV's


@dataclass
class SheetRow:
    number: int  # as the spreadsheet shows it (1 = the first row)
    values: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    """A table read: its header, its data rows, and the rows skipped with why."""

    kind: str
    encoding: str
    header_row: int  # 0 when no header was found
    header: list[str]
    rows: list[tuple[int, list]]  # (row number, cells)
    skipped: list[tuple[int, str]]  # (row number, why)
    blank_rows: int = 0


# --- reading a file -------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> Table:
    """The rows of an .xlsx or .csv file, or SpreadsheetError with a message for the user."""
    name = (filename or "").lower()
    if not data:
        raise SpreadsheetError(_("文件是空的。"))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SpreadsheetError(_("这是旧版 Excel（.xls）文件：请在 Excel 中“另存为” .xlsx 或 CSV 后再上传。"))
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if name.endswith((".xlsx", ".xlsm")):
        raise SpreadsheetError(_("文件扩展名是 .xlsx，但内容不是 Excel 表格（可能已损坏，或是改了扩展名的其他文件）。"))
    if name.endswith((".csv", ".txt")):
        return _read_csv(data)
    raise SpreadsheetError(_("只能导入 Excel（.xlsx）或 CSV 文件。"))


MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a 5 MB upload that unpacks past this is no register
_MERGE_RE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_xlsx_bounds(data: bytes) -> None:
    """Refuse, before openpyxl loads it, a workbook that would take the server's memory: one
    that unpacks to more than MAX_UNPACKED_BYTES, or merges more cells than a register has
    (openpyxl makes an object for every merged cell: A1:XFD1048576 is 17 billion)."""
    too_big = SpreadsheetError(_("表格过大，不像是居民名册：请只保留名册的行和列。"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                raise too_big
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    for first_col, first_row, last_col, last_row in _MERGE_RE.findall(archive.read(member)):
                        rows = int(last_row) - int(first_row) + 1
                        columns = _column_number(last_col) - _column_number(first_col) + 1
                        if rows * columns > (MAX_ROWS + HEADER_SEARCH_ROWS) * MAX_COLUMNS:
                            raise too_big
    except zipfile.BadZipFile as error:
        raise SpreadsheetError(_("无法读取这个 Excel 文件（文件可能已损坏）。")) from error


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # noqa: PLC0415  (a large import, needed only here)

    _check_xlsx_bounds(data)
    try:
        # Not read_only: merged cells are known only to a fully loaded sheet.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken file (BadZipFile, KeyError …): no 500
        raise SpreadsheetError(_("无法读取这个 Excel 文件（文件可能已损坏）。")) from error
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None or not hasattr(sheet, "merged_cells"):
        raise SpreadsheetError(_("Excel 文件中没有工作表。"))
    if sheet.max_column > MAX_COLUMNS:
        raise SpreadsheetError(
            _("表格有 %(count)s 列，超过 %(max)s 列，不像是居民名册：请只保留名册的列。")
            % {"count": sheet.max_column, "max": MAX_COLUMNS}
        )
    if sheet.max_row > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise SpreadsheetError(_("表格超过 %(max)s 行，请分成几个文件导入。") % {"max": MAX_ROWS})
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            if r - 1 >= len(rows):
                break
            row = rows[r - 1]
            for c in range(merged.min_col, merged.max_col + 1):
                if c - 1 < len(row):
                    row[c - 1] = value
    return Table(rows=rows, kind="xlsx")


ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GBK/GB18030"))


def _read_csv(data: bytes) -> Table:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text": UTF-16, tab-separated
        candidates = (("utf-16", "UTF-16"),)
    else:
        candidates = ENCODINGS
    for codec, label in candidates:  # noqa: B007  (label: the encoding that worked, used below)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise SpreadsheetError(
            _("无法识别文件的编码（既不是 UTF-8，也不是 GBK）：请在 Excel 中另存为“CSV UTF-8”后再上传。")
        )
    if "\x00" in text:
        raise SpreadsheetError(_("这不是文本格式的 CSV 文件。"))
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = []
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise SpreadsheetError(
                    _("表格有 %(count)s 列，超过 %(max)s 列，不像是居民名册：请只保留名册的列。")
                    % {"count": len(row), "max": MAX_COLUMNS}
                )
            rows.append(row)
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise SpreadsheetError(_("表格超过 %(max)s 行，请分成几个文件导入。") % {"max": MAX_ROWS})
    except csv.Error as error:
        raise SpreadsheetError(_("CSV 文件格式有误，无法读取。")) from error
    return Table(rows=rows, kind="csv", encoding=label)


# --- the header -----------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def header_key(value) -> str:
    """A header cell as compared with the known names: no spaces, asterisks, colons or a
    bracketed remark (“联系电话（手机）” is 联系电话)."""
    text = re.sub(r"\s+", "", _text(value))
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)
    return text.strip("*:：")


_ALIASES = {alias: name for name, (_label, aliases) in FIELDS.items() for alias in aliases}


def guess_field(header: str) -> str:
    return _ALIASES.get(header_key(header), "")


def _is_blank(row) -> bool:
    return all(_text(cell) == "" for cell in row)


def _total_word(row) -> str:
    for cell in row:
        text = re.sub(r"\s+", "", _text(cell))
        for word in TOTAL_WORDS:
            if text.startswith(word):
                return word
    return ""


def find_sheet(table: Table) -> Sheet:
    """The header row and the data rows under it, the rest reported as skipped."""
    rows = table.rows
    header_index = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = {guess_field(cell) for cell in row} - {""}
        if len(known) >= 2:
            header_index = index
            break
    if header_index is None:  # no known names: the first row of three or more text cells
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if sum(1 for cell in row if isinstance(cell, str) and cell.strip()) >= 3:
                header_index = index
                break
    if header_index is None:
        raise SpreadsheetError(
            _("找不到表头行：前 %(n)s 行中没有一行写着“姓名”“身份证号”等列名。") % {"n": HEADER_SEARCH_ROWS}
        )
    width = max((len(row) for row in rows), default=0)
    raw_header = list(rows[header_index]) + [None] * (width - len(rows[header_index]))
    header = [_text(cell) or _("第%(n)s列") % {"n": n} for n, cell in enumerate(raw_header, start=1)]
    while (
        header
        and raw_header
        and _text(raw_header[-1]) == ""
        and all(len(row) < len(header) or _text(row[len(header) - 1]) == "" for row in rows[header_index + 1 :])
    ):
        header.pop()  # an unnamed, empty last column
        raw_header.pop()
    skipped = [(index + 1, _("表头以上的行（标题）")) for index in range(header_index) if not _is_blank(rows[index])]
    data, blank = [], 0
    for index in range(header_index + 1, len(rows)):
        row = list(rows[index])[: len(header)]
        row += [None] * (len(header) - len(row))
        if _is_blank(row):
            blank += 1
            continue
        if word := _total_word(row):
            skipped.append((index + 1, _("“%(word)s”行") % {"word": word}))
            continue
        data.append((index + 1, row))
    if len(data) > MAX_ROWS:
        raise SpreadsheetError(_("表格超过 %(max)s 行，请分成几个文件导入。") % {"max": MAX_ROWS})
    return Sheet(
        kind=table.kind,
        encoding=table.encoding,
        header_row=header_index + 1,
        header=header,
        rows=data,
        skipped=skipped,
        blank_rows=blank,
    )


def guess_mapping(header: list[str], remembered: dict[str, str]) -> list[str]:
    """A register field (or "") per column: as remembered for this header text, else
    guessed from its name; a field is given to its first column only."""
    mapping, used = [], set()
    for text in header:
        chosen = remembered[text] if text in remembered else guess_field(text)
        if chosen not in FIELDS or chosen in used:
            chosen = ""
        used.add(chosen)
        mapping.append(chosen)
    return mapping


def mapping_problems(mapping: list[str]) -> list[str]:
    chosen = [name for name in mapping if name]
    problems = []
    for name in sorted(set(chosen)):
        if chosen.count(name) > 1:
            problems.append(_("“%(field)s”选给了不止一列。") % {"field": FIELDS[name][0]})
    if "name" not in chosen:
        problems.append(_("请指定哪一列是“姓名”。"))
    if "room" not in chosen and "address" not in chosen:
        problems.append(_("请指定哪一列是“室号”（或整栏“地址”）。"))
    return problems


# --- a row ----------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_PHONE_SPLIT = re.compile(r"[/、,，;；\n]+")
EXCEL_SERIALS = (1, 80_000)  # 1900-01-01 … 2119: a number in a date column in this range is an Excel date


def parse_date(value) -> dt.date:
    """A birth date as files write it; ValueError when it is none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL_SERIALS[0] <= value <= EXCEL_SERIALS[1]:
            text = str(int(value))
            if (match := _COMPACT_DATE_RE.match(text)) is None:
                from openpyxl.utils.datetime import from_excel  # noqa: PLC0415

                return from_excel(value).date()
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = _text(value)
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if match is None:
        raise ValueError(text)
    return dt.date(int(match[1]), int(match[2]), int(match[3]))


def _id_text(value) -> tuple[str, str]:
    """(normalised ID number, problem)."""
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool) and value >= 10**17):
        return "", _("身份证号被 Excel 存成了数字，末几位已丢失：请把这一列设为“文本”后重新填写。")
    text = re.sub(r"[\s\-]", "", _text(value)).upper()
    if not text:
        return "", ""
    if re.fullmatch(r"\d{15}", text):
        text = identity.id_upgrade_15(text)
    try:
        identity.validate_id_number(text)
    except ValidationError as error:
        return "", _("身份证号 %(masked)s：%(why)s") % {
            "masked": identity.mask_id_number(text),
            "why": " ".join(error.messages),
        }
    return text, ""


def _phones(value) -> tuple[list[tuple[str, str]], list[str]]:
    """([(stored number, kind)], problems)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    numbers, problems = [], []
    for part in _PHONE_SPLIT.split(_text(value)):
        if not part.strip():
            continue
        try:
            phone = parse_phone(part)
        except ValidationError as error:
            problems.append(_("电话“%(phone)s”：%(why)s") % {"phone": part.strip(), "why": " ".join(error.messages)})
            continue
        if phone is not None and phone.stored not in [number for number, _kind in numbers]:
            numbers.append((phone.stored, PhoneKind.MOBILE if phone.is_mobile else PhoneKind.LANDLINE))
    return numbers, problems


_RELATIONS = (
    (Relation.HEAD, ("户主", "本人", "户主本人")),
    (Relation.SPOUSE, ("配偶", "妻", "妻子", "夫", "丈夫", "爱人", "之妻", "之夫")),
    (Relation.GRANDCHILD, ("孙", "外孙")),
    (Relation.CHILD, ("子", "女", "儿", "长子", "次子", "长女", "次女", "三子", "三女", "子女", "养子", "养女")),
    (Relation.PARENT, ("父", "母", "父亲", "母亲", "父母", "岳父", "岳母", "公公", "婆婆")),
)


def parse_relation(value) -> str:
    text = _text(value)
    if not text:
        return Relation.OTHER
    for relation, words in _RELATIONS:
        if text in words or (relation == Relation.GRANDCHILD and text.startswith(words)):
            return relation
    for relation, words in _RELATIONS:
        if any(text.endswith(word) and len(word) > 1 for word in words):
            return relation
    return Relation.OTHER


_RESIDENCE = {
    "户籍": ResidenceStatus.HUKOU,
    "户籍人口": ResidenceStatus.HUKOU,
    "本地": ResidenceStatus.HUKOU,
    "常住": ResidenceStatus.RESIDENT,
    "常住人口": ResidenceStatus.RESIDENT,
    "流动": ResidenceStatus.FLOATING,
    "流动人口": ResidenceStatus.FLOATING,
    "外来": ResidenceStatus.FLOATING,
    "外来人口": ResidenceStatus.FLOATING,
    "空挂": ResidenceStatus.NOMINAL,
    "空挂户": ResidenceStatus.NOMINAL,
    "人户分离": ResidenceStatus.NOMINAL,
}
_SEXES = {"男": Sex.MALE, "女": Sex.FEMALE, "m": Sex.MALE, "f": Sex.FEMALE, "male": Sex.MALE, "female": Sex.FEMALE}


def _name(value) -> str:
    text = _text(value)
    if re.fullmatch(r"[\u3400-\u9fff·\s]+", text):
        return re.sub(r"\s+", "", text)  # "张  三", padded to line up with three-character names
    return re.sub(r"\s+", " ", text)


def _part(value) -> str:
    return re.sub(r"\s+", " ", _text(value))


def parse_row(number: int, cells: list, mapping: list[str]) -> SheetRow:
    """One data row, normalised by the mapping (a register field or "" per column)."""
    raw = {name: cells[index] for index, name in enumerate(mapping) if name and index < len(cells)}
    row = SheetRow(number=number)
    values, problems = row.values, row.problems

    values["name"] = _name(raw.get("name"))[:50]
    if not values["name"]:
        problems.append(_("缺少姓名。"))
    building, unit, room = _part(raw.get("building")), _part(raw.get("unit")), _part(raw.get("room"))
    if not (building or unit or room) and _text(raw.get("address")):
        building, unit, room = address_split(_text(raw.get("address")))
    values.update(building=building[:30], unit=unit[:30], room=room[:30])
    if not room:
        problems.append(_("缺少室号（地址）。"))
    values["grid_area"] = _part(raw.get("grid_area"))

    # A masked ID number or phone (this register's own export: 1101**********002X,
    # 139****5678) says nothing to check or store: such a row is matched by name and address.
    values["masked"] = any("*" in _text(raw.get(name)) for name in ("id_number", "phone"))
    values["id_number"], problem = ("", "") if "*" in _text(raw.get("id_number")) else _id_text(raw.get("id_number"))
    if problem:
        problems.append(problem)
    if "*" in _text(raw.get("phone")):
        values["phones"], phone_problems = [], []
    else:
        values["phones"], phone_problems = _phones(raw.get("phone"))
    problems.extend(phone_problems)

    sex = _text(raw.get("sex")).lower()
    values["sex"] = _SEXES.get(sex, "")
    if sex and not values["sex"]:
        problems.append(_("性别“%(value)s”应为“男”或“女”。") % {"value": _text(raw.get("sex"))})
    values["birth_date"] = None
    birth = raw.get("birth_date")
    if _text(birth):
        try:
            values["birth_date"] = parse_date(birth)
        except (ValueError, OverflowError):
            problems.append(
                _("出生日期“%(value)s”无法识别（可写 1949.12.31、1949/12/31 或 1949-12-31）。")
                % {"value": _text(birth)}
            )
        else:
            if not dt.date(1900, 1, 1) <= values["birth_date"] <= timezone.localdate():
                problems.append(_("出生日期 %(value)s 不合理。") % {"value": values["birth_date"].isoformat()})
                values["birth_date"] = None
    if values["id_number"]:  # the ID number states both: a file saying otherwise is reported, not overridden
        number = values["id_number"]
        stated_sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
        stated_birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        if values["sex"] and values["sex"] != stated_sex:
            problems.append(_("性别与身份证号不符（身份证号为%(sex)s）。") % {"sex": Sex(stated_sex).label})
        if values["birth_date"] and values["birth_date"] != stated_birth:
            problems.append(
                _("出生日期 %(date)s 与身份证号（%(stated)s）不符。")
                % {"date": values["birth_date"].isoformat(), "stated": stated_birth.isoformat()}
            )
    values["relation"] = parse_relation(raw.get("relation"))
    status = re.sub(r"\s+", "", _text(raw.get("residence_status")))
    values["residence_status"] = _RESIDENCE.get(status, ResidenceStatus.HUKOU if not status else "")
    if not values["residence_status"]:
        problems.append(_("居住类型“%(value)s”应为户籍、常住、流动或空挂。") % {"value": status})
    values["notes"] = _text(raw.get("notes"))[:2000]
    return row


# --- the table kept between the steps of an import -------------------------------------------


def _plain(value):
    """A cell as JSON holds it: dates as ISO dates (parse_date reads them back)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def table_dump(table: Table) -> bytes:
    """The table read from the file, as kept for its preview and import: read once (an
    xlsx of 5,000 rows takes a second to open), then only loaded again."""
    rows = [[_plain(cell) for cell in row] for row in table.rows]
    return json.dumps({"kind": table.kind, "encoding": table.encoding, "rows": rows}, ensure_ascii=False).encode()


def table_load(data: bytes) -> Table:
    try:
        loaded = json.loads(data.decode())
        return Table(rows=loaded["rows"], kind=loaded["kind"], encoding=loaded["encoding"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise SpreadsheetError(_("上传的文件已不在（已导入、已放弃或已过保存期限），请重新上传。")) from error
