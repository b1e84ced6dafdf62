"""The outbox: one row per e-mail, so a retried delivery job never sends twice."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from confsite.extensions import db
from confsite.models.base import UTCDateTime, enum_column, utcnow
from confsite.models.enums import OutboxStatus


class OutboxMessage(db.Model):
    """An e-mail composed and waiting for (or done with) delivery.

    ``key`` makes a message unique (a reminder per registration and start time, say):
    composing it twice queues it once. ``batch`` groups the messages of one send-out
    (an organiser's message, a change notice) for progress and logs.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    batch: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(400))
    raw: Mapped[bytes] = mapped_column(sa.LargeBinary)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, "outbox_status"), default=OutboxStatus.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
