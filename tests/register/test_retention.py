"""The retention sweep forgets those who left the register once nothing of theirs has changed
for the period; people still living here keep their details however old."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from register.choices import PersonStatus
from register.models import Household, Person, PersonPhone
from register.services import household_end, person_leave
from utilities.erasure import ANONYMISED_NAME

from .. import factories

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def test_the_departed_are_forgotten_after_the_period_and_the_living_never(time_machine, committee_a, worker_a):
    time_machine.move_to(dt.datetime(2020, 3, 2, 10, tzinfo=TZ))
    area = factories.grid_area(committee_a, responsible=worker_a)
    gone_home, gone, _tag = factories.register_records(committee_a, area, worker_a, name="钱阿公", phone="13912345678")
    _home, staying, _tag = factories.register_records(committee_a, area, worker_a, name="赵阿婆", phone="13800001111")
    person_leave(person=gone, status=PersonStatus.MOVED_OUT, on=dt.date(2020, 3, 2))
    household_end(household=gone_home)

    time_machine.move_to(dt.datetime(2022, 3, 1, 10, tzinfo=TZ))  # within three years: kept
    call_command("anonymise_old_visits", "--days", str(3 * 365))
    assert Person.objects.get(pk=gone.pk).name == "钱阿公"

    time_machine.move_to(dt.datetime(2023, 3, 10, 10, tzinfo=TZ))
    call_command("anonymise_old_visits", "--days", str(3 * 365))
    gone.refresh_from_db()
    assert gone.name == ANONYMISED_NAME and gone.status == PersonStatus.MOVED_OUT
    assert PersonPhone.objects.get(person=gone).number == ""
    assert Household.objects.get(pk=gone_home.pk).room != "101室"
    assert not gone.history.filter(name="钱阿公").exists()
    staying.refresh_from_db()
    assert staying.name == "赵阿婆" and PersonPhone.objects.get(person=staying).number == "+8613800001111"
