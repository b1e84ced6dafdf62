"""Reading an event's programme with a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Generic, NamedTuple, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from confsite.caching.attached_rows import hold, remembered_event, row_of_version
from confsite.extensions import db
from confsite.models import Event, Organisation, Person, Session, Talk, TalkSpeaker, User, session_chairs
from confsite.services.permissions import can_view_event
from confsite.services.session_reader import SessionReader, SessionSlot, programme_order


def programme_loaders() -> list:
    """Eager-loading options for everything a programme shows of a session: its room,
    chairs, talks and speakers with their organisations (a fixed number of queries
    however many there are). Shared by the agenda, the feeds and the session page."""
    return [
        selectinload(Session.room),
        selectinload(Session.chairs).selectinload(Person.organisation),
        selectinload(Session.talks)
        .selectinload(Talk.speaker_links)
        .selectinload(TalkSpeaker.person)
        .selectinload(Person.organisation),
    ]


def load_sessions(event: Event) -> list[Session]:
    """Sessions of an event in programme order, with :func:`programme_loaders`."""
    return list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.event_id == event.id)
            .options(*programme_loaders())
            .order_by(*programme_order())
        )
    )


def visible_session(slug: str, session_id: int, user: User | None) -> Session | None:
    """The session ``session_id`` of the event ``slug``, its event loaded with it in one
    query (a session page needs both on every visit), or both from memory where they are
    kept (``caching.attached_rows``); None if either is missing or the event is a draft
    ``user`` may not see, exactly as ``lookup.visible_event``."""
    read: list[Session] = []

    def read_both() -> Event | None:
        read.extend(db.session.scalars(_session_with_event(), {"slug": slug, "session_id": session_id}))
        return read[0].event if read else None

    event = remembered_event(slug, read_both)
    if event is None:
        return None
    key = ("session row", event.id, event.content_changed_at, session_id)
    session = read[0] if read else row_of_version(key, Session, session_id)
    if session is None or session.event_id != event.id or not can_view_event(user, event):
        return None
    hold(session, "event", event)
    return session


@cache
def _session_with_event() -> sa.Select:
    """Built once (on first use, when the mappers are complete): putting the statement
    together costs more than running its compiled form, which SQLAlchemy keeps."""
    return (
        sa.select(Session)
        .join(Session.event)
        .where(Event.slug == sa.bindparam("slug"), Session.id == sa.bindparam("session_id"))
        .options(contains_eager(Session.event))
    )


def visible_event_and_person(slug: str, person_id: int, user: User | None) -> tuple[Event, Person] | None:
    """The event ``slug`` and the person ``person_id``, read together in one query (a
    speaker page needs both on every visit) or from memory, as :func:`visible_session`;
    None as :func:`visible_session`. Whether the person speaks or chairs there is the
    page's to find out."""
    read: list[Person] = []

    def read_both() -> Event | None:
        row = db.session.execute(_event_and_person(), {"slug": slug, "person_id": person_id}).first()
        if row is None:
            return None
        read.append(row.Person)
        return row.Event

    event = remembered_event(slug, read_both)
    if event is None:
        return None
    key = ("person row", event.id, event.content_changed_at, person_id)
    person = read[0] if read else row_of_version(key, Person, person_id)
    if person is None or not can_view_event(user, event):
        return None
    return event, person


@cache
def _event_and_person() -> sa.Select:
    """Built once, as :func:`_session_with_event`."""
    return (
        sa.select(Event, Person)
        .join(Person, sa.true())  # two unrelated rows, each by its key
        .where(Event.slug == sa.bindparam("slug"), Person.id == sa.bindparam("person_id"))
    )


def load_session_details(session: Session) -> Session:
    """Load, into ``session`` already read, what its page shows (:func:`programme_loaders`):
    needed only when that page is rendered, not on every visit."""
    return db.session.scalars(
        sa.select(Session)
        .where(Session.id == session.id)
        .options(*programme_loaders())
        .execution_options(populate_existing=True)
    ).one()


T = TypeVar("T", Session, SessionSlot)  # a session, or where it sits (light rows)


@dataclass
class AgendaDay(Generic[T]):
    day: date
    sessions: list[T]


def agenda_days(event: Event, sessions: Iterable[T]) -> list[AgendaDay[T]]:
    """Group sessions (or their :class:`SessionSlot`) by their local date in the event's
    time zone."""
    days: dict[date, list[T]] = {}
    for session in sessions:
        days.setdefault(event.local(session.start_at).date(), []).append(session)
    return [AgendaDay(day, items) for day, items in sorted(days.items())]


def agenda_loaders() -> list:
    """What the agenda list shows of a session: :func:`programme_loaders` but the
    organisations, which it does not show."""
    return [
        selectinload(Session.room),
        selectinload(Session.chairs),
        selectinload(Session.talks).selectinload(Talk.speaker_links).selectinload(TalkSpeaker.person),
    ]


@dataclass
class ShownDay:
    """A day of the agenda list as the page shows it: its sessions are read while they
    are rendered, a batch at a time (iterable once; see ``session_reader``)."""

    day: date
    sessions: Iterator[Session]


def shown_days(days: list[AgendaDay[SessionSlot]]) -> list[ShownDay]:
    """The sessions of ``days`` (chosen from the event's slots), read in batches with
    :func:`agenda_loaders` as the agenda list shows them."""
    reader = SessionReader([slot.id for day in days for slot in day.sessions], agenda_loaders())
    return [ShownDay(day.day, reader.sessions([slot.id for slot in day.sessions])) for day in days]


def _speaker_ids(event: Event) -> sa.Select:
    return (
        sa.select(TalkSpeaker.person_id)
        .join(Talk, Talk.id == TalkSpeaker.talk_id)
        .join(Session, Session.id == Talk.session_id)
        .where(Session.event_id == event.id)
    )


def _chair_ids(event: Event) -> sa.Select:
    return (
        sa.select(session_chairs.c.person_id)
        .join(Session, Session.id == session_chairs.c.session_id)
        .where(Session.event_id == event.id)
    )


def event_people(event: Event) -> list[Person]:
    """Everyone who speaks or chairs in the event, by name."""
    return list(
        db.session.scalars(
            sa.select(Person)
            .where(sa.or_(Person.id.in_(_speaker_ids(event)), Person.id.in_(_chair_ids(event))))
            .options(selectinload(Person.organisation))
            .order_by(Person.name)
        )
    )


class PersonLine(NamedTuple):
    """What the list of an event's speakers shows of a person (read as one light row:
    thousands of people as model objects took tens of MB)."""

    id: int
    name: str
    photo: str | None
    photo_url: str | None
    country: str | None
    affiliation: str


def speaker_lines(event: Event) -> list[PersonLine]:
    """:func:`event_people` as :class:`PersonLine` rows, in one query."""
    rows = db.session.execute(
        sa.select(
            Person.id,
            Person.name,
            Person.photo,
            Person.photo_url,
            Person.country,
            sa.func.coalesce(Organisation.name, ""),
        )
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(sa.or_(Person.id.in_(_speaker_ids(event)), Person.id.in_(_chair_ids(event))))
        .order_by(Person.name, Person.id)
    )
    return [PersonLine(*row) for row in rows]


def person_in_event(event: Event, person: Person) -> tuple[list[Talk], list[Session]]:
    """The talks a person gives and the sessions they chair at an event."""
    talks = list(
        db.session.scalars(
            sa.select(Talk)
            .join(TalkSpeaker, TalkSpeaker.talk_id == Talk.id)
            .join(Session, Session.id == Talk.session_id)
            .where(Session.event_id == event.id, TalkSpeaker.person_id == person.id)
            .options(selectinload(Talk.session))
            .order_by(Session.start_at, Talk.position)
        )
    )
    chaired = list(
        db.session.scalars(
            sa.select(Session)
            .join(session_chairs, session_chairs.c.session_id == Session.id)
            .where(Session.event_id == event.id, session_chairs.c.person_id == person.id)
            .order_by(Session.start_at)
        )
    )
    return talks, chaired
