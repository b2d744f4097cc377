"""Paging long lists without counting every row.

A street admin's ledger holds a million visits; counting them all for "共 N 条" and a last
page number costs seconds, and nobody reads page 20,000. `CappedPaginator` counts at
most `cap` rows (one `COUNT(*)` over a `LIMIT` subquery, so the database stops early) and
pages through those; past the cap the page says so and asks for a narrower filter."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or COUNT_CAP

    @cached_property
    def counted(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        """The number of rows, or `cap` when there are more (see `capped`)."""
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        """True when the list holds more rows than were counted (and can be paged to)."""
        return self.counted > self.cap
