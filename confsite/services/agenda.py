"""Reading an event's programme with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.models import Event, Person, Session, Talk, TalkSpeaker, session_chairs


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
            .order_by(Session.start_at, Session.position, Session.id)
        )
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


@dataclass
class AgendaDay:
    day: date
    sessions: list[Session]


def agenda_days(event: Event, sessions: list[Session]) -> list[AgendaDay]:
    """Group sessions by their local date in the event's time zone."""
    days: dict[date, list[Session]] = {}
    for session in sessions:
        days.setdefault(event.local(session.start_at).date(), []).append(session)
    return [AgendaDay(day, items) for day, items in sorted(days.items())]


def event_people(event: Event) -> list[Person]:
    """Everyone who speaks or chairs in the event, by name."""
    speaker_ids = (
        sa.select(TalkSpeaker.person_id)
        .join(Talk, Talk.id == TalkSpeaker.talk_id)
        .join(Session, Session.id == Talk.session_id)
        .where(Session.event_id == event.id)
    )
    chair_ids = (
        sa.select(session_chairs.c.person_id)
        .join(Session, Session.id == session_chairs.c.session_id)
        .where(Session.event_id == event.id)
    )
    return list(
        db.session.scalars(
            sa.select(Person)
            .where(sa.or_(Person.id.in_(speaker_ids), Person.id.in_(chair_ids)))
            .options(selectinload(Person.organisation))
            .order_by(Person.name)
        )
    )


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
