"""Personas shared by every test: two committees in two street offices, a worker and
the director of committee A, a worker of committee B, and a street admin of A's office."""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest

from committee.roles import Role

from . import clock, factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by
# the tests themselves (setting up data) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    moved_to = clock.start()  # TEST_TODAY, if set: the whole run on that day
    if moved_to is not None and not hasattr(config, "workerinput"):  # said once, not by each xdist worker
        print(f"clock moved to {moved_to:%Y-%m-%d %H:%M %Z} (TEST_TODAY)")


@pytest.fixture(scope="session")
def _migrated_rows(django_db_setup, django_db_blocker):
    """What the data migrations put in the test database: the work calendar (its days and
    years), the built-in care tags, and the role groups with their permissions (by app label and codename)."""
    from django.contrib.auth.models import Group

    from committee.models import CalendarDay, CalendarYear
    from register.models import CareTag  # the built-in care tags

    with django_db_blocker.unblock():
        calendar = {model: list(model.objects.values()) for model in (CalendarDay, CalendarYear, CareTag)}
        groups = {
            group.name: list(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.all()
        }
    return calendar, groups


@pytest.fixture(autouse=True)
def _reference_rows_after_flush(request):
    """Transactional tests flush the database between tests, which empties the rows the
    data migrations put there: put them back as they were."""
    marker = request.node.get_closest_marker("django_db")
    if not marker or not marker.kwargs.get("transaction"):
        yield
        return
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    calendar, groups = request.getfixturevalue("_migrated_rows")  # read before any flush
    request.getfixturevalue("transactional_db")
    for model, rows in calendar.items():
        if not model.objects.exists():
            model.objects.bulk_create([model(**row) for row in rows])
    for name, permissions in groups.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for app_label, codename in permissions:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
    yield


# A Wednesday morning: a working day, both staggered shifts on.
WORKING_DAY_MORNING = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def working_day(time_machine):
    """The clock on a working-day morning, for what the rules do on working days (a case
    goes to the line's A-post; at weekends, to whoever is on duty). Ask for it first, so
    the other fixtures see that day too."""
    time_machine.move_to(WORKING_DAY_MORNING, tick=True)
    return WORKING_DAY_MORNING


@pytest.fixture
def office_a(db):
    return factories.street_office(code="SOA", name="甲街道")


@pytest.fixture
def office_b(db):
    return factories.street_office(code="SOB", name="乙街道")


@pytest.fixture
def committee_a(office_a):
    return factories.committee(office_a, code="AA01", name="甲一居委会")


@pytest.fixture
def committee_b(office_b):
    return factories.committee(office_b, code="BB01", name="乙一居委会")


@pytest.fixture
def line_civil(db):
    return factories.line(code="minzheng", name="民政")


@pytest.fixture
def item_residence(line_civil):
    return factories.service_item(
        line_civil,
        name="居住证明",
        materials=["身份证原件", "户口簿", "租赁合同"],
        limit=0,
        on_the_spot=True,
        seal=True,
    )


@pytest.fixture
def item_allowance(line_civil):
    return factories.service_item(line_civil, name="高龄津贴申请", materials=["身份证", "户口簿", "银行卡"], limit=5)


@pytest.fixture
def worker_a(committee_a):
    return factories.worker(committee_a, username="worker-a", name="张敏")


@pytest.fixture
def director_a(committee_a):
    return factories.worker(committee_a, role=Role.DIRECTOR, username="director-a", name="王主任")


@pytest.fixture
def worker_b(committee_b):
    return factories.worker(committee_b, username="worker-b", name="李强")


@pytest.fixture
def street_admin_a(office_a):
    return factories.street_admin(office_a, username="street-a")


@pytest.fixture
def district_admin_a(office_a):
    """The admin of the district of both street offices (they share one)."""
    return factories.district_admin(office_a.district, username="district-a")


@pytest.fixture
def client_of(client):
    """Log the test client in as a persona: `client_of(worker_a)`."""

    def login(worker):
        client.force_login(worker.user)
        return client

    return login
