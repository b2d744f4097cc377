"""Downloads of a table as CSV or Excel: the same rows either way.

Text a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return
first) is kept as text; numbers stay numbers."""

import csv
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def as_text(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _cells(row):
    return [as_text(cell) if isinstance(cell, str) else cell for cell in row]


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
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet)
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        worksheet.append(_cells(row))
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
