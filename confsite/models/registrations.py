"""Registrations for events and sessions starred by attendees."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from confsite.extensions import Model
from confsite.models.accounts import User
from confsite.models.base import TimestampMixin, UTCDateTime, enum_column, utcnow
from confsite.models.enums import RegistrationStatus, Sector
from confsite.models.events import Event, Session
from confsite.name_keys import name_key

SEARCH_KEY_LENGTH = 700  # name 200 + organisation 200 + e-mail 254, and the line breaks


def registration_search_key(name: str | None, organisation: str | None, email: str | None) -> str:
    """What the organisers' search looks in: the comparable keys (``confsite.name_keys``)
    of the name, organisation and e-mail, one per line. A typed search, keyed the same
    way, never holds a line break, so it matches within one of them; and since the key
    starts with the name's, ordering by it orders by name, accents and case aside."""
    # Decomposition can lengthen a name (ligatures, "㎏"): the column's length bounds it.
    return "\n".join(name_key(part) for part in (name, organisation, email))[:SEARCH_KEY_LENGTH]


def _search_key_on_insert(context: DefaultExecutionContext) -> str:
    """The key of a row being inserted, from its values (through the ORM or not)."""
    row = context.get_current_parameters()
    return registration_search_key(row.get("name"), row.get("organisation"), row.get("email"))


class Registration(TimestampMixin, Model):
    """One person's place (or place in the queue) at an event.

    Unique per event and e-mail: registering again returns the existing row.
    The waiting list is ordered by ``waitlisted_at``.
    """

    __tablename__ = "registrations"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "email"),
        sa.Index("ix_registrations_event_status", "event_id", "status"),
        # The organisers' list: one event's rows in name order, searched within the index.
        sa.Index("ix_registrations_event_search", "event_id", "search_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))  # stored lower-case
    # The language the person registered in: their e-mails use it (a guest has no account).
    language: Mapped[str | None] = mapped_column(sa.String(8))
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
    # registration_search_key(name, organisation, email): computed on insert by the
    # default, kept by ``_keep_search_key`` (and by the statements that change those
    # columns without the ORM).
    search_key: Mapped[str] = mapped_column(
        sa.String(SEARCH_KEY_LENGTH), default=_search_key_on_insert, server_default="", nullable=False
    )

    event: Mapped[Event] = relationship()
    user: Mapped[User | None] = relationship()

    @validates("name", "organisation", "email")
    def _keep_search_key(self, key: str, value: str) -> str:
        if not sa.inspect(self).has_identity:
            return value  # not inserted yet: the column default computes it, once, at the insert
        parts = {"name": self.name, "organisation": self.organisation, "email": self.email, key: value}
        self.search_key = registration_search_key(parts["name"], parts["organisation"], parts["email"])
        return value


class Star(Model):
    """A session an attendee marked for their own agenda."""

    __tablename__ = "stars"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[Session] = relationship()


class RegistrationAnswer(Model):
    """An answer to a plugin's extra question on the registration form (dietary needs,
    accessibility...). Deleted with its registration; part of the person's data export."""

    __tablename__ = "registration_answers"
    __table_args__ = (sa.UniqueConstraint("registration_id", "plugin", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    plugin: Mapped[str] = mapped_column(sa.String(100))
    key: Mapped[str] = mapped_column(sa.String(100))
    label: Mapped[str] = mapped_column(sa.String(200))  # the question as asked
    value: Mapped[str] = mapped_column(sa.Text, default="")

    registration: Mapped[Registration] = relationship(
        backref=sa.orm.backref("answers", cascade="all, delete-orphan", passive_deletes=True)
    )
