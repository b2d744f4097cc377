import pytest

from tests import factories


@pytest.fixture
def area_a(worker_a, committee_a):
    """Committee A's grid area that worker A answers for."""
    return factories.grid_area(committee_a, responsible=worker_a, name="东片区")
