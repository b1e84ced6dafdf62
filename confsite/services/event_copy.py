"""Copies of events: duplicating one (next year's conference, the second workshop of a
series) and importing an event file as a new event beside the one it came from.

Both go through the event file (``event_io``), so a copy holds exactly what an export
holds (programme, rooms, people links, roles, plugin settings, capacity, never
registrations) and is checked the same way. A copy gets fresh identifiers for its
sessions and talks (calendar subscribers of the original must not see them change),
starts as a draft at SEQUENCE 0, and can be moved to a new first day: every date moves
by whole days in the event's own time zone, so 09:30 stays 09:30 across a DST change.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from confsite.models import Event
from confsite.models.base import new_uid
from confsite.services import event_io

# The instants of an event file that move with a new first day.
EVENT_INSTANTS = ("start", "end", "registration_opens", "registration_closes")


def copy_document(
    document: dict[str, Any], *, slug: str, title: str | None = None, first_day: date | None = None
) -> dict[str, Any]:
    """A new event's file made from ``document`` (which must have the format's shape:
    see ``event_io.schema_problems``)."""
    result = copy.deepcopy(document)
    event = result["event"]
    event.update(slug=slug, status="draft")
    if title:
        event["title"] = title
    for session in result["sessions"]:
        session.update(uid=new_uid(), sequence=0)
        for talk in session["talks"]:
            talk["uid"] = new_uid()
    if first_day is not None:
        zone = ZoneInfo(event["timezone"])
        days = timedelta(days=(first_day - datetime.fromisoformat(event["start"]).date()).days)
        move = lambda text: _shifted(text, days, zone)  # noqa: E731
        for key in EVENT_INSTANTS:
            event[key] = move(event[key])
        for session in result["sessions"]:
            session["start"], session["end"] = move(session["start"]), move(session["end"])
            for talk in session["talks"]:
                if talk.get("start"):
                    talk["start"] = move(talk["start"])
    return result


def _shifted(text: str | None, days: timedelta, zone: ZoneInfo) -> str | None:
    """``text`` (an ISO instant with offset) ``days`` later on the wall clock of ``zone``."""
    if text is None:
        return None
    local = datetime.fromisoformat(text).astimezone(zone).replace(tzinfo=None)
    return (local + days).replace(tzinfo=zone).isoformat()


def duplicate_event(event: Event, *, slug: str, title: str, first_day: date) -> Event:
    """A draft copy of ``event`` starting on ``first_day``, linking the same people.
    Raises ``event_io.EventFileError`` (writing nothing) when it cannot be made, e.g.
    when ``slug`` is taken."""
    document, people = event_io.export_event_with_people(event)
    return event_io.import_event(
        copy_document(document, slug=slug, title=title, first_day=first_day),
        known_people=people,
        images_of=event,
    )


def import_as_copy(document: dict[str, Any], *, slug: str | None = None) -> Event:
    """Import an event file as a new event with fresh identifiers, e.g. a file exported
    from this very site; ``slug`` replaces the file's when given."""
    problems = event_io.schema_problems(document)
    if problems:
        raise event_io.EventFileError(problems)
    return event_io.import_event(copy_document(document, slug=slug or document["event"]["slug"]))
