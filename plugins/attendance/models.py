"""The plugin's tables: anonymous per-day view counters and manual counts.

Nothing here can hold a person: counters are (page, day) -> number, and a manual count
is (event, day, source label) -> number typed by an organiser.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from confsite.api import Model, UTCDateTime, utcnow


class EventPageViews(Model):
    """Views of an event's public page on one day (in the event's time zone)."""

    __tablename__ = "attendance_event_page_views"
    __table_args__ = (sa.CheckConstraint("views >= 0", name="views_not_negative"),)

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    views: Mapped[int] = mapped_column(sa.Integer, default=0)


class SessionPageViews(Model):
    """Views of one session's public page on one day. ``event_id`` is repeated so an
    event's figures aggregate without joining sessions."""

    __tablename__ = "attendance_session_page_views"
    __table_args__ = (
        sa.CheckConstraint("views >= 0", name="views_not_negative"),
        # Covering indexes for an event's views per day and per session page: the
        # figures read only these, never the table (100,000 counters in tens of ms).
        sa.Index("ix_attendance_session_page_views_by_day", "event_id", "day", "views"),
        sa.Index("ix_attendance_session_page_views_by_session", "event_id", "session_id", "views"),
    )

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    views: Mapped[int] = mapped_column(sa.Integer, default=0)


class ManualCount(Model):
    """A number from elsewhere for one day: views reported by a streaming platform,
    an on-site head count. Kept apart from counted page views."""

    __tablename__ = "attendance_manual_counts"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "day", "source"),
        sa.CheckConstraint("count >= 0", name="count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(sa.Date)
    source: Mapped[str] = mapped_column(sa.String(120))
    count: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
