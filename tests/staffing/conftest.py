import pytest

from committee.roles import Role

from .. import factories


@pytest.fixture
def team_a(committee_a, director_a, worker_a):
    """Committee A with its shift templates and ten more desk workers."""
    factories.shifts(committee_a)
    others = [factories.worker(committee_a, name=f"同事{i}") for i in range(1, 11)]
    return [director_a, worker_a, *others]


@pytest.fixture
def colleague_a(committee_a):
    return factories.worker(committee_a, role=Role.RECEPTION, username="colleague-a", name="刘芳")
