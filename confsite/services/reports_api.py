"""Building report scopes (which events a report of an event or a series covers).

Public (re-exported by :mod:`confsite.api`) so that any plugin, not only the built-in
report builder, covers the same events; ``confsite.api.report_sections(scope)`` then
gathers the sections of every enabled plugin.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, EventStatus, Series
from confsite.reporting import ReportScope


def scope_for_event(event: Event) -> ReportScope:
    """A report about one event."""
    return ReportScope(event=event, events=(event,))


def scope_for_series(series: Series, start: date | None = None, end: date | None = None) -> ReportScope:
    """A report about a series' published events starting within ``start``..``end``
    (inclusive, in each event's own time zone; an open bound does not limit)."""
    events = db.session.scalars(
        sa.select(Event)
        .where(Event.series_id == series.id, Event.status == EventStatus.PUBLISHED)
        .order_by(Event.start_at, Event.id)
    ).all()
    covered = tuple(
        event
        for event in events
        if (start is None or event.local(event.start_at).date() >= start)
        and (end is None or event.local(event.start_at).date() <= end)
    )
    return ReportScope(series=series, start=start, end=end, events=covered)
