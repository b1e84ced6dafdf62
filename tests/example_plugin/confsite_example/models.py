"""The plugin's own table: ``example_happenings`` (tables are named ``<plugin>_...``)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from confsite import api
from confsite.api import db

KIND_LABELS = {
    "registration_created": "Registrations",
    "registration_cancelled": "Cancellations",
    "registration_promoted": "Promotions from the waiting list",
    "checked_in": "Check-ins",
    "event_published": "Publications",
    "session_changed": "Session changes",
}

_KINDS = {
    api.RegistrationCreated: "registration_created",
    api.RegistrationCancelled: "registration_cancelled",
    api.RegistrationPromoted: "registration_promoted",
    api.CheckedIn: "checked_in",
    api.EventPublished: "event_published",
    api.SessionChanged: "session_changed",
}


class Happening(db.Model):
    __tablename__ = "example_happenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    at: Mapped[datetime] = mapped_column(api.UTCDateTime, default=api.utcnow)

    @classmethod
    def of_event(cls, event: api.Event) -> list[Happening]:
        return list(
            db.session.scalars(sa.select(cls).where(cls.event_id == event.id).order_by(cls.at, cls.id))
        )


def record(happening: api.LifecycleEvent) -> None:
    """Store one lifecycle event. Hooks run after the core committed, so we commit our
    own row; an undone check-in is not counted."""
    if isinstance(happening, api.CheckedIn) and happening.undone:
        return
    kind = _KINDS.get(type(happening))
    if kind is None:  # a kind of happening newer than this plugin
        return
    db.session.add(Happening(event_id=api.event_of(happening).id, kind=kind))
    db.session.commit()


def activity_counts(events: list[api.Event]) -> list[tuple[str, int]]:
    """(kind, number) pairs over ``events``, in KIND_LABELS order (one query)."""
    if not events:
        return []
    rows = db.session.execute(
        sa.select(Happening.kind, sa.func.count())
        .where(Happening.event_id.in_([e.id for e in events]))
        .group_by(Happening.kind)
    ).all()
    found = dict(rows)
    return [(kind, found[kind]) for kind in KIND_LABELS if kind in found]
