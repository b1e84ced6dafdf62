"""Checking and repairing the seat counter: ``events.confirmed_count`` must equal the
number of confirmed registrations.

Every path in ``confsite.services.registration`` keeps the two equal inside one
transaction; this module finds events where they drifted anyway (a manual database
edit, an old bug) and repairs them, for ``confsite check-seats [--fix]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationStatus, utcnow
from confsite.services import registration


@dataclass(frozen=True)
class SeatDrift:
    event_id: int
    slug: str
    counter: int
    confirmed_rows: int


def _confirmed_rows(event_id_column: sa.ColumnElement[int] | Mapped[int]) -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.count(Registration.id))
        .where(Registration.event_id == event_id_column, Registration.status == RegistrationStatus.CONFIRMED)
        .scalar_subquery()
    )


def seat_drift() -> list[SeatDrift]:
    """Events whose counter differs from their confirmed rows (one query)."""
    confirmed = _confirmed_rows(Event.id)
    rows = db.session.execute(
        sa.select(Event.id, Event.slug, Event.confirmed_count, confirmed)
        .where(Event.confirmed_count != confirmed)
        .order_by(Event.id)
    ).all()
    return [SeatDrift(*row) for row in rows]


def repair(drift: SeatDrift) -> list[int]:
    """Set the counter to the confirmed rows, in one statement, then give freed seats to
    the waiting list as a cancellation would. Commits; returns promoted ids."""
    db.session.execute(
        sa.update(Event)
        .where(Event.id == drift.event_id)
        .values(confirmed_count=_confirmed_rows(Event.id))
        .execution_options(synchronize_session=False)
    )
    promoted = registration.promote_waiting(drift.event_id, utcnow())
    db.session.commit()
    registration.announce_promotions(promoted)
    return promoted
