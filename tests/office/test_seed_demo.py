import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from casework.models import Case, Notification
from committee.models import Committee, ServiceItem
from reception.models import Visit
from register.models import Household, Person, PersonTag
from staffing.models import DutyAssignment, Worker
from staffing.selectors import approvals_count

pytestmark = pytest.mark.django_db


def test_it_seeds_a_working_demo_once(capsys):
    call_command("seed_demo", "--days", "7")
    counts = (Committee.objects.count(), Worker.objects.count(), Case.objects.count(), Visit.objects.count())
    assert counts[0] == 4  # three in the first street office, one in the second
    assert counts[1] == 4 * 12 + 3  # eleven desk workers and a director each, two street admins, a district admin
    assert ServiceItem.objects.count() >= 30
    assert counts[2] > 0 and counts[3] > 0
    assert DutyAssignment.objects.exists()
    assert "qy01-director" in capsys.readouterr().out
    for committee in Committee.objects.all():  # the register: households, people, a few tags
        assert Household.objects.filter(committee=committee).count() >= 3
        assert Person.objects.filter(committee=committee).count() >= 3
    assert PersonTag.objects.exists()

    call_command("seed_demo", "--days", "7")
    assert (Committee.objects.count(), Worker.objects.count(), Case.objects.count(), Visit.objects.count()) == counts


def test_every_demo_login_signs_in(rf):
    call_command("seed_demo", "--days", "1")
    for username in ["district", "street", "street2", "qy01-director", "qy01-w01", "qy03-w11", "oy01-director"]:
        request = rf.post("/login/")  # django-axes needs the request to key its lockout
        assert authenticate(request, username=username, password="juweihui-demo") is not None, username


def test_scale_multiplies_committees_and_history():
    call_command("seed_demo", "--days", "2", "--scale", "2")
    assert Committee.objects.count() == 7  # QY01–QY06 and OY01
    visits = Visit.objects.count()
    assert Case.objects.filter(committee__code="QY06").exists()
    assert visits > 0
    # Reference numbers stay unique and gapless per committee.
    refs = list(Visit.objects.filter(committee__code="QY05").order_by("reference").values_list("reference", flat=True))
    by_year: dict[str, list[int]] = {}
    for ref in refs:  # QY05-J2026-000001
        by_year.setdefault(ref.split("-")[1], []).append(int(ref.split("-")[2]))
    for numbers in by_year.values():
        assert numbers == list(range(1, len(numbers) + 1))


def test_the_second_street_office_offers_its_own_catalogue():
    from office import demo

    call_command("seed_demo", "--days", "1")
    first, second = Committee.objects.get(code="QY01"), Committee.objects.get(code="OY01")
    offered_first = set(ServiceItem.objects.offered_to(first).values_list("name", flat=True))
    offered_second = set(ServiceItem.objects.offered_to(second).values_list("name", flat=True))
    own = demo.SECOND_OFFICE_OWN_ITEM["name"]
    assert own in offered_second and own not in offered_first
    assert demo.SECOND_OFFICE_WITHDRAWS in offered_first and demo.SECOND_OFFICE_WITHDRAWS not in offered_second
    assert first.street_office.district == second.street_office.district


def test_a_fresh_demo_s_directors_have_a_swap_and_a_leave_to_approve(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    call_command("seed_demo", "--days", "1")
    qy01 = Committee.objects.get(code="QY01")
    assert approvals_count(committee=qy01) == {"swaps": 1, "leaves": 1}
    # the director heard of both through the hand-off notifications
    director = Worker.objects.get(user__username="qy01-director")
    assert Notification.objects.filter(recipient=director).count() >= 2
