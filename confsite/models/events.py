"""Series, events, rooms, sessions and talks: the programme."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from confsite.extensions import Model
from confsite.models import event_notifications
from confsite.models.base import TimestampMixin, UTCDateTime, enum_column, new_uid, utcnow
from confsite.models.enums import EventFormat, EventKind, EventStatus, SessionKind, SessionStatus
from confsite.models.people import Organisation, Person
from confsite.timezones import timezone_problem


class Series(TimestampMixin, Model):
    """A programme or partnership that runs many events and reports across them."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Branding its events inherit unless they have their own (services/branding.py):
    # stored image names (services/images.py) and a "#rrggbb" accent colour.
    logo: Mapped[str | None] = mapped_column(sa.String(80))
    banner: Mapped[str | None] = mapped_column(sa.String(80))
    accent_colour: Mapped[str | None] = mapped_column(sa.String(7))

    events: Mapped[list[Event]] = relationship(back_populates="series", order_by="Event.start_at")

    def __repr__(self) -> str:
        return f"<Series {self.slug}>"


class Event(TimestampMixin, Model):
    """A conference, workshop, meeting, webinar, training or dissemination activity."""

    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("end_at > start_at", name="end_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        sa.CheckConstraint("confirmed_count >= 0", name="confirmed_not_negative"),
        sa.CheckConstraint(
            "registration_closes IS NULL OR registration_opens IS NULL "
            "OR registration_closes > registration_opens",
            name="registration_window_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="SET NULL"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "event_kind"))
    format: Mapped[EventFormat] = mapped_column(enum_column(EventFormat, "event_format"))
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, "event_status"), default=EventStatus.DRAFT, index=True
    )
    start_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")  # IANA name
    # The language of this event's reports (headings, dates); None: English.
    report_language: Mapped[str | None] = mapped_column(sa.String(8))
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    # Hold the join link back until this many minutes before the start (None: never held).
    join_release_minutes: Mapped[int | None] = mapped_column(sa.Integer)
    # When the "joining details" e-mail went out for a held-back link.
    join_details_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Reminder e-mail this many hours before the start (0: no reminder).
    reminder_hours: Mapped[int] = mapped_column(sa.Integer, default=24, server_default="24")
    # iCal SEQUENCE of the event's own entry (shown while it has no sessions): bumped
    # when its time, place, title or status changes (services.changes).
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    # Change notices to registrants: the last change asking for one, and the change
    # covered by the last notice sent (services.change_notices).
    notice_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notice_sent_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    host_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL")
    )
    description: Mapped[str] = mapped_column(sa.Text, default="")
    capacity: Mapped[int | None] = mapped_column(sa.Integer)  # None = unlimited
    # Seats taken, maintained with a conditional UPDATE so capacity holds under concurrency.
    confirmed_count: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    registration_opens: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Last change to anything shown of this event (programme, people, status): the
    # validator behind ETags and Last-Modified of pages and feeds.
    content_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Own branding; None: the series' (services/branding.py).
    logo: Mapped[str | None] = mapped_column(sa.String(80))
    banner: Mapped[str | None] = mapped_column(sa.String(80))
    accent_colour: Mapped[str | None] = mapped_column(sa.String(7))

    series: Mapped[Series | None] = relationship(back_populates="events")
    host: Mapped[Organisation | None] = relationship()
    rooms: Mapped[list[Room]] = relationship(
        back_populates="event", order_by="Room.position", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[Session]] = relationship(
        back_populates="event",
        order_by="(Session.start_at, Session.position)",
        cascade="all, delete-orphan",
    )

    @validates("timezone")
    def _check_timezone(self, _key: str, value: str) -> str:
        problem = timezone_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def local(self, instant: datetime) -> datetime:
        """An instant in the event's own time zone."""
        return instant.astimezone(self.tz)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Room(Model):
    """A room, stream or track in which sessions run."""

    __tablename__ = "rooms"
    __table_args__ = (sa.UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="rooms")


session_chairs = sa.Table(
    "session_chairs",
    Model.metadata,
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("person_id", sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False, default=0),
    # The primary key serves "chairs of a session"; this serves "sessions a person chairs"
    # (speaker pages, people's merges and erasure).
    sa.Index("ix_session_chairs_person_id", "person_id"),
)


class Session(TimestampMixin, Model):
    """A block of the programme: a panel, a set of talks, a break, a visit."""

    __tablename__ = "sessions"
    __table_args__ = (sa.CheckConstraint("end_at > start_at", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_uid)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[SessionKind] = mapped_column(
        enum_column(SessionKind, "session_kind"), default=SessionKind.TALKS
    )
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus, "session_status"), default=SessionStatus.SCHEDULED
    )
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rooms.id", ondelete="SET NULL"), index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # iCal SEQUENCE: bumped whenever time, place, title or status changes (services.changes).
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    event: Mapped[Event] = relationship(back_populates="sessions")
    room: Mapped[Room | None] = relationship()
    chairs: Mapped[list[Person]] = relationship(secondary=session_chairs, order_by=session_chairs.c.position)
    talks: Mapped[list[Talk]] = relationship(
        back_populates="session", order_by="Talk.position", cascade="all, delete-orphan"
    )

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def __repr__(self) -> str:
        return f"<Session {self.id} {self.title!r}>"


class Talk(TimestampMixin, Model):
    """A contribution within a session, given by one or more speakers in order."""

    __tablename__ = "talks"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_uid)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # Its own start within the session, when the programme gives one (None: not timed).
    start_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    session: Mapped[Session] = relationship(back_populates="talks")
    speaker_links: Mapped[list[TalkSpeaker]] = relationship(
        back_populates="talk", order_by="TalkSpeaker.position", cascade="all, delete-orphan"
    )

    @property
    def speakers(self) -> list[Person]:
        return [link.person for link in self.speaker_links]


class TalkSpeaker(Model):
    """Ordered link between a talk and its speakers.

    A person cannot be deleted while they still speak (RESTRICT): remove them from
    the programme first, so no talk silently loses its speaker.
    """

    __tablename__ = "talk_speakers"

    talk_id: Mapped[int] = mapped_column(sa.ForeignKey("talks.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("people.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    talk: Mapped[Talk] = relationship(back_populates="speaker_links")
    person: Mapped[Person] = relationship()


event_notifications.announce_changes(Event)
event_notifications.announce_seats_apart(Event)
# An event's pages show its series (title, branding): kept in memory beside the event row.
event_notifications.announce_changes(Series)
