"""Long organiser lists shown a page at a time: the registrations, the change log.

A page costs two queries (the count of matching rows, then the page's rows with
``LIMIT``/``OFFSET``) whatever the number of rows, so a list of 5,000 registrations
answers as fast as one of 50. A page number out of range (0, -3, past the end, not a
number) shows the nearest page rather than an error: a link kept from yesterday still
works after rows were deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from confsite.extensions import db

T = TypeVar("T")
U = TypeVar("U")

PER_PAGE = 50
MAX_PAGE_DIGITS = 9  # longer numbers are clamped anyway: never parsed into huge offsets


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, the total number of matching rows and where it is."""

    items: Sequence[T]
    total: int
    number: int  # 1-based, within 1..pages
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        """The position (1-based) of the page's first item in the whole list; 0 if none."""
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * self.per_page + len(self.items)

    @property
    def numbers(self) -> list[int | None]:
        """The page numbers a pager links: the first, the last and two either side of
        this one; None marks a gap of two pages or more (shown as an ellipsis), a gap of
        one shows that page instead."""
        shown = sorted({1, self.pages, *range(max(1, self.number - 2), min(self.pages, self.number + 2) + 1)})
        out: list[int | None] = []
        previous = 0
        for n in shown:
            if previous and n - previous == 2:
                out.append(previous + 1)
            elif previous and n - previous > 2:
                out.append(None)
            out.append(n)
            previous = n
        return out

    def map(self, convert: Callable[[Sequence[T]], Sequence[U]]) -> Page[U]:
        """The same page with its items converted (all at once, so in a fixed number of queries)."""
        return Page(convert(self.items), self.total, self.number, self.per_page)


def requested_page(value: str | None) -> int:
    """The page number asked for in a query string; 1 for anything that is not one."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit():
        return 1
    return int(text[:MAX_PAGE_DIGITS]) if len(text) <= MAX_PAGE_DIGITS else 10**MAX_PAGE_DIGITS


def paginate(query: sa.Select[Any], number: int, per_page: int = PER_PAGE) -> Page[Any]:
    """Page ``number`` of the ORM ``query`` (already ordered), clamped to the pages there are."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, -(-total // per_page))
    number = min(max(number, 1), pages)
    items = list(db.session.scalars(query.limit(per_page).offset((number - 1) * per_page)))
    return Page(items, total, number, per_page)
