"""Register import benchmark on PostgreSQL: a 5,000-row spreadsheet (one row per person,
about 2,000 households, every person with an ID number and most with a phone), uploaded,
previewed and imported by a committee's director through the pages, as in the browser;
then the same file again (a preview and an import that change nothing). Issue 17's budget:
importing 5,000 rows in under 10 s.

    scripts/test-services run -- sh -c \
        '.venv/bin/python manage.py migrate -v0 && .venv/bin/python bench/register_import.py'
"""

import argparse
import io
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from committee.models import Committee, District, GridArea, StreetOffice  # noqa: E402
from committee.roles import Role  # noqa: E402
from register.identity import id_check_char  # noqa: E402
from register.models import ImportBatch, Person  # noqa: E402
from staffing.services import worker_create  # noqa: E402

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
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
RELATIONS = ("户主", "配偶", "子", "女", "母亲")


def workbook(rows: int, run: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([f"基准居委会实有人口登记表（{rows} 人）"])
    sheet.append([])
    sheet.append(HEADER)
    household = 0
    n = 0
    while n < rows:
        household += 1
        building, unit, room = 1 + household // 60, 1 + household // 20 % 3, 101 + household % 20
        for member in range(min(1 + household % 4, rows - n)):
            birth = f"{1930 + n % 70}{1 + n % 12:02d}{1 + n % 28:02d}"
            first17 = f"31{run % 100:02d}01{birth}{n % 1000:03d}"
            number = first17 + id_check_char(first17)
            name = SURNAMES[n % 20] + GIVEN[n // 20 % len(GIVEN)] + GIVEN[n // 500 % len(GIVEN)]
            phone = f"139{run % 100:02d}{n:06d}" if n % 5 else ""
            sheet.append(
                [f"第{1 + household % 5}片区", f"{building}号楼", f"{unit}单元", f"{room}室", name, "",
                 f"{birth[:4]}.{birth[4:6]}.{birth[6:]}", number, phone, RELATIONS[member], "户籍", ""]
            )  # fmt: skip
            n += 1
    sheet.append(["合计", "", "", "", f"{rows} 人"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build(run: int):
    district, _ = District.objects.get_or_create(code="BENCH", defaults={"name": "基准区"})
    office, _ = StreetOffice.objects.get_or_create(code="BIMPORT", defaults={"name": "基准街道I", "district": district})
    committee, created = Committee.objects.get_or_create(
        code=f"BI{run:04d}", defaults={"street_office": office, "name": f"基准导入{run}"}
    )
    if created:
        worker_create(
            username=f"bi{run}-d", display_name="主任", role=Role.DIRECTOR, committee=committee, password="bench-pass"
        )
        for area in range(1, 6):
            GridArea.objects.create(committee=committee, name=f"第{area}片区")
    return committee


def timed(label, call):
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = call()
    seconds = time.perf_counter() - start
    assert response.status_code in (200, 302), (label, response.status_code)
    print(f"{label:<34} {seconds:>8.2f} s {len(queries):>8}")
    return response, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/register_import.py needs PostgreSQL (DATABASE_URL)")
    run = int(time.time()) % 10000  # a fresh committee each run
    committee = build(run)
    start = time.perf_counter()
    data = workbook(args.rows, run)
    print(f"{args.rows} rows, {len(data) / 1024:.0f} KiB xlsx, written in {time.perf_counter() - start:.1f} s")
    client = Client(HTTP_HOST="localhost")
    client.force_login(committee.workers.get(role=Role.DIRECTOR).user)
    print(f"{'step':<34} {'wall':>10} {'queries':>8}")
    total = 0.0
    for attempt in ("first import", "same file again"):
        upload = SimpleUploadedFile("名册.xlsx", data)
        response, seconds = timed(f"{attempt}: upload", lambda: client.post("/register/import/", {"file": upload}))  # noqa: B023
        total += seconds
        batch = ImportBatch.objects.filter(committee=committee).order_by("-pk").first()
        response, seconds = timed(f"{attempt}: preview", lambda: client.get(f"/register/import/{batch.pk}/"))  # noqa: B023
        total += seconds
        shown = re.search(r'id="count-new">(\d+)<', response.content.decode())
        counts = {"new_people": int(shown[1]) if shown else None}
        response, seconds = timed(f"{attempt}: import", lambda: client.post(f"/register/import/{batch.pk}/confirm/"))  # noqa: B023
        total += seconds
        batch.refresh_from_db()
        print(f"   {batch.counts}")
        if attempt == "first import":
            print(f"first import total (upload + preview + import): {total:.2f} s (budget 10 s)")
            assert counts.get("new_people") == batch.counts["new_people"]
    print(f"people in the committee: {Person.objects.filter(committee=committee).count()}")


if __name__ == "__main__":
    main()
