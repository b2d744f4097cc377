"""Issue 16, the desk: a matter outside the catalogue handed on with its line, the receipt
(回执) of every hand-on, one registration path starting at the desk with a known resident
carried on the server, finding a notice by its last digits, the notice's papers received
and its signature line, the seal record offered after an on-the-spot sealable item, the
pinyin search on every service-item select, and upcoming appointments."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import Case
from reception.models import Appointment, Visit
from reception.services import visit_record

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def line_city(db):
    return factories.line(code="chengjian", name="城建")


def post(client, **data):
    base = {"channel": "walk_in", "resident_name": "赵阿姨", "resident_phone": "13912345678", "outcome": "handed_on"}
    base.update(data)
    return client.post(reverse("reception:home"), base)


def test_a_matter_outside_the_catalogue_is_handed_on_as_a_case_of_its_line(
    working_day, client_of, worker_a, line_city, desk_a
):
    response = post(client_of(worker_a), other_line=line_city.pk, other_matter="路灯不亮", notes="3号楼门口")
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reception:receipt", args=[visit.pk])
    case = visit.case
    assert case.line == line_city and case.service_item is None and "路灯不亮" in case.title
    assert case.source_reference == visit.reference
    assert visit.notes.startswith("其他事项（城建）：路灯不亮") and "3号楼门口" in visit.notes


def test_the_receipt_gives_the_reference_deadline_worker_and_how_to_ask(
    working_day, client_of, worker_a, line_city, desk_a, committee_a
):
    committee_a.phone = "021-12345678"
    committee_a.save(update_fields=["phone"])
    client = client_of(worker_a)
    post(client, other_line=line_city.pk, other_matter="路灯不亮")
    visit = Visit.objects.get()
    page = client.get(reverse("reception:receipt", args=[visit.pk])).content.decode()
    assert "转办回执" in page and visit.case.reference in page and visit.reference in page
    assert f"{timezone.localtime(visit.case.due_at):%Y年%-m月%-d日}" in page
    assert visit.case.handler.display_name in page and "021-12345678" in page
    assert "13912345678" not in page


def test_a_matter_outside_the_catalogue_needs_its_line_and_words(client_of, worker_a, line_city, desk_a):
    client = client_of(worker_a)
    no_line = post(client, other_matter="路灯不亮", notes="记下的")
    assert no_line.status_code == 400 and "请为其他事项选择条线" in no_line.content.decode()
    assert 'value="路灯不亮"' in no_line.content.decode() and "记下的" in no_line.content.decode()
    no_words = post(client, other_line=line_city.pk)
    assert no_words.status_code == 400 and "请简要说明其他事项" in no_words.content.decode()
    assert not Visit.objects.exists() and not Case.objects.exists()


def test_nothing_chosen_points_to_the_other_matter(client_of, worker_a, desk_a):
    response = post(client_of(worker_a))
    assert response.status_code == 400 and "其他事项" in response.content.decode()


def test_a_line_of_another_district_is_refused(client_of, worker_a, desk_a):
    from committee.models import District

    elsewhere = factories.line(district=District.objects.create(code="XQ", name="西区"), name="外区城建")
    response = post(client_of(worker_a), other_line=elsewhere.pk, other_matter="路灯不亮")
    assert response.status_code == 400 and "other_line" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_the_receipt_of_another_committee_is_404(working_day, client_of, worker_a, worker_b, line_city, desk_a):
    post(client_of(worker_a), other_line=line_city.pk, other_matter="路灯不亮")
    other = Client()
    other.force_login(worker_b.user)
    assert other.get(reverse("reception:receipt", args=[Visit.objects.get().pk])).status_code == 404


def test_a_visit_without_a_case_has_no_receipt(client_of, worker_a, committee_a, item_residence):
    visit = visit_record(committee=committee_a, received_by=worker_a, resident_name="赵阿姨", outcome="consultation")
    response = client_of(worker_a).get(reverse("reception:receipt", args=[visit.pk]))
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()


def test_registering_a_case_starts_at_the_desk(client_of, worker_a):
    response = client_of(worker_a).get(reverse("casework:case-open"))
    assert response.status_code == 302 and response["Location"] == reverse("reception:home")


def test_a_new_matter_of_a_known_resident_carries_her_details_on_the_server(
    working_day, client_of, worker_a, committee_a, line_city, desk_a
):
    earlier = visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        outcome="consultation",
        resident_phone="13912345678",
        address="玉田路1弄",
    )
    client = client_of(worker_a)
    page = client.get(reverse("reception:home"), {"resident_visit": earlier.pk}).content.decode()
    assert 'value="赵阿姨"' in page and 'value="玉田路1弄"' in page
    assert "13912345678" not in page and "139****5678" in page
    post(client, resident_phone="", resident_visit=earlier.pk, other_line=line_city.pk, other_matter="路灯不亮")
    visit = Visit.objects.exclude(pk=earlier.pk).get()
    assert visit.resident_phone == "+8613912345678" and visit.previous_visit is None
    assert visit.case.resident_phone == "+8613912345678"


def test_a_new_matter_from_a_case_carries_the_resident(working_day, client_of, worker_a, committee_a, line_city):
    from casework.services import case_open

    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="楼道堆物",
        line=line_city,
        resident_name="钱先生",
        resident_phone="13700001111",
    )
    client = client_of(worker_a)
    assert f"?resident_case={case.pk}" in client.get(case.get_absolute_url()).content.decode()
    page = client.get(reverse("reception:home"), {"resident_case": case.pk}).content.decode()
    assert 'value="钱先生"' in page and "137****1111" in page and "13700001111" not in page


def test_another_committees_records_are_not_carried(client_of, worker_a, committee_a, worker_b, committee_b):
    mine = visit_record(committee=committee_a, received_by=worker_a, resident_name="周阿姨", outcome="consultation")
    theirs = visit_record(committee=committee_b, received_by=worker_b, resident_name="孙先生", outcome="consultation")
    client = client_of(worker_a)
    assert 'value="周阿姨"' in client.get(reverse("reception:home"), {"resident_visit": mine.pk}).content.decode()
    page = client.get(reverse("reception:home"), {"resident_visit": theirs.pk}).content.decode()
    assert "孙先生" not in page


def test_a_notice_is_found_by_its_last_digits_or_the_phone(client_of, worker_a, committee_a, worker_b, committee_b):
    mine = visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        outcome="notice",
        resident_phone="13912345678",
    )
    theirs = visit_record(committee=committee_b, received_by=worker_b, resident_name="孙先生", outcome="notice")
    client = client_of(worker_a)
    digits = mine.reference[-3:]
    assert theirs.reference.endswith(digits)  # both the first of their year
    found = client.post(reverse("reception:find"), {"q": digits}).content.decode()
    assert mine.reference in found and theirs.reference not in found
    assert mine.reference in client.post(reverse("reception:find"), {"q": "139 1234 5678"}).content.decode()
    assert mine.reference not in client.post(reverse("reception:find"), {"q": "12"}).content.decode()


def test_an_on_the_spot_sealable_item_offers_the_seal_record_prefilled(
    client_of, worker_a, committee_a, item_residence
):
    visit = visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        outcome="on_the_spot",
        items=[(item_residence, [])],
    )
    client = client_of(worker_a)
    detail = client.get(visit.get_absolute_url()).content.decode()
    link = f"{reverse('reception:seal-record')}?visit={visit.pk}&amp;item={item_residence.pk}"
    assert link in detail
    form = client.get(reverse("reception:seal-record"), {"visit": visit.pk, "item": item_residence.pk})
    page = form.content.decode()
    assert f'value="{visit.reference}"' in page and 'value="居住证明"' in page
    assert form.context["form"].initial["service_item"] == item_residence.pk


def test_the_seal_record_is_not_prefilled_from_another_committee(
    client_of, worker_a, committee_a, worker_b, committee_b
):
    mine = visit_record(committee=committee_a, received_by=worker_a, resident_name="周阿姨", outcome="on_the_spot")
    theirs = visit_record(committee=committee_b, received_by=worker_b, resident_name="孙先生", outcome="on_the_spot")
    client = client_of(worker_a)
    assert mine.reference in client.get(reverse("reception:seal-record"), {"visit": mine.pk}).content.decode()
    page = client.get(reverse("reception:seal-record"), {"visit": theirs.pk}).content.decode()
    assert theirs.reference not in page


def test_every_service_item_select_offers_the_pinyin_search(client_of, worker_a, item_residence, desk_a):
    client = client_of(worker_a)
    for name in ("reception:appointment-book", "reception:seal-record"):
        page = client.get(reverse(name)).content.decode()
        assert "data-pick-item" in page and 'data-search="居住证明 jzzm 民政"' in page and "pick-item.js" in page


def test_upcoming_appointments_are_on_the_desk_and_their_list(
    client_of, worker_a, worker_b, committee_a, committee_b, desk_a, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, tzinfo=timezone.get_current_timezone()), tick=False)
    soon = timezone.now() + dt.timedelta(days=3)
    Appointment.objects.create(
        committee=committee_a, worker=worker_a, created_by=worker_a, starts_at=soon, resident_name="李奶奶"
    )
    Appointment.objects.create(
        committee=committee_a,
        worker=worker_a,
        created_by=worker_a,
        starts_at=soon + dt.timedelta(days=40),
        resident_name="远期",
    )
    Appointment.objects.create(
        committee=committee_b, worker=worker_b, created_by=worker_b, starts_at=soon, resident_name="乙居民"
    )
    client = client_of(worker_a)
    desk = client.get(reverse("reception:home")).content.decode()
    listing = client.get(reverse("reception:appointment-list")).content.decode()
    for page in (desk, listing):
        assert "李奶奶" in page and "远期" not in page and "乙居民" not in page
    assert reverse("reception:appointment-list") in client.get(reverse("staffing:my-duty")).content.decode()


def test_a_matter_found_on_patrol_needs_no_resident(working_day, client_of, worker_a, line_city, desk_a):
    client = client_of(worker_a)
    walk_in = post(client, resident_name="", other_line=line_city.pk, other_matter="路灯不亮")
    assert walk_in.status_code == 400 and "请填写居民姓名" in walk_in.content.decode()
    post(
        client, channel="patrol", resident_name="", resident_phone="", other_line=line_city.pk, other_matter="路灯不亮"
    )
    case = Visit.objects.get().case
    assert case.source == "patrol" and case.title == "路灯不亮" and case.resident_name == ""
