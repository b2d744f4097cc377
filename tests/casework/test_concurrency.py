"""Two workers acting on the same case at once, on PostgreSQL with real row locks."""

import threading

import pytest
from django.db import connection

from casework import services
from casework.choices import CaseStatus
from casework.models import Case

from .. import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions: PostgreSQL"),
]


def race(*actions):
    """Run the actions at the same moment in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def case(committee_a, worker_a, line_civil, director_a):
    handler = factories.worker(committee_a, name="承办人")
    factories.posts(committee_a, line_civil, handler, worker_a)
    return services.case_open(committee=committee_a, first_responder=worker_a, title="并发测试", line=line_civil)


def test_one_of_two_simultaneous_resolutions_wins(case, worker_a):
    other = case.handler
    version = case.version
    results = race(
        lambda: services.case_resolve(case=case, by=worker_a, resolution="甲的结果", expected_version=version),
        lambda: services.case_resolve(case=case, by=other, resolution="乙的结果", expected_version=version),
    )
    winners = [r for r in results if isinstance(r, Case)]
    losers = [r for r in results if isinstance(r, services.CaseConflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert case.resolution == winners[0].resolution
    assert case.version == version + 1


def test_a_hand_on_and_a_resolution_at_once_do_not_both_apply(case, worker_a, committee_a):
    colleague = factories.worker(committee_a, name="同事")
    version = case.version
    results = race(
        lambda: services.case_hand_on(
            case=case, by=worker_a, to=colleague, reason="转住房条线", expected_version=version
        ),
        lambda: services.case_resolve(case=case, by=case.handler, resolution="已办", expected_version=version),
    )
    assert sum(isinstance(r, services.CaseConflict) for r in results) == 1, results
    case.refresh_from_db()
    assert case.version == version + 1
    assert case.events.count() == 3  # opened, routed, and exactly one of the two acts
