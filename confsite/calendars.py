"""Core plugin of the calendar feature, wired through our own hooks.

It offers the calendar and schedule downloads as ``Exporter``s, so that every list of
an event's exports (organiser pages, API, other plugins) shows them next to the
plugins' own (the canonical URLs stay those of ``views/calendar.py``). (The personal
feed is offered on My agenda, not through a hook.)
"""

from __future__ import annotations

from collections.abc import Iterator

from confsite import hookimpl
from confsite.hooktypes import Exporter
from confsite.models import Event, Session
from confsite.services import frab, ical


def _ics(event: Event) -> bytes:
    return ical.event_calendar_bytes(event)


def _sessions(event: Event) -> Iterator[Session]:
    return ical.stream_feed_sessions(Session.event_id == event.id)


def _schedule_xml(event: Event) -> bytes:
    return frab.schedule_xml(event, _sessions(event))


def _schedule_json(event: Event) -> bytes:
    return frab.schedule_json(event, _sessions(event))


@hookimpl
def export_formats() -> list[Exporter]:
    return [
        Exporter(
            "ical",
            "Calendar (iCalendar .ics)",
            "text/calendar; charset=utf-8",
            "ics",
            _ics,
            follows_event_content=True,
        ),
        Exporter(
            "schedule-xml",
            "Schedule for conference apps (frab XML)",
            "application/xml; charset=utf-8",
            "xml",
            _schedule_xml,
            follows_event_content=True,
        ),
        Exporter(
            "schedule-json",
            "Schedule for conference apps (frab JSON)",
            "application/json; charset=utf-8",
            "json",
            _schedule_json,
            follows_event_content=True,
        ),
    ]
