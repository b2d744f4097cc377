"""Reference data has an owner. The district keeps the lines, the shared catalogue with its
seal-permitted list and the work calendar (its district admins); a street office reads them,
keeps service items of its own and chooses which shared items its committees offer; nobody
edits another street office's or another district's data."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.services import case_open
from committee.choices import CalendarDayKind
from committee.models import CalendarDay, CalendarYear, CatalogueChoice, Line, ServiceItem
from committee.services import calendar_schedule_save
from committee.workcalendar import is_working_day
from office.services import calendar_schedule_enter
from reception.choices import Outcome
from reception.selectors import catalogue_for_desk
from reception.services import visit_intake

from .. import factories

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


@pytest.fixture
def street_admin_b(office_b):
    return factories.street_admin(office_b, username="street-b")


@pytest.fixture
def own_items(line_civil, office_a, office_b):
    """An item of each street office's own."""
    return (
        factories.service_item(line_civil, name="甲街道助餐卡", street_office=office_a),
        factories.service_item(line_civil, name="乙街道助餐卡", street_office=office_b),
    )


@pytest.fixture
def elsewhere():
    """Another district with a street office, a committee, a worker, a line and an admin."""
    district = factories.district(name="外区")
    committee = factories.committee(factories.street_office(district=district), code="XX01")
    return {
        "district": district,
        "committee": committee,
        "worker": factories.worker(committee, username="worker-x"),
        "line": factories.line(district=district, name="外区民政"),
        "admin": factories.district_admin(district, username="district-x"),
    }


def offered(committee) -> set[str]:
    return {item.name for item in catalogue_for_desk(committee)}


def change_url(obj) -> str:
    return reverse(f"admin:committee_{obj._meta.model_name}_change", args=[obj.pk])


# --- what a street office may do ------------------------------------------------------------


def test_street_admins_read_the_district_s_lines_and_shared_items_and_change_none(
    client_of, street_admin_a, line_civil, item_allowance
):
    client = client_of(street_admin_a)
    assert client.get(change_url(line_civil)).status_code == 200  # read-only
    assert client.post(change_url(line_civil), {"code": "x", "name": "改名", "order": 1}).status_code == 403
    assert client.post(change_url(item_allowance), {"name": "改名", "line": line_civil.pk}).status_code == 403
    assert (
        client.post(reverse("admin:committee_line_add"), {"code": "new", "name": "新条线", "order": 1}).status_code
        == 403
    )
    line_civil.refresh_from_db()
    item_allowance.refresh_from_db()
    assert line_civil.name == "民政" and item_allowance.name == "高龄津贴申请"


def test_a_street_admin_adds_an_item_of_their_own_street_and_cannot_put_it_on_the_seal_list(
    client_of, street_admin_a, line_civil, office_a, committee_a, committee_b
):
    response = client_of(street_admin_a).post(
        reverse("admin:committee_serviceitem_add"),
        {
            "line": line_civil.pk,
            "name": "甲街道长者食堂",
            "materials": "身份证",
            "time_limit_days": 3,
            "active": "on",
            "seal_permitted": "on",
            "street_office": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = ServiceItem.objects.get(name="甲街道长者食堂")
    assert (item.street_office, item.district, item.seal_permitted) == (office_a, office_a.district, False)
    assert "甲街道长者食堂" in offered(committee_a) and "甲街道长者食堂" not in offered(committee_b)


def test_one_street_office_neither_sees_nor_changes_another_s_own_items(
    client_of, street_admin_b, own_items, line_civil
):
    ours, theirs = own_items
    client = client_of(street_admin_b)
    listed = client.get(reverse("admin:committee_serviceitem_changelist")).content.decode()
    assert "乙街道助餐卡" in listed and "甲街道助餐卡" not in listed
    assert client.get(change_url(ours)).status_code == 302  # "does not exist": admin's way of a 404
    client.post(change_url(ours), {"name": "改走", "line": line_civil.pk, "materials": "x", "time_limit_days": 1})
    ours.refresh_from_db()
    assert ours.name == "甲街道助餐卡"


def test_withdrawing_a_shared_item_changes_only_that_street_s_committees(
    client_of, street_admin_a, item_allowance, committee_a, committee_b, office_a
):
    client = client_of(street_admin_a)
    changelist = reverse("admin:committee_serviceitem_changelist")
    client.post(changelist, {"action": "withdraw_here", "_selected_action": [item_allowance.pk]})
    assert "高龄津贴申请" not in offered(committee_a) and "高龄津贴申请" in offered(committee_b)
    client.post(changelist, {"action": "offer_here", "_selected_action": [item_allowance.pk]})
    assert "高龄津贴申请" in offered(committee_a)
    choice = CatalogueChoice.objects.get(street_office=office_a, item=item_allowance)
    assert choice.offered and [h.offered for h in choice.history.order_by("history_date")] == [False, True]


def test_a_street_admin_s_choice_never_touches_another_street_or_an_own_item(
    client_of, street_admin_b, item_allowance, own_items, committee_a, office_b
):
    ours, _theirs = own_items
    client_of(street_admin_b).post(
        reverse("admin:committee_serviceitem_changelist"),
        {"action": "withdraw_here", "_selected_action": [item_allowance.pk, ours.pk]},
    )
    assert {"高龄津贴申请", "甲街道助餐卡"} <= offered(committee_a)
    assert list(CatalogueChoice.objects.values_list("street_office", "item")) == [(office_b.pk, item_allowance.pk)]


# --- what the district keeps ----------------------------------------------------------------


def test_the_district_admin_keeps_the_catalogue_and_the_seal_list(
    client_of, district_admin_a, item_allowance, own_items, committee_a, committee_b, line_civil
):
    ours, _theirs = own_items
    client = client_of(district_admin_a)
    form = client.get(change_url(ours)).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"seal_permitted": "on", "materials": "身份证"})
    assert client.post(change_url(ours), data).status_code == 302
    ours.refresh_from_db()
    assert ours.seal_permitted and ours.street_office_id == committee_a.street_office_id
    response = client.post(reverse("admin:committee_line_add"), {"code": "laoling", "name": "老龄", "order": 2})
    assert response.status_code == 302
    assert Line.objects.get(code="laoling").district == line_civil.district


def test_another_district_s_admin_sees_and_changes_nothing_here(client_of, elsewhere, item_allowance, line_civil):
    client = client_of(elsewhere["admin"])
    assert "高龄津贴申请" not in client.get(reverse("admin:committee_serviceitem_changelist")).content.decode()
    assert client.get(change_url(item_allowance)).status_code == 302
    assert client.get(change_url(line_civil)).status_code == 302
    client.post(change_url(line_civil), {"code": "minzheng", "name": "改名", "order": 1})
    line_civil.refresh_from_db()
    assert line_civil.name == "民政"


def test_a_line_of_the_same_name_may_exist_in_each_district(client_of, elsewhere, line_civil):
    response = client_of(elsewhere["admin"]).post(
        reverse("admin:committee_line_add"), {"code": line_civil.code, "name": line_civil.name, "order": 1}
    )
    assert response.status_code == 302
    assert Line.objects.filter(name="民政").count() == 2
    again = client_of(elsewhere["admin"]).post(
        reverse("admin:committee_line_add"), {"code": line_civil.code, "name": line_civil.name, "order": 1}
    )
    assert again.status_code == 200 and Line.objects.filter(name="民政").count() == 2  # said, not a 500


def test_a_district_s_schedule_moves_only_its_own_deadlines(
    time_machine, committee_a, worker_a, line_civil, elsewhere, district_admin_a
):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, tzinfo=TZ), tick=True)

    def registered_monday_8_february(committee, worker, line):
        return case_open(
            committee=committee,
            first_responder=worker,
            title="跨年",
            line=line,
            handler=worker,
            registered_at=dt.datetime(2027, 2, 8, 10, tzinfo=TZ),
        )

    here = registered_monday_8_february(committee_a, worker_a, line_civil)
    there = registered_monday_8_february(elsewhere["committee"], elsewhere["worker"], elsewhere["line"])
    assert here.due_at == there.due_at  # both on the national calendar so far
    effect = calendar_schedule_enter(
        year=2027,
        holidays={dt.date(2027, 1, 1): "元旦", **{dt.date(2027, 2, d): "春节" for d in range(5, 12)}},
        workdays={},
        by=None,
        user=elsewhere["admin"].user,
        district_id=elsewhere["district"].pk,
    )
    here.refresh_from_db()
    there.refresh_from_db()
    assert [move.case.pk for move in effect.moves] == [there.pk]
    assert timezone.localtime(there.due_at).date() == dt.date(2027, 2, 18)
    assert timezone.localtime(here.due_at).date() == dt.date(2027, 2, 17)
    assert not CalendarYear.objects.get(year=2027, district__isnull=True).is_official
    assert CalendarYear.objects.get(year=2027, district=elsewhere["district"]).is_official


def test_a_district_admin_enters_only_their_own_district_s_calendar(client_of, elsewhere, district_admin_a):
    data = {"holidays": "2027-01-01 元旦", "workdays": "", "action": "save"}
    client_of(elsewhere["admin"]).post(reverse("office:calendar-year", args=[2027]), data)
    years = set(CalendarYear.objects.filter(year=2027, district__isnull=False).values_list("district", flat=True))
    assert years == {elsewhere["district"].pk}


# --- the catalogue a committee may use ------------------------------------------------------


def test_the_desk_and_the_services_use_only_what_the_committee_offers(
    committee_a, worker_a, own_items, elsewhere, item_allowance, office_a
):
    _ours, theirs = own_items
    other_item = factories.service_item(elsewhere["line"], name="外区事项")
    for item in (theirs, other_item):
        with pytest.raises(ValidationError):
            visit_intake(
                committee=committee_a,
                received_by=worker_a,
                resident_name="赵阿姨",
                outcome=Outcome.HANDED_ON,
                chosen=[(item, [])],
            )
    with pytest.raises(ValidationError):
        case_open(committee=committee_a, first_responder=worker_a, title="外区", line=elsewhere["line"])
    CatalogueChoice.objects.create(street_office=office_a, item=item_allowance, offered=False)
    with pytest.raises(ValidationError):
        case_open(committee=committee_a, first_responder=worker_a, title="已不提供", service_item=item_allowance)


def test_the_board_shows_the_committee_s_own_catalogue(client, committee_a, committee_b, own_items, item_allowance):
    board_a = client.get(reverse("board:board", args=[committee_a.code])).content.decode()
    board_b = client.get(reverse("board:board", args=[committee_b.code])).content.decode()
    assert "甲街道助餐卡" in board_a and "乙街道助餐卡" not in board_a
    assert "乙街道助餐卡" in board_b and "甲街道助餐卡" not in board_b


def test_once_a_district_enters_a_year_the_national_days_of_that_year_no_longer_count_for_it():
    district = factories.district()
    wednesday = dt.date(2027, 3, 10)
    CalendarDay.objects.create(date=wednesday, kind=CalendarDayKind.HOLIDAY, name="全国假日")
    assert not is_working_day(wednesday, district_id=district.pk)  # the national day counts so far
    calendar_schedule_save(year=2027, holidays={dt.date(2027, 1, 1): "元旦"}, workdays={}, district_id=district.pk)
    assert is_working_day(wednesday, district_id=district.pk)
    assert not is_working_day(dt.date(2027, 1, 1), district_id=district.pk)
    assert not is_working_day(wednesday)  # the national calendar and other districts keep it
    assert not is_working_day(wednesday, district_id=factories.district().pk)
