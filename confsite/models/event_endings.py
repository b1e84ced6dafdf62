"""When an event's end was announced to plugins (the ``EventEnded`` lifecycle event)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from confsite.extensions import Model
from confsite.models.base import UTCDateTime, utcnow


class EventEnding(Model):
    """One row per event whose end was announced: the marker that makes
    ``fire_ended_events`` fire once per event, whoever calls it and how often."""

    __tablename__ = "event_endings"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
