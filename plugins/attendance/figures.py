"""The attendance figures of one event or of several (a series over a date range).

Every figure comes from SQL aggregates: :func:`collect_figures` runs the same fixed
number of queries whatever the number of registrations or view counters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from itertools import accumulate

import sqlalchemy as sa
from confsite_plugins.attendance.models import ManualCount
from confsite_plugins.attendance.view_sums import view_sums

from confsite.api import (
    Event,
    Registration,
    RegistrationStatus,
    Sector,
    Session,
    SessionKind,
    SessionStatus,
    Talk,
    TalkSpeaker,
    country_name,
    db,
)

CONFIRMED = RegistrationStatus.CONFIRMED


@dataclass(frozen=True)
class ManualEntry:
    id: int
    event_id: int
    day: date
    source: str
    count: int


@dataclass(frozen=True)
class EventRow:
    """One event's headline numbers, for series tables."""

    event_id: int
    confirmed: int = 0
    countries: int = 0
    speakers: int = 0
    page_views: int = 0
    manual_views: int = 0


@dataclass
class AttendanceFigures:
    """Everything the dashboard, the card, the CSV and the report show."""

    confirmed: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    checked_in: int = 0
    speakers: int = 0
    sessions: int = 0
    by_country: list[tuple[str, int]] = field(default_factory=list)  # (ISO code or "", n)
    by_sector: list[tuple[Sector, int]] = field(default_factory=list)
    confirmed_per_day: list[tuple[date, int]] = field(default_factory=list)
    page_views_per_day: list[tuple[date, int, int]] = field(default_factory=list)  # day, event page, sessions
    views_by_page: list[tuple[str, int]] = field(default_factory=list)
    manual: list[ManualEntry] = field(default_factory=list)
    per_event: dict[int, EventRow] = field(default_factory=dict)

    @property
    def countries(self) -> int:
        """Countries represented among confirmed attendees (unknown ones not counted)."""
        return sum(1 for code, _n in self.by_country if code)

    @property
    def attendance_rate(self) -> float | None:
        return self.checked_in / self.confirmed if self.confirmed else None

    @property
    def cumulative_confirmed(self) -> list[tuple[date, int]]:
        days = [d for d, _n in self.confirmed_per_day]
        return list(zip(days, accumulate(n for _d, n in self.confirmed_per_day), strict=True))

    @property
    def page_views(self) -> int:
        return sum(e + s for _d, e, s in self.page_views_per_day)

    @property
    def manual_total(self) -> int:
        return sum(m.count for m in self.manual)

    @property
    def manual_sources(self) -> list[str]:
        return sorted({m.source for m in self.manual})

    def manual_on(self, day: date, source: str) -> int:
        return sum(m.count for m in self.manual if m.day == day and m.source == source)

    @property
    def view_days(self) -> list[date]:
        """Every day with counted or manual views, in order."""
        return sorted({d for d, _e, _s in self.page_views_per_day} | {m.day for m in self.manual})

    def page_views_on(self, day: date) -> int:
        return self._views_by_day.get(day, 0)

    @cached_property
    def _views_by_day(self) -> dict[date, int]:
        """Views per day, looked up for every day of a chart (read once the figures are collected)."""
        return {d: e + s for d, e, s in self.page_views_per_day}


def collect_figures(events: Sequence[Event]) -> AttendanceFigures:
    """Aggregate the figures of ``events`` (ten queries, whatever their size; seven
    while this worker keeps the sums of their view counters, :mod:`view_sums`)."""
    figures = AttendanceFigures()
    ids = [e.id for e in events]
    if not ids:
        return figures
    rows: dict[int, dict[str, int]] = {i: {} for i in ids}
    _registration_totals(figures, ids, rows)
    figures.by_country = _breakdown(Registration.country, ids)
    figures.by_sector = [(Sector(s), n) for s, n in _breakdown(Registration.sector, ids)]
    figures.confirmed_per_day = _confirmed_per_day(events)
    sessions = _sessions(ids)
    _programme(figures, ids, rows, sessions)
    _page_views(figures, events, rows, sessions)
    figures.manual = manual_entries(ids)
    for entry in figures.manual:
        rows[entry.event_id]["manual_views"] = rows[entry.event_id].get("manual_views", 0) + entry.count
    figures.per_event = {i: EventRow(i, **values) for i, values in rows.items()}
    return figures


def _registration_totals(figures: AttendanceFigures, ids: list[int], rows: dict) -> None:
    status = Registration.status
    confirmed = status == CONFIRMED

    def count_if(condition):
        return sa.func.count(sa.case((condition, 1)))

    result = db.session.execute(
        sa.select(
            Registration.event_id,
            count_if(confirmed),
            count_if(status == RegistrationStatus.WAITLISTED),
            count_if(status == RegistrationStatus.CANCELLED),
            count_if(sa.and_(confirmed, Registration.checked_in_at.is_not(None))),
            sa.func.count(sa.distinct(sa.case((confirmed, Registration.country)))),
        )
        .where(Registration.event_id.in_(ids))
        .group_by(Registration.event_id)
    ).all()
    for event_id, n_confirmed, waitlisted, cancelled, checked_in, countries in result:
        figures.confirmed += n_confirmed
        figures.waitlisted += waitlisted
        figures.cancelled += cancelled
        figures.checked_in += checked_in
        rows[event_id].update(confirmed=n_confirmed, countries=countries)


def _breakdown(column: sa.ColumnElement, ids: list[int]) -> list[tuple]:
    """Confirmed registrations per value of ``column``, most frequent first."""
    n = sa.func.count()
    result = db.session.execute(
        sa.select(column, n)
        .where(Registration.event_id.in_(ids), Registration.status == CONFIRMED)
        .group_by(column)
    ).all()
    return sorted(((value or "", count) for value, count in result), key=lambda r: (-r[1], str(r[0])))


def _local_day(column: sa.ColumnElement, offset_minutes: int) -> sa.ColumnElement:
    """The calendar day of a UTC timestamp shifted by a fixed offset, in SQL."""
    if db.engine.dialect.name == "postgresql":
        shifted = sa.type_coerce(column, sa.DateTime) + sa.literal_column(
            f"interval '{int(offset_minutes)} minutes'", sa.Interval
        )
        return sa.cast(shifted, sa.Date)
    return sa.func.date(column, f"{int(offset_minutes):+d} minutes")


def _confirmed_per_day(events: Sequence[Event]) -> list[tuple[date, int]]:
    """New confirmed registrations per day (of confirmation), in the first event's zone.

    The zone's offset at the event's start is used for the whole period: a
    registration made within an hour of midnight across a daylight-saving change
    may land on the neighbouring day.
    """
    first = min(events, key=lambda e: e.start_at)
    offset = first.local(first.start_at).utcoffset() or timedelta(0)
    moment = sa.func.coalesce(Registration.confirmed_at, Registration.created_at)
    day = _local_day(moment, int(offset.total_seconds() // 60)).label("day")
    result = db.session.execute(
        sa.select(day, sa.func.count())
        .where(Registration.event_id.in_([e.id for e in events]), Registration.status == CONFIRMED)
        .group_by(day)
        .order_by(day)
    ).all()
    return [(_as_date(d), n) for d, n in result if d is not None]


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _programme(figures: AttendanceFigures, ids: list[int], rows: dict, sessions: Sequence[sa.Row]) -> None:
    """Speakers (distinct people giving talks) and sessions (not breaks, not cancelled)."""
    speaker_pairs = (
        sa.select(Session.event_id.label("event_id"), TalkSpeaker.person_id.label("person_id"))
        .join(Talk, Talk.id == TalkSpeaker.talk_id)
        .join(Session, Session.id == Talk.session_id)
        .where(Session.event_id.in_(ids))
        .subquery()
    )
    per_event = db.session.execute(
        sa.select(speaker_pairs.c.event_id, sa.func.count(sa.distinct(speaker_pairs.c.person_id)))
        .group_by(speaker_pairs.c.event_id)
        .union_all(
            sa.select(sa.literal(None, sa.Integer), sa.func.count(sa.distinct(speaker_pairs.c.person_id)))
        )
    ).all()
    for event_id, count in per_event:
        if event_id is None:
            figures.speakers = count
        else:
            rows[event_id]["speakers"] = count
    figures.sessions = sum(
        1 for s in sessions if s.status == SessionStatus.SCHEDULED and s.kind != SessionKind.BREAK
    )


def _sessions(ids: list[int]) -> Sequence[sa.Row]:
    """The events' sessions in programme order: what the figures count and title."""
    return db.session.execute(
        sa.select(Session.id, Session.event_id, Session.title, Session.start_at, Session.status, Session.kind)
        .where(Session.event_id.in_(ids))
        .order_by(Session.start_at, Session.id)
    ).all()


def _page_views(
    figures: AttendanceFigures, events: Sequence[Event], rows: dict, sessions: Sequence[sa.Row]
) -> None:
    """Counted views per day (event page and session pages apart) and per session page,
    from the counters' sums (:mod:`view_sums`) and the sessions' titles of now."""
    ids = [e.id for e in events]
    sums = view_sums(ids)
    per_day: dict[date, list[int]] = {}
    for event_id, day, event_views, session_views in sums.per_day:
        totals = per_day.setdefault(day, [0, 0])
        totals[0] += event_views
        totals[1] += session_views
        rows[event_id]["page_views"] = rows[event_id].get("page_views", 0) + event_views + session_views
    figures.page_views_per_day = [(d, e, s) for d, (e, s) in sorted(per_day.items())]
    zones = {e.id: e for e in events}
    event_total = sum(e for _d, e, _s in figures.page_views_per_day)
    figures.views_by_page = [("Event page" if len(events) == 1 else "Event pages", event_total)] + [
        (f"{title} ({zones[event_id].local(start):%-d %b %H:%M})", sums.per_session[session_id])
        for session_id, event_id, title, start, _status, _kind in sessions
        if session_id in sums.per_session
    ]


def manual_entries(ids: list[int]) -> list[ManualEntry]:
    result = db.session.execute(
        sa.select(
            ManualCount.id, ManualCount.event_id, ManualCount.day, ManualCount.source, ManualCount.count
        )
        .where(ManualCount.event_id.in_(ids))
        .order_by(ManualCount.day, ManualCount.source)
    ).all()
    return [ManualEntry(*row) for row in result]


def country_label(code: str) -> str:
    return f"{country_name(code)} ({code})" if code else "Not given"
