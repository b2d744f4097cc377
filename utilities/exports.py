"""Downloads of a table as CSV or Excel: the same rows either way.

Every text cell of every export goes through `neutralise`: text a spreadsheet would run as
a formula (=, +, -, @, or a tab or carriage return first) is kept as text by a leading
apostrophe, whoever typed it (a resident's name, a worker's or a committee's set in
admin). In a workbook every text cell is written as a string cell besides, never a
formula. Numbers stay numbers.

Every workbook opens with a title row (what, whose, which period, when exported) above
the header, and its columns are sized to their contents; a CSV stays a plain table."""

import csv
import unicodedata
from io import BytesIO
from itertools import chain, islice

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """The one rule for a cell of an export: text that would start a formula gets a leading
    apostrophe; anything else is left as it is."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _cells(row):
    return [neutralise(cell) for cell in row]


class _Echo:
    """csv.writer writes into this and gets the line back, for streaming."""

    def write(self, value):
        return value


def csv_download(rows, filename: str) -> StreamingHttpResponse:
    """`rows` (an iterable of lists, header first) as a CSV download, streamed."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # Excel in China opens UTF-8 CSV correctly only with a BOM
        for row in rows:
            yield writer.writerow(_cells(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


WIDTH_SAMPLE = 200  # rows read to size the columns; the rest are written as they come
NARROWEST, WIDEST = 6, 60  # column widths in characters


def text_width(value) -> int:
    """How wide a cell's text is, in the widths Excel counts: a Chinese character is two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(rows) -> list[int]:
    """A width per column that fits the header and the sampled rows, within bounds."""
    widths: list[int] = []
    for row in rows:
        if len(row) < 2:  # a note across the sheet (e.g. "only the first … rows") sizes nothing
            continue
        for index, value in enumerate(row):
            if index == len(widths):
                widths.append(NARROWEST)
            widths[index] = max(widths[index], min(text_width(value) + 2, WIDEST))
    return widths


def export_title(what: str, *, scope: str, period: str) -> str:
    """The first row of every workbook: what it is, whose, which period and when it was
    exported (a printed sheet says all that without the file's name)."""
    at = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    return _("%(what)s · %(scope)s · %(period)s · 导出于 %(at)s") % {
        "what": what,
        "scope": scope,
        "period": period,
        "at": at,
    }


def period_text(first=None, last=None) -> str:
    """A period for a title: "2026-11-01 至 2026-11-30", open ends as 起/今."""
    if not first and not last:
        return _("全部日期")
    return _("%(first)s 至 %(last)s") % {
        "first": f"{first:%Y-%m-%d}" if first else _("最早"),
        "last": f"{last:%Y-%m-%d}" if last else _("最新"),
    }


def xlsx_download(rows, filename: str, *, sheet: str, title: str, widths=()) -> HttpResponse:
    """`rows` (header first) as an Excel workbook of one sheet under a title row (see
    `export_title`), the header bold and frozen; columns sized to fit the header and the
    first WIDTH_SAMPLE rows unless `widths` (in characters) are given."""
    from openpyxl import Workbook  # noqa: PLC0415  (a large import, needed only for this download)
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    def cell(value, font=None):
        if not isinstance(value, str):
            return value
        text = WriteOnlyCell(worksheet, value=value)
        text.data_type = "s"  # a string, whatever it starts with
        if font is not None:
            text.font = font
        return text

    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE + 1))
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])  # Excel's longest sheet name
    worksheet.freeze_panes = "A3"  # the title and the header stay on screen
    for index, width in enumerate(list(widths) or column_widths(sample), start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.append([cell(neutralise(title), Font(bold=True, size=13))])
    header_font = Font(bold=True)
    for number, row in enumerate(chain(sample, rows)):
        font = header_font if number == 0 else None
        worksheet.append([cell(value, font) for value in _cells(row)])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
