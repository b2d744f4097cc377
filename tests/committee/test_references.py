import threading

import pytest
from django.db import connection, transaction

from committee.models import ReferenceCounter
from committee.services import next_number

from .. import factories


@pytest.mark.django_db
def test_numbers_follow_on_per_series_and_year(committee_a):
    with transaction.atomic():
        assert [next_number(committee_id=committee_a.pk, series="case", year=2026) for _ in range(3)] == [1, 2, 3]
        assert next_number(committee_id=committee_a.pk, series="visit", year=2026) == 1
        assert next_number(committee_id=committee_a.pk, series="case", year=2027) == 1


@pytest.mark.django_db
def test_a_rolled_back_write_gives_its_number_back(committee_a):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            next_number(committee_id=committee_a.pk, series="case", year=2026)
            raise RuntimeError("the case failed validation")
    with transaction.atomic():
        assert next_number(committee_id=committee_a.pk, series="case", year=2026) == 1


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_run_outside_a_transaction():
    committee = factories.committee()
    with pytest.raises(RuntimeError):
        next_number(committee_id=committee.pk, series="case", year=2026)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL")
def test_concurrent_writers_get_distinct_numbers_without_gaps():
    committee = factories.committee()
    results, errors = [], []
    barrier = threading.Barrier(8)

    def allocate():
        try:
            barrier.wait()
            for _ in range(10):
                with transaction.atomic():
                    results.append(next_number(committee_id=committee.pk, series="case", year=2026))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == list(range(1, 81))
    assert ReferenceCounter.objects.get(committee=committee, series="case", year=2026).last == 80
