"""Downloads of a table as CSV or Excel: the same rows either way.

Every text cell of every export goes through `neutralise`: text a spreadsheet would run as
a formula (=, +, -, @, or a tab or carriage return first) is kept as text by a leading
apostrophe, whoever typed it (a resident's name, a worker's or a committee's set in
admin). In a workbook every text cell is written as a string cell besides, never a
formula. Numbers stay numbers."""

import csv
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse

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


def xlsx_download(rows, filename: str, *, sheet: str, widths=()) -> HttpResponse:
    """`rows` as an Excel workbook of one sheet, column widths in characters."""
    from openpyxl import Workbook  # noqa: PLC0415  (a large import, needed only for this download)
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    def cell(value):
        if not isinstance(value, str):
            return value
        text = WriteOnlyCell(worksheet, value=value)
        text.data_type = "s"  # a string, whatever it starts with
        return text

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet)
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        worksheet.append([cell(value) for value in _cells(row)])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
