"""What the public REST API keeps: personal tokens, webhook subscriptions and their
deliveries, and the per-token request counters behind its rate limit."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confsite.extensions import Model
from confsite.models.accounts import User
from confsite.models.base import UTCDateTime, utcnow
from confsite.models.events import Event, Series


class ApiToken(Model):
    """A personal API token. Only the SHA-256 of the secret is stored (it is shown once);
    ``prefix`` (its first characters) lets its owner recognise it in the list."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        sa.CheckConstraint("scope IN ('read', 'write')", name="scope_known"),
        sa.CheckConstraint("event_id IS NULL OR series_id IS NULL", name="one_restriction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(16))
    scope: Mapped[str] = mapped_column(sa.String(8), default="read")
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    event: Mapped[Event | None] = relationship()
    series: Mapped[Series | None] = relationship()

    @property
    def can_write(self) -> bool:
        return self.scope == "write"


class Webhook(Model):
    """An organiser's subscription of a URL to some lifecycle topics of one event."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(sa.String(500))
    topics: Mapped[str] = mapped_column(sa.String(500))  # comma-separated topic names
    secret: Mapped[str] = mapped_column(sa.String(64))  # HMAC key, shown to the organiser
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    deliveries: Mapped[list[WebhookDelivery]] = relationship(
        back_populates="webhook", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def topic_list(self) -> list[str]:
        return [t for t in self.topics.split(",") if t]


class WebhookDelivery(Model):
    """One message to one webhook: its payload, attempts and the last response."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(sa.ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[str] = mapped_column(sa.Text)  # the exact JSON body that is signed
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")  # pending/delivered/failed
    attempts: Mapped[int] = mapped_column(default=0)
    response_code: Mapped[int | None] = mapped_column(sa.Integer)
    response_excerpt: Mapped[str] = mapped_column(sa.String(500), default="")
    error: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    webhook: Mapped[Webhook] = relationship(back_populates="deliveries")


class RateCounter(Model):
    """Formerly the API's request counter. Nothing writes it any more: the API counts in
    ``confsite.limits`` (``rate_limit_counters`` or Redis); a migration may drop it."""

    __tablename__ = "rate_counters"
    __table_args__ = (sa.UniqueConstraint("key", "window_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(120))
    window_start: Mapped[int] = mapped_column(sa.BigInteger, index=True)  # epoch seconds
    count: Mapped[int] = mapped_column(default=0)
