"""What the core makes searchable: events, sessions, talks, speakers, organisations."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from confsite.countries import country_name
from confsite.extensions import db
from confsite.i18n import _l
from confsite.models import Event, Organisation, Person, Session, SessionStatus, Talk, TalkSpeaker
from confsite.models.events import session_chairs
from confsite.search import Document, Source, register_source
from confsite.services.agenda import load_sessions

# Only these columns of an event change what can be found (not its seat counters).
EVENT_FIELDS = ("title", "description", "venue", "status", "slug", "host_organisation_id", "report_language")


def _event_changed(event: Event) -> bool:
    state = sa.inspect(event)
    return any(state.attrs[name].history.has_changes() for name in EVENT_FIELDS if name in state.attrs)


def _sessions(event: Event) -> list[Session]:
    # a session added in this very commit may still hold its status as the plain string
    return [s for s in load_sessions(event) if s.status != SessionStatus.CANCELLED]


def event_documents(event: Event) -> Iterable[Document]:
    host = event.host.name if event.host else ""
    body = " ".join(filter(None, [event.description, event.venue, host]))
    yield Document("event", str(event.id), event.title, body, "public.event", {"slug": event.slug})


def session_documents(event: Event) -> Iterable[Document]:
    for s in _sessions(event):
        people = ", ".join(p.name for p in s.chairs)
        body = " ".join(filter(None, [s.description, people, event.title]))
        yield Document(
            "session", str(s.id), s.title, body, "public.session", {"slug": event.slug, "session_id": s.id}
        )


def talk_documents(event: Event) -> Iterable[Document]:
    for s in _sessions(event):
        for t in s.talks:
            speakers = ", ".join(p.name for p in t.speakers)
            body = " ".join(filter(None, [speakers, t.summary, s.title]))
            yield Document(
                "talk",
                str(t.id),
                t.title,
                body,
                "public.session",
                {"slug": event.slug, "session_id": s.id, "_anchor": f"talk-{t.id}"},
            )


def _people(event: Event) -> list[Person]:
    people: dict[int, Person] = {}
    for s in _sessions(event):
        for p in s.chairs:
            people[p.id] = p
        for t in s.talks:
            for p in t.speakers:
                people[p.id] = p
    return sorted(people.values(), key=lambda p: p.name)


def speaker_documents(event: Event) -> Iterable[Document]:
    for p in _people(event):
        organisation = p.organisation.name if p.organisation else ""
        body = " ".join(filter(None, [p.position, organisation, country_name(p.country), p.bio]))
        yield Document(
            "speaker", str(p.id), p.name, body, "public.speaker", {"slug": event.slug, "person_id": p.id}
        )


def organisation_documents(event: Event) -> Iterable[Document]:
    """Organisations that host the event or that its speakers come from."""
    found: dict[int, Organisation] = {}
    if event.host:
        found[event.host.id] = event.host
    for p in _people(event):
        if p.organisation:
            found[p.organisation.id] = p.organisation
    for org in found.values():
        body = " ".join(filter(None, [country_name(org.country), org.region]))
        yield Document("organisation", str(org.id), org.name, body, "public.speakers", {"slug": event.slug})


# -- which events a changed row touches (foreign keys only: the row may be deleted) -----
def _event_of_event(event: Event) -> Iterable[int]:
    return [event.id]


def _events_of_session(session: Session) -> Iterable[int]:
    return [session.event_id]


def _events_of_talk(talk: Talk) -> Iterable[int]:
    return db.session.scalars(sa.select(Session.event_id).where(Session.id == talk.session_id))


def _events_of_link(link: TalkSpeaker) -> Iterable[int]:
    return db.session.scalars(
        sa.select(Session.event_id).join(Talk, Talk.session_id == Session.id).where(Talk.id == link.talk_id)
    )


def events_of_person(person_id: int) -> list[int]:
    speaking = (
        sa.select(Session.event_id)
        .join(Talk, Talk.session_id == Session.id)
        .join(TalkSpeaker, TalkSpeaker.talk_id == Talk.id)
        .where(TalkSpeaker.person_id == person_id)
    )
    chairing = (
        sa.select(Session.event_id)
        .join(session_chairs, session_chairs.c.session_id == Session.id)
        .where(session_chairs.c.person_id == person_id)
    )
    return list(db.session.scalars(speaking.union(chairing)))


def _events_of_person(person: Person) -> Iterable[int]:
    return events_of_person(person.id)


def _events_of_organisation(org: Organisation) -> Iterable[int]:
    hosted = sa.select(Event.id).where(Event.host_organisation_id == org.id)
    people = sa.select(Person.id).where(Person.organisation_id == org.id)
    ids = set(db.session.scalars(hosted))
    for person_id in db.session.scalars(people):
        ids.update(events_of_person(person_id))
    return ids


def register() -> None:
    """The core's kinds; each re-indexes when its rows or the rows shown with it change."""
    for source in (
        Source("event", _l("Events"), 10, (Event,), event_documents, _event_of_event, _event_changed),
        Source("session", _l("Sessions"), 20, (Session,), session_documents, _events_of_session),
        Source("talk", _l("Talks"), 30, (Talk, TalkSpeaker), talk_documents, _events_of_talk_or_link),
        Source("speaker", _l("Speakers"), 40, (Person,), speaker_documents, _events_of_person),
        Source(
            "organisation",
            _l("Organisations"),
            50,
            (Organisation,),
            organisation_documents,
            _events_of_organisation,
        ),
    ):
        register_source(source)


def _events_of_talk_or_link(row: Talk | TalkSpeaker) -> Iterable[int]:
    return _events_of_link(row) if isinstance(row, TalkSpeaker) else _events_of_talk(row)
