"""The sums of an event's page-view counters, kept per worker for a short while.

Summing a large event's counters (100,000 of them: 166 days of 600 session pages) costs
tens of milliseconds of database time, and the dashboard, its card and the report ask
for them on every load. The counters only change when a worker flushes its buffered
views (:mod:`counting`), which happens up to ``ATTENDANCE_FLUSH_SECONDS`` (a minute)
after the visit: counted views are a minute late by design. So the sums are kept for
``ATTENDANCE_VIEW_SUMS_SECONDS`` (30 by default; 0 switches this off) and forgotten at
once when this worker flushes. Registrations, the programme and manual counts are not
kept here: the figures always read them fresh.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from confsite_plugins.attendance.models import EventPageViews, SessionPageViews
from flask import Flask, current_app

from confsite.api import db

DEFAULT_SECONDS = 30.0
EXTENSION_KEY = "attendance.view_sums"


@dataclass(frozen=True)
class ViewSums:
    """Counted views of some events: per event and day (event page, session pages)
    and per session page."""

    per_day: tuple[tuple[int, date, int, int], ...]  # event id, day, event page, session pages
    per_session: dict[int, int]  # session id -> views


class ViewSumsCache:
    """Sums by event ids, each until it expires or the worker flushes views."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._entries: dict[tuple[int, ...], tuple[float, ViewSums]] = {}

    def get(self, ids: tuple[int, ...]) -> ViewSums | None:
        with self._lock:
            found = self._entries.get(ids)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, ids: tuple[int, ...], sums: ViewSums) -> None:
        if self.seconds <= 0:
            return
        with self._lock:
            now = time.monotonic()
            # drop what expired, so events looked at once do not stay for ever
            self._entries = {k: v for k, v in self._entries.items() if v[0] >= now}
            self._entries[ids] = (now + self.seconds, sums)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def cache_of(app: Flask | None = None) -> ViewSumsCache:
    app = app or current_app  # the proxy will do: only app.extensions and app.config are read
    cache = app.extensions.get(EXTENSION_KEY)
    if cache is None:
        seconds = float(app.config.get("ATTENDANCE_VIEW_SUMS_SECONDS", DEFAULT_SECONDS))
        cache = app.extensions[EXTENSION_KEY] = ViewSumsCache(seconds)
    return cache


def view_sums(ids: list[int]) -> ViewSums:
    """The counted views of the events ``ids``: three grouped queries that read the
    counters' covering indexes, or none when this worker summed them moments ago."""
    key = tuple(sorted(set(ids)))
    cache = cache_of()
    found = cache.get(key)
    if found is None:
        found = _summed(list(key))
        cache.put(key, found)
    return found


def _summed(ids: list[int]) -> ViewSums:
    per_day: dict[tuple[int, date], list[int]] = {}
    for position, model in enumerate((EventPageViews, SessionPageViews)):
        result = db.session.execute(
            sa.select(model.event_id, model.day, sa.func.sum(model.views))
            .where(model.event_id.in_(ids))
            .group_by(model.event_id, model.day)
        ).all()
        for event_id, day, views in result:
            per_day.setdefault((event_id, _as_date(day)), [0, 0])[position] += int(views)
    per_session = db.session.execute(
        sa.select(SessionPageViews.session_id, sa.func.sum(SessionPageViews.views))
        .where(SessionPageViews.event_id.in_(ids))
        .group_by(SessionPageViews.session_id)
    ).all()
    return ViewSums(
        per_day=tuple((event_id, day, e, s) for (event_id, day), (e, s) in sorted(per_day.items())),
        per_session={session_id: int(views) for session_id, views in per_session},
    )


def _as_date(value: date | datetime | str) -> date:
    """The day as a date, whatever the database driver handed back."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
