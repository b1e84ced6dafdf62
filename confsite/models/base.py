"""Shared column types and mixins for the core models (the enumerations are in ``models.enums``)."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
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


def enum_column(enum_cls: type[enum.Enum], name: str, **kwargs: Any) -> sa.Enum:
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


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
