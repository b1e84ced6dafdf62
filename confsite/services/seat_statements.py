"""The statements that move an event's seat counter and read its waiting list.

A seat is taken with one conditional UPDATE (``confirmed_count < capacity``), so the
database serialises concurrent registrations and never gives the last seat twice
(``services.registration`` writes the registration in the same transaction). These
statements are built once, on the tables: no ORM bookkeeping for a counter the session
does not hold.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationStatus
from confsite.models.event_notifications import SEATS
from confsite.services.transaction import ANNOUNCED_AS


def row_count(result: sa.Result[Any]) -> int:
    """Rows an UPDATE or DELETE changed (its result is a cursor result)."""
    return cast(sa.CursorResult[Any], result).rowcount


def seats_taken(change: int) -> dict[str, Any]:
    """The values of an UPDATE moving the event's seat counter by ``change``. A seat is
    not an edit of the event: ``updated_at`` stays (the ORM would move it), so the
    event's public pages stay in every worker's page cache through a registration rush
    (their key holds ``updated_at`` and whether the event is full, not the count)."""
    return {"confirmed_count": Event.confirmed_count + change, "updated_at": Event.updated_at}


_EVENTS = cast(sa.Table, Event.__table__)
_REGISTRATIONS = cast(sa.Table, Registration.__table__)


@cache
def _seat_statement(change: int) -> sa.Update:
    """The UPDATE moving an event's seat counter by ``change`` where a seat is free (+1)
    or held (-1): built once, on the table (no ORM bookkeeping for a counter it does
    not hold), ``updated_at`` kept as :func:`seats_taken` says."""
    events = _EVENTS.c
    room = sa.or_(events.capacity.is_(None), events.confirmed_count < events.capacity)
    return (
        sa.update(_EVENTS)
        .where(events.id == sa.bindparam("event_id"), room if change > 0 else events.confirmed_count > 0)
        .values(confirmed_count=events.confirmed_count + change, updated_at=events.updated_at)
        .execution_options(**{ANNOUNCED_AS: SEATS})  # workers keep the row, forget the count
    )


def take_seat(event_id: int) -> bool:
    return row_count(db.session.execute(_seat_statement(+1), {"event_id": event_id})) == 1


def give_back_seat(event_id: int) -> None:
    db.session.execute(_seat_statement(-1), {"event_id": event_id})


def queue_head(event_id: Any) -> sa.Select:
    """The id of the first person on ``event_id``'s waiting list."""
    registrations = _REGISTRATIONS.c
    return (
        sa.select(registrations.id)
        .where(registrations.event_id == event_id, registrations.status == RegistrationStatus.WAITLISTED)
        .order_by(registrations.waitlisted_at, registrations.id)
        .limit(1)
    )


@cache
def address_and_queue() -> sa.Select:
    """The id of the event's registration with an address, and the head of its waiting
    list: what a new registration needs to know first, in one round trip."""
    registrations = _REGISTRATIONS.c
    existing = sa.select(registrations.id).where(
        registrations.event_id == sa.bindparam("event_id"), registrations.email == sa.bindparam("email")
    )
    return sa.select(existing.scalar_subquery(), queue_head(sa.bindparam("event_id")).scalar_subquery())
