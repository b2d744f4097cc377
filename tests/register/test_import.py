"""Importing the committee's own spreadsheets into the register: a messy file read right,
every bad row reported with its row number and nothing of it imported, the valid rows in
one transaction, the same file again changing nothing, the column mapping remembered, and
the director's alone, scoped to their committee."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from register.choices import ImportStatus, Relation, ResidenceStatus, Sex
from register.identity import id_number_digest
from register.models import Household, ImportBatch, ImportMapping, Membership, Person, PersonPhone
from register.services import import_batch_confirm
from tests import factories

from .spreadsheet_files import LI_ID, WANG_ID_15, ZHANG_ID, messy_xlsx

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 25, 10, 0)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def area(committee_a):
    return factories.grid_area(committee_a, name="第一片区")


def upload(client, content: bytes, name: str):
    return client.post(reverse("register:import"), {"file": SimpleUploadedFile(name, content)})


def uploaded(client, content, name="名册.xlsx") -> ImportBatch:
    response = upload(client, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def preview(client, batch):
    response = client.get(reverse("register:import-detail", args=[batch.pk]))
    assert response.status_code == 200
    return response


def confirm(client, batch):
    return client.post(reverse("register:import-confirm", args=[batch.pk]))


def register_counts():
    models = (Person, Household, Membership, PersonPhone)
    return {m.__name__: (m.objects.count(), m.history.count()) for m in models}


def test_a_messy_spreadsheet_is_read_and_each_bad_row_reported_by_number(client_of, director_a, area):
    client = client_of(director_a)
    batch = uploaded(client, messy_xlsx())
    context = preview(client, batch).context
    counts, plan = context["counts"], context["plan"]
    assert plan.sheet.header_row == 3
    assert counts == {
        "rows": 8,
        "new_people": 4,
        "households": 2,
        "new_households": 2,
        "existing": 0,
        "errors": 4,
        "skipped": 2,  # the title row and the 合计 row
        "blank": 1,
    }
    problems = {row.number: " ".join(row.problems) for row in plan.errors}
    assert set(problems) == {9, 10, 11, 12}
    assert "第 4 行" in problems[9]  # the same person as row 4
    assert "第九片区" in problems[10]
    assert "校验位" in problems[11]
    assert "12345" in problems[12]
    assert {number for number, _why in plan.sheet.skipped} == {1, 13}
    page = preview(client, batch).content.decode()
    for number in ("9", "10", "11", "12"):
        assert f"<td>{number}</td>" in page


def test_the_valid_rows_are_imported_normalised_into_households_by_address(client_of, director_a, area):
    client = client_of(director_a)
    batch = uploaded(client, messy_xlsx())
    response = confirm(client, batch)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED and batch.content_encrypted == ""
    assert batch.counts["new_people"] == 4
    people = {p.name: p for p in Person.objects.all()}
    assert set(people) == {"张三", "李四", "王五", "赵六"}  # the padded "张 三" read as 张三
    zhang, li, wang, zhao = people["张三"], people["李四"], people["王五"], people["赵六"]
    assert zhang.id_number_digest == id_number_digest(ZHANG_ID)  # lower-case x upper-cased
    assert zhang.birth_date == dt.date(1949, 12, 31) and zhang.sex == Sex.MALE
    assert li.birth_date == dt.date(1952, 3, 8)
    assert wang.id_number_masked.startswith("3101") and wang.birth_date == dt.date(1960, 5, 6)  # 15 → 18 digits
    assert len(wang.id_number_masked) == 18 and WANG_ID_15 not in wang.id_number_masked
    assert zhao.birth_date == dt.date(1968, 6, 11)  # Excel serial 25000
    assert zhao.residence_status == ResidenceStatus.FLOATING and wang.residence_status == ResidenceStatus.RESIDENT
    assert list(zhang.phones.values_list("number", "kind")) == [("+8613912345678", "mobile")]  # full-width
    assert list(li.phones.values_list("number", "kind")) == [("+862165551234", "landline")]
    households = Household.objects.order_by("room")
    assert [(h.building, h.unit, h.room, h.grid_area) for h in households] == [
        ("5号楼", "1单元", "101室", area),  # the merged building cell filled down
        ("5号楼", "1单元", "102室", area),
    ]
    first = households[0]
    assert {(m.person.name, m.relation) for m in first.memberships.all()} == {
        ("张三", Relation.HEAD),
        ("李四", Relation.SPOUSE),
    }
    assert Membership.objects.get(person=zhao).relation == Relation.CHILD
    assert Person.history.filter(history_user=director_a.user).count() == 4


def test_re_importing_the_same_file_changes_nothing(client_of, director_a, area):
    client = client_of(director_a)
    confirm(client, uploaded(client, messy_xlsx()))
    before = register_counts()
    again = uploaded(client, messy_xlsx())
    context = preview(client, again).context
    counts = context["counts"]
    assert counts["new_people"] == 0 and counts["existing"] == 4 and counts["errors"] == 4
    assert context["plan"].elsewhere == []
    confirm(client, again)
    assert register_counts() == before


def test_the_fixed_file_adds_only_the_people_not_yet_in_the_register(client_of, director_a, area):
    client = client_of(director_a)
    confirm(client, uploaded(client, messy_xlsx()))
    fixed = uploaded(client, messy_xlsx(fixed=True))
    counts = preview(client, fixed).context["counts"]
    assert counts["new_people"] == 4 and counts["existing"] == 4 and counts["errors"] == 0
    assert counts["households"] == 3 and counts["new_households"] == 3
    confirm(client, fixed)
    assert Person.objects.count() == 8
    assert Membership.objects.filter(household__room="304").count() == 2


def test_a_person_already_registered_at_the_desk_is_not_registered_again(client_of, director_a, area, committee_a):
    from register.services import person_find_or_create

    person, _created = person_find_or_create(committee=committee_a, name="李四", id_number=LI_ID)
    client = client_of(director_a)
    batch = uploaded(client, messy_xlsx())
    plan = preview(client, batch).context["plan"]
    assert [row.values["person_id"] for row in plan.existing] == [person.pk]
    assert plan.elsewhere == plan.existing  # in no household yet: listed, left as is
    confirm(client, batch)
    assert Person.objects.filter(name="李四").count() == 1


def gbk_csv() -> bytes:
    text = "姓名,室号,联系电话,身份证号\r\n钱大爷,201,13912340000,\r\n孙阿姨,202,021-6555 9999,\r\n"
    return text.encode("gbk")


def test_a_csv_saved_by_excel_on_chinese_windows_is_read_as_gbk(client_of, director_a):
    client = client_of(director_a)
    batch = uploaded(client, gbk_csv(), "名册.csv")
    response = preview(client, batch)
    assert response.context["plan"].sheet.encoding == "GBK/GB18030"
    assert "GBK" in response.content.decode()
    confirm(client, batch)
    assert set(Person.objects.values_list("name", flat=True)) == {"钱大爷", "孙阿姨"}


def test_a_utf8_csv_with_excels_bom_is_read_as_utf8(client_of, director_a):
    client = client_of(director_a)
    batch = uploaded(client, "\ufeff姓名,室号\n钱大爷,201\n".encode(), "名册.csv")
    plan = preview(client, batch).context["plan"]
    assert plan.sheet.encoding == "UTF-8" and plan.sheet.header == ["姓名", "室号"]


def test_the_column_mapping_is_remembered_for_the_committees_next_file(client_of, director_a, committee_a):
    client = client_of(director_a)
    content = "居民,门牌,手机\n钱大爷,201,13912340000\n".encode()
    batch = uploaded(client, content, "a.csv")
    page = preview(client, batch)
    assert page.context["plan"].mapping_problems  # neither 居民 nor 门牌 is a known name
    response = client.post(
        reverse("register:import-detail", args=[batch.pk]), {"col_0": "name", "col_1": "room", "col_2": "phone"}
    )
    assert response.status_code == 302
    assert preview(client, batch).context["counts"]["new_people"] == 1
    assert ImportMapping.objects.get(committee=committee_a).columns == {"居民": "name", "门牌": "room", "手机": "phone"}
    second = uploaded(client, "居民,门牌,手机\n孙阿姨,202,\n".encode(), "b.csv")
    assert second.mapping == ["name", "room", "phone"]
    assert 'value="name" selected' in preview(client, second).content.decode()


def test_a_mapping_naming_one_field_twice_is_refused(client_of, director_a):
    client = client_of(director_a)
    batch = uploaded(client, "姓名,室号\n钱大爷,201\n".encode(), "a.csv")
    client.post(reverse("register:import-detail", args=[batch.pk]), {"col_0": "name", "col_1": "name"})
    plan = preview(client, batch).context["plan"]
    assert plan.mapping_problems and not plan.new
    confirm(client, batch)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.xlsx", "空"),
        (b"\x00\x01\x02\xff\xfe\x00garbage" * 50, "a.csv", ""),
        (b"this is not a zip", "a.xlsx", "不是 Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.xls", ".xls"),
        (b"%PDF-1.4", "a.pdf", "只能导入"),
        ((",".join(f"c{n}" for n in range(300)) + "\n").encode(), "wide.csv", "300 列"),
        (b"\xff\xd8\xff" + bytes(range(256)) * 20, "a.csv", ""),
    ],
)
def test_garbage_uploads_get_a_message_never_a_server_error(client_of, director_a, content, name, message):
    response = upload(client_of(director_a), content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_zip_that_is_no_workbook_gets_a_message(client_of, director_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    response = upload(client_of(director_a), buffer.getvalue(), "a.xlsx")
    assert response.status_code == 400 and "无法读取" in response.content.decode()


def test_a_file_over_5_mb_is_refused_before_it_is_read(client_of, director_a):
    response = upload(client_of(director_a), b"a" * (5 * 1024 * 1024 + 1), "big.csv")
    assert response.status_code == 400 and "5 MB" in response.content.decode()


def test_the_uploaded_file_is_kept_encrypted_only(client_of, director_a, area):
    batch = uploaded(client_of(director_a), messy_xlsx())
    assert ZHANG_ID.lower() not in batch.content_encrypted and batch.content_encrypted
    assert len(batch.sha256) == 64


def test_another_committees_director_cannot_see_or_confirm_the_import(client_of, director_a, committee_b, area):
    batch = uploaded(client_of(director_a), messy_xlsx())
    director_b = factories.worker(committee_b, role="director", username="director-b")
    client = client_of(director_b)
    assert client.get(reverse("register:import-detail", args=[batch.pk])).status_code == 404
    assert confirm(client, batch).status_code == 404
    assert (
        reverse("register:import-detail", args=[batch.pk])
        not in client.get(reverse("register:import")).content.decode()
    )
    assert not Person.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED


@pytest.mark.parametrize("who", ["worker_a", "street_admin_a"])
def test_only_the_director_imports_and_exports(client_of, director_a, area, request, who):
    batch = uploaded(client_of(director_a), messy_xlsx())
    client = client_of(request.getfixturevalue(who))
    assert upload(client, messy_xlsx(), "a.xlsx").status_code == 403
    assert client.get(reverse("register:import-detail", args=[batch.pk])).status_code == 403
    assert confirm(client, batch).status_code == 403
    assert client.get(reverse("register:export-csv")).status_code == 403
    assert not Person.objects.exists()


def test_a_batch_is_imported_once(client_of, director_a, area):
    client = client_of(director_a)
    batch = uploaded(client, messy_xlsx())
    confirm(client, batch)
    before = register_counts()
    response = confirm(client, batch)
    assert response.status_code == 302
    assert register_counts() == before


def test_withdrawing_a_file_keeps_the_row_and_forgets_the_file(client_of, director_a, area):
    client = client_of(director_a)
    batch = uploaded(client, messy_xlsx())
    client.post(reverse("register:import-detail", args=[batch.pk]), {"withdraw": "1"})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.WITHDRAWN and batch.content_encrypted == ""
    confirm(client, batch)
    assert not Person.objects.exists()


def test_the_export_is_the_register_in_the_same_layout_masked_and_imports_back_as_no_change(
    client_of, director_a, area
):
    client = client_of(director_a)
    confirm(client, uploaded(client, messy_xlsx()))
    response = client.get(reverse("register:export-csv"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == [
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
    zhang = next(row for row in rows if row[4] == "张三")
    assert zhang[:4] == ["第一片区", "5号楼", "1单元", "101室"] and zhang[9] == "户主"
    assert ZHANG_ID not in content.decode("utf-8-sig") and "*" in zhang[7] and zhang[8] == "139****5678"
    before = register_counts()
    again = uploaded(client, content, "export.csv")
    counts = preview(client, again).context["counts"]
    assert counts["new_people"] == 0 and counts["existing"] == 4 and counts["errors"] == 0
    confirm(client, again)
    assert register_counts() == before
    workbook = client.get(reverse("register:export-xlsx"))
    assert workbook.status_code == 200 and workbook["Content-Type"].startswith("application/vnd.openxml")
    batch = uploaded(client, workbook.content, "export.xlsx")
    assert preview(client, batch).context["counts"]["existing"] == 4


def test_the_household_list_links_to_import_and_export_for_the_director_only(client_of, director_a, worker_a):
    page = client_of(director_a).get(reverse("register:household-list")).content.decode()
    assert reverse("register:import") in page and reverse("register:export-xlsx") in page
    page = client_of(worker_a).get(reverse("register:household-list")).content.decode()
    assert reverse("register:import") not in page


def test_confirm_is_one_transaction(director_a, area, monkeypatch):
    from register import services

    batch = services.import_batch_create(
        committee=director_a.committee, by=director_a.user, filename="a.xlsx", data=messy_xlsx()
    )

    def broken(objs, model, **kwargs):
        if model is Membership:
            raise RuntimeError("disk full")
        return real(objs, model, **kwargs)

    real = services.bulk_create_with_history
    monkeypatch.setattr(services, "bulk_create_with_history", broken)
    with pytest.raises(RuntimeError):
        import_batch_confirm(batch=batch, by=director_a.user)
    assert not Person.objects.exists() and not Household.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED


def test_an_upload_never_imported_loses_its_file_after_a_week(director_a, time_machine):
    from register.retention import import_files_forget

    batch = factories.import_batch(director_a.committee, director_a.user)
    time_machine.move_to(TODAY + dt.timedelta(days=6), tick=False)
    import_files_forget(days=365)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED and batch.content_encrypted
    time_machine.move_to(TODAY + dt.timedelta(days=8), tick=False)
    import_files_forget(days=365)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.WITHDRAWN and batch.content_encrypted == "" and batch.filename == "名册.csv"


def test_a_workbook_hundreds_of_columns_wide_gets_a_message(client_of, director_a):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["姓名", "室号"] + [f"c{n}" for n in range(400)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client_of(director_a), buffer.getvalue(), "wide.xlsx")
    assert response.status_code == 400 and "402 列" in response.content.decode()


def test_a_workbook_merging_millions_of_cells_is_refused_before_it_is_loaded(client_of, director_a):
    """openpyxl makes an object per merged cell: A1:XFD1048576 would take the server down."""
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["姓名", "室号"])
    plain = io.BytesIO()
    workbook.save(plain)
    bomb = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
                )
            target.writestr(member, content)
    response = upload(client_of(director_a), bomb.getvalue(), "bomb.xlsx")
    assert response.status_code == 400 and "表格过大" in response.content.decode()


def test_a_header_text_holding_digits_like_a_phone_is_not_remembered(client_of, director_a, committee_a):
    client = client_of(director_a)
    batch = uploaded(client, "姓名,室号,13912345678\n钱大爷,201,\n".encode(), "a.csv")
    confirm(client, batch)
    assert ImportMapping.objects.get(committee=committee_a).columns == {"姓名": "name", "室号": "room"}
