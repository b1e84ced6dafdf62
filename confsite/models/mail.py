"""The outbox: one row per e-mail, so a retried delivery job never sends twice."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confsite.extensions import Model
from confsite.models.accounts import User
from confsite.models.base import UTCDateTime, enum_column, utcnow
from confsite.models.enums import Audience, OutboxStatus


class OutboxMessage(Model):
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


class Mailing(Model):
    """An organiser's message to a group of an event's people: one e-mail per
    recipient (addresses never visible to each other), grouped by ``batch``."""

    __tablename__ = "mailings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    audience: Mapped[Audience] = mapped_column(enum_column(Audience, "mailing_audience"))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)  # Markdown
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipient_count: Mapped[int] = mapped_column(default=0)
    # Set once the job has queued every recipient's message.
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sent_by: Mapped[User | None] = relationship()

    @property
    def batch(self) -> str:
        return f"mailing:{self.id}"
