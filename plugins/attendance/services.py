"""The attendance plugin's writes: manual counts (views of a stream or a recording,
figures of a venue) added and deleted by the event's organisers. Views call these and
never touch the session."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from confsite.api import Event, db

from .models import ManualCount


def add_manual_count(event: Event, day: date, source: str, count: int) -> bool:
    """Record ``count`` from ``source`` on ``day``; False (nothing written) when that
    source already has a number for that day, even one added a moment ago."""
    taken = db.session.scalar(
        sa.select(ManualCount.id).where(
            ManualCount.event_id == event.id, ManualCount.day == day, ManualCount.source == source
        )
    )
    if taken is not None:
        return False
    db.session.add(ManualCount(event_id=event.id, day=day, source=source, count=count))
    try:
        db.session.commit()
    except IntegrityError:  # the same number was added at the same moment
        db.session.rollback()
        return False
    return True


def delete_manual_count(event: Event, entry_id: int) -> bool:
    """Delete one of ``event``'s manual counts; False if it has no such entry."""
    entry = db.session.get(ManualCount, entry_id)
    if entry is None or entry.event_id != event.id:
        return False
    db.session.delete(entry)
    db.session.commit()
    return True
