"""Shared column types, enumerations and mixins for the core models."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import gettext, lazy_gettext
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the only kind of datetime we store)."""
    return datetime.now(UTC)


def new_uid() -> str:
    """A random, stable identifier (iCal UIDs, export ids): never derived from row ids."""
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator):
    """Store instants as naive UTC on every backend; hand them back timezone-aware.

    SQLite has no time zones and PostgreSQL's ``timestamptz`` converts to the session
    zone: storing naive UTC behaves the same on both. Naive input is taken as UTC.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class LabelledEnum(str, enum.Enum):
    """A string enum whose members carry a human label for forms and pages."""

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label  # type: ignore[attr-defined]
        return obj

    def __str__(self) -> str:
        return self.value

    @property
    def translated_label(self) -> str:
        """The label in the page's language (labels are extracted by confsite.catalogues)."""
        return gettext(self.label)  # type: ignore[attr-defined]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for select boxes; the label is translated when shown."""
        return [(m.value, lazy_gettext(m.label)) for m in cls]  # type: ignore[attr-defined]


def enum_column(enum_cls: type[enum.Enum], name: str, **kwargs) -> sa.Enum:
    """A portable enum column: VARCHAR plus a named CHECK constraint (no native PG enum),
    so adding a member later is a plain constraint change in a migration."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
        **kwargs,
    )


class EventKind(LabelledEnum):
    CONFERENCE = "conference", "Conference"
    WORKSHOP = "workshop", "Workshop"
    MEETING = "meeting", "Meeting"
    WEBINAR = "webinar", "Webinar"
    TRAINING = "training", "Training"
    DISSEMINATION = "dissemination", "Dissemination activity"
    CAPACITY_BUILDING = "capacity_building", "Capacity-building session"


class EventFormat(LabelledEnum):
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"
    IN_PERSON = "in_person", "In person"


class EventStatus(LabelledEnum):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class SessionKind(LabelledEnum):
    OPENING = "opening", "Opening"
    KEYNOTE = "keynote", "Keynote"
    TALKS = "talks", "Talks"
    PANEL = "panel", "Panel"
    BREAK = "break", "Break"
    VISIT = "visit", "Visit"
    CO_CREATION = "co_creation", "Co-creation"
    CLOSING = "closing", "Closing"
    OTHER = "other", "Other"


class SessionStatus(LabelledEnum):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Sector(LabelledEnum):
    ACADEMIA = "academia", "Academia and research"
    INDUSTRY = "industry", "Industry"
    PUBLIC_AUTHORITY = "public_authority", "Public authority"
    HEALTHCARE_PROVIDER = "healthcare_provider", "Healthcare provider"
    CLUSTER_AGENCY = "cluster_agency", "Cluster or agency"
    OTHER = "other", "Other"


class RegistrationStatus(LabelledEnum):
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class RoleName(LabelledEnum):
    ORGANISER = "organiser", "Organiser"
    CHAIR = "chair", "Chair"
    RAPPORTEUR = "rapporteur", "Rapporteur"
    PARTNER = "partner", "Partner"


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
