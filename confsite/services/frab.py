"""frab-compatible schedule exports (``schedule.xml`` / ``schedule.json``).

Conference apps (Giggity, EventFahrplan, pyfahrplan, info-beamer signage) read this
format, specified by c3voc's XSD and JSON Schema. Choices (see docs/calendars.md):

* a session is one frab "event" (talks have no times of their own); its ``guid`` is
  the session's stable ``uid``, so apps keep favourites across updates;
* speakers and chairs are its ``persons``; talks are listed in its description;
* cancelled sessions are left out (apps treat a vanished event as cancelled and
  highlight it); a cancelled event therefore has an empty schedule;
* days run from local midnight to local midnight in the event's zone.
"""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from xml.etree import ElementTree as ET

from confsite import links
from confsite.models import Event, EventFormat, Session
from confsite.services.ical import clean_text

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
TIMESLOT = "00:15"
# The text children of an <event>, in the order of the XSD.
EVENT_FIELDS = (
    "date",
    "start",
    "duration",
    "room",
    "slug",
    "url",
    "title",
    "subtitle",
    "track",
    "type",
    "abstract",
    "description",
)
ROOM_NAMESPACE = uuid.UUID("0b7e1f0e-3f0a-4c55-9a8c-7d8e2f1c6b90")
# The JSON Schema's pattern for zone names (others are simply left out).
ZONE_PATTERN = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def acronym(event: Event) -> str:
    """The conference acronym both schemas accept: lower-case letters, digits and
    underscores, at least four characters."""
    text = re.sub(r"[^a-z0-9_]", "_", event.slug.lower())
    return text if len(text) >= 4 else text.ljust(4, "_")


def session_slug(event: Event, session: Session) -> str:
    """``<acronym>-<id>-<title>``: unique, and of the shape both schemas require."""
    title = _slugify(session.title)[:60].strip("-") or "session"
    return f"{acronym(event)}-{session.id}-{title}"


def default_room(event: Event) -> str:
    """Where sessions without a room take place."""
    if event.venue:
        return event.venue
    return "Online" if event.format == EventFormat.ONLINE else "Main room"


def room_name(event: Event, session: Session) -> str:
    return session.room.name if session.room else default_room(event)


def room_guid(event: Event, name: str) -> str:
    """Rooms have no uid of their own: derive one from the event's and room's names."""
    return str(uuid.uuid5(ROOM_NAMESPACE, f"{event.id}:{event.created_at.isoformat()}:{name}"))


def _hhmm(delta: timedelta) -> str:
    minutes = min(int(delta.total_seconds() // 60), 99 * 60 + 59)  # the XSD allows 2 digits
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(event: Event, session_dates: Iterable[date]) -> list[date]:
    first = event.local(event.start_at).date()
    last = event.local(event.end_at - timedelta(microseconds=1)).date()
    dates = {first + timedelta(days=n) for n in range((last - first).days + 1)}
    dates |= set(session_dates)
    return sorted(dates)


def _persons(session: Session) -> list[dict[str, Any]]:
    people, seen = [], set()
    for person in [*session.chairs, *(p for t in session.talks for p in t.speakers)]:
        if person.id not in seen:
            seen.add(person.id)
            people.append({"id": person.id, "name": clean_text(person.name)})
    return people


def _description(session: Session) -> str:
    lines = []
    if session.chairs:
        lines.append("Chairs: " + "; ".join(p.name for p in session.chairs))
    for talk in session.talks:
        speakers = "; ".join(p.name for p in talk.speakers)
        lines.append(f"- {talk.title}" + (f" ({speakers})" if speakers else ""))
    return clean_text("\n".join(lines))


def _frab_event(event: Event, session: Session) -> dict[str, Any]:
    start = event.local(session.start_at)
    return {
        "guid": session.uid,
        "id": session.id,
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": _hhmm(session.end_at - session.start_at),
        "room": room_name(event, session),
        "slug": session_slug(event, session),
        "url": links.session_page(event, session),
        "title": clean_text(session.title),
        "subtitle": "",
        "track": session.kind.label,
        "type": session.kind.value,
        "language": None,
        "abstract": clean_text(session.description),
        "description": _description(session),
        "persons": _persons(session),
        "links": [],
    }


def schedule(
    event: Event, sessions: Iterable[Session], write: Callable[[dict[str, Any]], Any] = lambda item: item
) -> dict[str, Any]:
    """The schedule as the JSON document (the XML is written from the same data).

    ``sessions`` (in programme order) are read once, so they may be a stream read in
    batches; each session's frab item goes through ``write`` at once: the item itself
    by default, its serialized text for the exports (which then hold only text)."""
    # Day by day, room by room (in order of first use that day), sessions in order.
    by_day: dict[date, dict[str, list[Any]]] = {}
    for session in sessions:
        if session.is_cancelled or event.is_cancelled:
            continue
        day = event.local(session.start_at).date()
        by_room = by_day.setdefault(day, {})
        by_room.setdefault(room_name(event, session), []).append(write(_frab_event(event, session)))
    day_dates = _days(event, by_day)
    rooms = [r.name for r in event.rooms]
    rooms += sorted({name for by_room in by_day.values() for name in by_room} - set(rooms))
    days = []
    for index, day in enumerate(day_dates, start=1):
        day_start = datetime.combine(day, time(0), tzinfo=event.tz)
        day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=event.tz)
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": day_start.isoformat(),
                "day_end": day_end.isoformat(),
                "rooms": by_day.get(day, {}),
            }
        )
    conference: dict[str, Any] = {
        "acronym": acronym(event),
        "title": clean_text(event.title),
        "start": day_dates[0].isoformat(),
        "end": day_dates[-1].isoformat(),
        "daysCount": len(day_dates),
        "timeslot_duration": TIMESLOT,
        "url": links.event_page(event),
        "rooms": [{"name": name, "guid": room_guid(event, name)} for name in rooms],
        "days": days,
    }
    if event.description:
        conference["description"] = clean_text(event.description)
    if ZONE_PATTERN.match(event.timezone):
        conference["time_zone_name"] = event.timezone
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "confsite", "version": _version()},
        "schedule": {
            "version": event.content_changed_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            "base_url": links.event_page(event),
            "conference": conference,
        },
    }


def _version() -> str:
    try:
        return version("confsite")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


# The depth (in the one-space indentation of the exports) of a day's rooms and of the
# items in them, both in the JSON and the XML document.
JSON_ROOMS_DEPTH, JSON_ITEM_DEPTH = 5, 7
XML_ITEM_DEPTH = 3


def schedule_json(event: Event, sessions: Iterable[Session]) -> bytes:
    """The JSON export (UTF-8), as ``json.dumps(schedule(...), indent=1)`` writes it, but
    each item serialized as soon as it is made: only bytes are held, never the items."""

    def item_text(item: dict[str, Any]) -> bytes:
        text = json.dumps(item, ensure_ascii=False, indent=1)  # line breaks in strings are escaped
        return (" " * JSON_ITEM_DEPTH + text.replace("\n", "\n" + " " * JSON_ITEM_DEPTH)).encode()

    data = schedule(event, sessions, item_text)
    # Each day's rooms become a marker no text can contain (a fresh random token),
    # replaced with their text once the rest is written.
    token = secrets.token_hex(16)
    days = data["schedule"]["conference"]["days"]
    rooms_of = [day["rooms"] for day in days]
    for number, day in enumerate(days):
        day["rooms"] = f"{token}:{number}"
    text = json.dumps(data, ensure_ascii=False, indent=1).encode()
    written: list[bytes] = []
    for index, part in enumerate(re.split(b'"' + token.encode() + rb':(\d+)"', text)):
        written += _json_rooms(rooms_of[int(part)]) if index % 2 else [part]
    return b"".join(written)


def _json_rooms(rooms: dict[str, list[bytes]]) -> list[bytes]:
    """A day's rooms object of serialized items, indented as in the whole document."""
    if not rooms:
        return [b"{}"]
    outer, inner = " " * JSON_ROOMS_DEPTH, " " * (JSON_ROOMS_DEPTH + 1)
    written = [b"{\n"]
    for number, (name, items) in enumerate(rooms.items()):
        if number:
            written.append(b",\n")
        written.append(f"{inner}{json.dumps(name, ensure_ascii=False)}: [\n".encode())
        written += _joined(items, b",\n")
        written.append(f"\n{inner}]".encode())
    written.append(f"\n{outer}}}".encode())
    return written


def _joined(items: list[bytes], separator: bytes) -> list[bytes]:
    """``separator.join(items)`` as pieces (no copy of them all)."""
    pieces = [separator] * (2 * len(items) - 1) if items else []
    pieces[::2] = items
    return pieces


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, dict(attrs.items()))
    if text is not None:
        element.text = text
    return element


def _xml_event(item: dict[str, Any]) -> bytes:
    """One frab ``<event>``, indented as in the whole document (without its tail)."""
    e = ET.Element("event", {"id": str(item["id"]), "guid": item["guid"]})
    for tag in EVENT_FIELDS:
        _sub(e, tag, item[tag] or "")
    persons = _sub(e, "persons")
    for person in item["persons"]:
        _sub(persons, "person", person["name"], id=str(person["id"]))
    _sub(e, "links")
    ET.indent(e, space=" ", level=XML_ITEM_DEPTH)
    return ET.tostring(e, encoding="utf-8")


SLOT = b"<confsite-slot />"  # where a room's events go (text never holds a raw "<")


def schedule_xml(event: Event, sessions: Iterable[Session]) -> bytes:
    """The schedule in the XML dialect of frab/pentabarf (c3voc XSD). The tree holds the
    days and rooms only; each session's ``<event>`` is serialized as soon as it is made
    and put in its room's place in the written document."""
    data = schedule(event, sessions, _xml_event)
    conf = data["schedule"]["conference"]
    root = ET.Element("schedule")
    _sub(root, "generator", name="confsite", version=data["generator"]["version"])
    _sub(root, "url", links.schedule_xml(event))
    _sub(root, "version", data["schedule"]["version"])
    c = _sub(root, "conference")
    _sub(c, "title", conf["title"])
    _sub(c, "acronym", conf["acronym"])
    _sub(c, "start", conf["start"])
    _sub(c, "end", conf["end"])
    _sub(c, "days", str(conf["daysCount"]))
    _sub(c, "timeslot_duration", conf["timeslot_duration"])
    _sub(c, "base_url", data["schedule"]["base_url"])
    _sub(c, "url", conf["url"])
    if "time_zone_name" in conf:
        _sub(c, "time_zone_name", conf["time_zone_name"])
    guids = {room["name"]: room["guid"] for room in conf["rooms"]}
    rooms: list[list[bytes]] = []
    for day in conf["days"]:
        d = _sub(
            root, "day", date=day["date"], start=day["day_start"], end=day["day_end"], index=str(day["index"])
        )
        for name, items in day["rooms"].items():
            ET.SubElement(_sub(d, "room", name=name, guid=guids[name]), SLOT[1:-3].decode())
            rooms.append(items)
    ET.indent(root, space=" ")
    parts = ET.tostring(root, encoding="utf-8", xml_declaration=True).split(SLOT)
    between = b"\n" + b" " * XML_ITEM_DEPTH
    written = [parts[0]]
    for items, after in zip(rooms, parts[1:], strict=True):
        written += [*_joined(items, between), after]
    return b"".join(written)
