"""Reserving blocks of reference numbers for bulk-generated demo and benchmark rows."""

from django.db import transaction

from .models import ReferenceCounter


@transaction.atomic
def reserve_numbers(*, committee_id: int, series: str, year: int, count: int) -> int:
    """Reserve `count` consecutive numbers; returns the first one."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        committee_id=committee_id, series=series, year=year, defaults={"last": 0}
    )
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return first
