"""Tables of the take-home-messages plugin.

Messages belong to a session and optionally to one of its talks (and so to the talk's
speakers); ``position`` orders them within that talk (or within the session-level
group). Bodies are stored already sanitised (see :mod:`.formatting`) and sanitised
again whenever they are shown.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confsite.api import (
    Event,
    Model,
    Session,
    Talk,
    TimestampMixin,
    User,
    UTCDateTime,
    announce_changes,
    enum_column,
    utcnow,
)

from .formatting import plain_text, sanitise

#: Longest statement, counted in visible characters (formatting tags not counted).
MAX_LENGTH = 280
#: Longest raw input accepted (markup included), so links cannot bloat a row.
MAX_RAW_LENGTH = 2000


class MessageStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


class SuggestionStatus(str, enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class TakeHomeMessage(TimestampMixin, Model):
    """One short statement captured during a session."""

    __tablename__ = "take_home_messages"
    __table_args__ = (sa.Index("ix_take_home_messages_group", "session_id", "talk_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"))
    talk_id: Mapped[int | None] = mapped_column(sa.ForeignKey("talks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[MessageStatus] = mapped_column(
        enum_column(MessageStatus, "take_home_message_status"), default=MessageStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # Sent with the capture form: a re-submitted form finds its message instead of
    # creating a second one.
    idempotency_key: Mapped[str] = mapped_column(sa.String(64), unique=True)

    event: Mapped[Event] = relationship()
    session: Mapped[Session] = relationship()
    talk: Mapped[Talk | None] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def html(self) -> Markup:
        return Markup(sanitise(self.body))

    @property
    def text(self) -> str:
        return plain_text(self.body)

    @property
    def is_published(self) -> bool:
        return self.status == MessageStatus.PUBLISHED


class TakeHomeOutcome(TimestampMixin, Model):
    """The main outcomes of an event: a few paragraphs and a list of key points."""

    __tablename__ = "take_home_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    key_points: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[MessageStatus] = mapped_column(
        enum_column(MessageStatus, "take_home_outcome_status"), default=MessageStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()

    @property
    def paragraphs_html(self) -> list[Markup]:
        return [Markup(sanitise(p)) for p in self.text.split("\n\n") if p.strip()]

    @property
    def paragraphs_text(self) -> list[str]:
        return [plain_text(p) for p in self.text.split("\n\n") if p.strip()]

    @property
    def key_points_html(self) -> list[Markup]:
        return [Markup(sanitise(p)) for p in self.key_points or []]

    @property
    def is_published(self) -> bool:
        return self.status == MessageStatus.PUBLISHED


class TakeHomeHistory(Model):
    """Who wrote or changed what and when (kept after a message is deleted)."""

    __tablename__ = "take_home_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sessions.id", ondelete="SET NULL"))
    message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("take_home_messages.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(32))
    body: Mapped[str] = mapped_column(sa.Text, default="")  # the text after the change
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    user_name: Mapped[str] = mapped_column(sa.String(254), default="")  # survives the account
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    session: Mapped[Session | None] = relationship()

    @property
    def html(self) -> Markup:
        return Markup(sanitise(self.body))


class TakeHomeSuggestion(TimestampMixin, Model):
    """A message proposed by a signed-in attendee, waiting for a rapporteur."""

    __tablename__ = "take_home_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"))
    talk_id: Mapped[int | None] = mapped_column(sa.ForeignKey("talks.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[SuggestionStatus] = mapped_column(
        enum_column(SuggestionStatus, "take_home_suggestion_status"),
        default=SuggestionStatus.PENDING,
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("take_home_messages.id", ondelete="SET NULL")
    )
    idempotency_key: Mapped[str] = mapped_column(sa.String(64), unique=True)

    session: Mapped[Session] = relationship()
    talk: Mapped[Talk | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    @property
    def html(self) -> Markup:
        return Markup(sanitise(self.body))

    @property
    def text(self) -> str:
        return plain_text(self.body)


# What public pages show of these (the panels) is kept in each worker while they are
# unchanged: PostgreSQL announces their changes (migration 0003_take_home).
PANEL_TABLES = (TakeHomeMessage.__tablename__, TakeHomeOutcome.__tablename__)
announce_changes(TakeHomeMessage)
announce_changes(TakeHomeOutcome)
