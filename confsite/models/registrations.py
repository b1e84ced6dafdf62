"""Registrations for events and sessions starred by attendees."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confsite.extensions import Model
from confsite.models.accounts import User
from confsite.models.base import TimestampMixin, UTCDateTime, enum_column, utcnow
from confsite.models.enums import RegistrationStatus, Sector
from confsite.models.events import Event, Session


class Registration(TimestampMixin, Model):
    """One person's place (or place in the queue) at an event.

    Unique per event and e-mail: registering again returns the existing row.
    The waiting list is ordered by ``waitlisted_at``.
    """

    __tablename__ = "registrations"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "email"),
        sa.Index("ix_registrations_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))  # stored lower-case
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    country: Mapped[str | None] = mapped_column(sa.String(2))
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, "sector"), default=Sector.OTHER)
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus, "registration_status"))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # SHA-256 of the secret in a guest's management link (the secret itself is only e-mailed).
    manage_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    event: Mapped[Event] = relationship()
    user: Mapped[User | None] = relationship()


class Star(Model):
    """A session an attendee marked for their own agenda."""

    __tablename__ = "stars"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[Session] = relationship()
