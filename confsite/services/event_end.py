"""The ``EventEnded`` lifecycle event: fired once per event, after the event ended.

Called periodically (``confsite tick``, or the job queue every five minutes): whichever caller runs
first and however often, each event is announced once, because the marker row
(``EventEnding``) is committed before plugins hear of it and its primary key refuses a
second one.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from confsite import jobs
from confsite.extensions import db
from confsite.lifecycle import EventEnded
from confsite.models import Event, EventEnding, EventStatus, utcnow
from confsite.plugins import notify


def ended_events_not_announced(now: datetime) -> list[Event]:
    """Published events that ended before ``now`` and whose end was not announced."""
    announced = sa.select(EventEnding.event_id)
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(
                Event.status == EventStatus.PUBLISHED,
                Event.end_at <= now,
                Event.id.not_in(announced),
            )
            .order_by(Event.end_at, Event.id)
        )
    )


def fire_ended_events(now: datetime | None = None) -> list[Event]:
    """Announce ``EventEnded`` for each event that ended and was not announced yet;
    returns those events. Idempotent: a second call (or a concurrent one) fires
    nothing for the same events."""
    now = now or utcnow()
    fired = []
    for event in ended_events_not_announced(now):
        db.session.add(EventEnding(event_id=event.id, announced_at=now))
        try:
            db.session.commit()
        except IntegrityError:  # another worker announced it a moment ago
            db.session.rollback()
            continue
        notify(EventEnded(event))
        fired.append(event)
    return fired


@jobs.periodic(minute="*/5")
def announce_ended_events(now: str | None = None) -> None:
    """The scheduled caller of ``fire_ended_events`` (every five minutes)."""
    fire_ended_events(datetime.fromisoformat(now) if now else None)
