import datetime as dt

import pytest
from django.utils import timezone

from casework.services import case_open

from .. import factories

TZ = timezone.get_current_timezone()


@pytest.fixture
def handler_a(committee_a, line_civil, director_a):
    a = factories.worker(committee_a, name="A岗社工")
    b = factories.worker(committee_a, name="B岗社工")
    factories.posts(committee_a, line_civil, a, b)
    return a


@pytest.fixture
def open_case(committee_a, worker_a, handler_a, item_allowance):
    return case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="高龄津贴申请",
        service_item=item_allowance,
        resident_name="赵阿姨",
        resident_phone="13912345678",
        registered_at=dt.datetime(2026, 11, 23, 9, 30, tzinfo=TZ),
    )
