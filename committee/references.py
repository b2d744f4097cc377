"""Gapless reference numbers per committee, series and year (e.g. QY03-2026-00042)."""

from django.db import connection, transaction

from .models import ReferenceCounter


def next_number(*, committee_id: int, series: str, year: int) -> int:
    """The next number of the series. Must run inside the transaction that uses it: the
    upsert locks the counter row until commit, so concurrent callers queue up and a
    rollback returns the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must be called inside transaction.atomic()")
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (committee_id, series, year, last) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (committee_id, series, year) DO UPDATE SET last = {table}.last + 1 "
            f"RETURNING last",
            [committee_id, series, year],
        )
        return cursor.fetchone()[0]
