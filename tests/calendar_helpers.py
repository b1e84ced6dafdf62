"""Helpers for calendar tests: parse a feed with two independent parsers, and build a
small programme with chairs, talks and speakers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar
import vobject

from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationStatus, Session, Star, User
from tests import factories


@dataclass
class Parsed:
    raw: bytes
    ical: icalendar.Calendar
    vobj: vobject.base.Component

    @property
    def vevents(self) -> list[icalendar.Event]:
        return list(self.ical.walk("VEVENT"))

    def by_uid(self, uid: str) -> icalendar.Event:
        [found] = [e for e in self.vevents if str(e["UID"]) == uid]
        return found

    def vobj_by_uid(self, uid: str):
        [found] = [e for e in self.vobj.vevent_list if e.uid.value == uid]
        return found


def parse(raw: bytes) -> Parsed:
    """Parse with ``icalendar`` and ``vobject``; both must accept the whole feed, and
    the content lines must respect RFC 5545's limits (75 octets, no control chars)."""
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        assert not any(b < 0x20 and b != 0x09 for b in line), line
    assert raw.endswith(b"END:VCALENDAR\r\n")
    text = raw.decode("utf-8")
    return Parsed(raw, icalendar.Calendar.from_ical(raw), vobject.readOne(text))


@dataclass
class Programme:
    event: Event
    opening: Session
    panel: Session


def programme(**event_kw) -> Programme:
    """An event with two sessions (one in a room, with a chair and two talks)."""
    event_kw.setdefault("start_at", factories.utc(2021, 7, 13, 7))
    event_kw.setdefault("timezone", "Europe/Madrid")
    event_kw.setdefault("online_url", "https://stream.example.org/join/secret-4242")
    event = factories.event(**event_kw)
    room = factories.room(event, "Auditorium")
    org = factories.organisation(name=f"Galician Health Knowledge Agency {event.id}", country="ES")
    chair = factories.person(name="José María Romero", organisation=org)
    opening = factories.session(
        event, title="Opening session", start_at=event.start_at, room=room, description="Welcome words."
    )
    opening.chairs = [chair]
    db.session.commit()
    factories.talk(opening, [factories.person(name="Gary Saunders")], title="Infrastructure for research")
    factories.talk(opening, [factories.person(name="Andrea Damiani")], title="An innovation generator")
    panel = factories.session(
        event, title="Financial instruments", start_at=event.start_at + timedelta(hours=3)
    )
    return Programme(event, opening, panel)


def register(user: User, event: Event, status: str = "confirmed") -> Registration:
    item = Registration(
        event_id=event.id,
        user_id=user.id,
        name=user.name,
        email=user.email,
        status=RegistrationStatus(status),
    )
    db.session.add(item)
    db.session.commit()
    return item


def star(user: User, session: Session) -> Star:
    item = Star(user_id=user.id, session_id=session.id)
    db.session.add(item)
    db.session.commit()
    return item


def as_utc(value: datetime) -> datetime:

    return value.astimezone(UTC)
