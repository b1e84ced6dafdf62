"""Writing an event out as an event file: deterministic (people and organisations are
numbered in order of first appearance in the programme), streamed in batches whatever
the size of the programme."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from confsite.extensions import db
from confsite.models import (
    Event,
    Organisation,
    Person,
    RoleAssignment,
    Room,
    Session,
    Talk,
    TalkSpeaker,
    session_chairs,
)
from confsite.services.event_io.format import FORMAT_NAME, FORMAT_VERSION
from confsite.services.plugin_event_settings import changed_settings
from confsite.services.streamed_text import in_chunks, json_text

# Sessions per query of their talks, chairs and speakers, and people or organisations
# per query: an export holds one batch at a time, whatever the size of the programme.
SESSION_BATCH = 100
ROW_BATCH = 500


@dataclass
class _Refs:
    """The file's ids of people and organisations (``person-1``, ``org-1``...) in order
    of first appearance, by database id: the only part of an export that grows with the
    programme (two small dictionaries of numbers), needed before the first reference."""

    people: dict[int, str] = field(default_factory=dict)
    orgs: dict[int, str] = field(default_factory=dict)

    def org(self, org_id: int | None) -> str | None:
        if org_id is None:
            return None
        return self.orgs.setdefault(org_id, f"org-{len(self.orgs) + 1}")


def _batches(ids: Iterable[int], size: int = ROW_BATCH) -> Iterator[list[int]]:
    iterator = iter(ids)
    while batch := list(islice(iterator, size)):
        yield batch


def _uid_order() -> sa.ColumnElement[str]:
    """Session uids compared code point by code point on every database (as Python
    compares them), not by the language rules of a PostgreSQL collation."""
    binary = "C" if db.session.get_bind().dialect.name == "postgresql" else "BINARY"
    return Session.uid.collate(binary)


def _programme_order() -> tuple[Mapped[datetime], Mapped[int], sa.ColumnElement[str]]:
    return (Session.start_at, Session.position, _uid_order())


def _numbering(event: Event) -> _Refs:
    """People numbered as they first appear in the programme (each session's chairs,
    then its talks' speakers), then organisations: the host's, the people's in their
    order, the roles'. Reads ids only, streamed."""
    refs = _Refs()
    start, position, uid = _programme_order()
    session_order: tuple[sa.Label[Any], ...] = (
        start.label("start"),
        position.label("session_position"),
        uid.label("uid"),
    )
    chairs = (
        sa.select(
            *session_order,
            sa.literal(0).label("part"),
            sa.literal(0).label("talk_position"),
            session_chairs.c.position.label("person_position"),
            session_chairs.c.person_id,
        )
        .join(Session, Session.id == session_chairs.c.session_id)
        .where(Session.event_id == event.id)
    )
    speakers = (
        sa.select(
            *session_order,
            sa.literal(1),
            Talk.position,
            TalkSpeaker.position,
            TalkSpeaker.person_id,
        )
        .join(Talk, Talk.id == TalkSpeaker.talk_id)
        .join(Session, Session.id == Talk.session_id)
        .where(Session.event_id == event.id)
    )
    appearances = sa.union_all(chairs, speakers).subquery()
    person_ids = db.session.scalars(
        sa.select(appearances.c.person_id)
        .order_by(*(c for c in appearances.c if c.name != "person_id"))
        .execution_options(yield_per=ROW_BATCH)
    )
    for person_id in person_ids:
        if person_id not in refs.people:
            refs.people[person_id] = f"person-{len(refs.people) + 1}"
    refs.org(event.host_organisation_id)
    for batch in _batches(refs.people):
        query = sa.select(Person.id, Person.organisation_id).where(Person.id.in_(batch))
        org_of = {row.id: row.organisation_id for row in db.session.execute(query)}
        for person_id in batch:
            refs.org(org_of[person_id])
    for org_id in db.session.scalars(_roles_query(event).with_only_columns(RoleAssignment.organisation_id)):
        refs.org(org_id)
    return refs


def _roles_query(event: Event) -> sa.Select[RoleAssignment]:
    return (
        sa.select(RoleAssignment)
        .where(RoleAssignment.event_id == event.id)
        .order_by(RoleAssignment.role, RoleAssignment.email)
    )


def _in_order(query: sa.Select[*tuple[Any, ...]], ids: Iterable[int]) -> Iterator[sa.Row[*tuple[Any, ...]]]:
    """Rows of ``query`` (whose first column is the id) for ``ids``, in that order, one
    batch in memory at a time."""
    id_column = query.selected_columns[0]
    for batch in _batches(ids):
        found = {row[0]: row for row in db.session.execute(query.where(id_column.in_(batch)))}
        yield from (found[i] for i in batch)


def _by_first(query: sa.Select[*tuple[Any, ...]]) -> dict[int, list[sa.Row[*tuple[Any, ...]]]]:
    """Rows of ``query`` grouped by their first column, in the query's order."""
    grouped: dict[int, list[sa.Row[*tuple[Any, ...]]]] = {}
    for row in db.session.execute(query):
        grouped.setdefault(row[0], []).append(row)
    return grouped


def _session_items(
    event: Event, refs: _Refs, when: Callable[[datetime | None], str | None]
) -> Iterator[dict[str, Any]]:
    """The programme's items in file order, :data:`SESSION_BATCH` sessions at a time
    with their chairs, talks and speakers (three queries per batch). Plain rows, not
    ORM objects: nothing for the identity map, no reference cycles for the garbage
    collector to sweep over and over."""
    result = db.session.execute(
        sa.select(
            Session.id,
            Session.uid,
            Session.title,
            Session.kind,
            Session.status,
            Session.start_at,
            Session.end_at,
            Room.name.label("room"),
            Session.description,
            Session.position,
            Session.sequence,
        )
        .outerjoin(Room, Room.id == Session.room_id)
        .where(Session.event_id == event.id)
        .order_by(*_programme_order())
        .execution_options(yield_per=SESSION_BATCH)
    )
    for batch in result.partitions():
        ids = [s.id for s in batch]
        chairs = _by_first(
            sa.select(session_chairs.c.session_id, session_chairs.c.person_id)
            .where(session_chairs.c.session_id.in_(ids))
            .order_by(session_chairs.c.session_id, session_chairs.c.position)
        )
        talks = _by_first(
            sa.select(Talk.session_id, Talk.id, Talk.uid, Talk.title, Talk.summary, Talk.start_at)
            .where(Talk.session_id.in_(ids))
            .order_by(Talk.session_id, Talk.position, Talk.id)
        )
        speakers = _by_first(
            sa.select(TalkSpeaker.talk_id, TalkSpeaker.person_id)
            .where(TalkSpeaker.talk_id.in_([t.id for rows in talks.values() for t in rows]))
            .order_by(TalkSpeaker.talk_id, TalkSpeaker.position)
        )
        for s in batch:
            yield {
                "uid": s.uid,
                "title": s.title,
                "kind": s.kind.value,
                "status": s.status.value,
                "start": when(s.start_at),
                "end": when(s.end_at),
                "room": s.room,
                "description": s.description,
                "position": s.position,
                "sequence": s.sequence,
                "chairs": [refs.people[c.person_id] for c in chairs.get(s.id, [])],
                "talks": [
                    {
                        "uid": t.uid,
                        "title": t.title,
                        "summary": t.summary,
                        "speakers": [refs.people[p.person_id] for p in speakers.get(t.id, [])],
                        # only timed talks carry it: older files stay as they were
                        **({"start": when(t.start_at)} if t.start_at else {}),
                    }
                    for t in talks.get(s.id, [])
                ],
            }


def _document(event: Event, refs: _Refs) -> dict[str, Any]:
    """The event file with its long arrays (organisations, people, sessions, roles) as
    iterators: :func:`export_event` lists them, :func:`event_file_chunks` streams them."""

    def when(instant: datetime | None) -> str | None:
        return event.local(instant).isoformat() if instant else None

    organisations = (
        {
            "id": refs.orgs[o.id],
            "name": o.name,
            "country": o.country,
            "region": o.region,
            "sector": o.sector.value,
        }
        for o in _in_order(
            sa.select(
                Organisation.id,
                Organisation.name,
                Organisation.country,
                Organisation.region,
                Organisation.sector,
            ),
            refs.orgs,
        )
    )
    people = (
        {
            "id": refs.people[p.id],
            "name": p.name,
            "position": p.position,
            "organisation": refs.org(p.organisation_id),
            "country": p.country,
            "bio": p.bio,
            "email": p.email,
            "photo_url": p.photo_url,
        }
        for p in _in_order(
            sa.select(
                Person.id,
                Person.name,
                Person.position,
                Person.organisation_id,
                Person.country,
                Person.bio,
                Person.email,
                Person.photo_url,
            ),
            refs.people,
        )
    )
    sessions = _session_items(event, refs, when)
    roles = (
        {"email": r.email, "role": r.role.value, "organisation": refs.org(r.organisation_id)}
        for r in db.session.scalars(_roles_query(event).execution_options(yield_per=ROW_BATCH))
    )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "series": {
            "slug": event.series.slug,
            "title": event.series.title,
            "description": event.series.description,
            "accent_colour": event.series.accent_colour,
        }
        if event.series
        else None,
        "event": {
            "slug": event.slug,
            "title": event.title,
            "kind": event.kind.value,
            "format": event.format.value,
            "status": event.status.value,
            "timezone": event.timezone,
            "start": when(event.start_at),
            "end": when(event.end_at),
            "venue": event.venue,
            "online_url": event.online_url,
            "description": event.description,
            "host": refs.org(event.host_organisation_id),
            "capacity": event.capacity,
            "registration_opens": when(event.registration_opens),
            "registration_closes": when(event.registration_closes),
            "report_language": event.report_language or "en",
            "accent_colour": event.accent_colour,
        },
        "organisations": organisations,
        "people": people,
        "rooms": [r.name for r in sorted(event.rooms, key=lambda r: (r.position, r.name))],
        "sessions": sessions,
        "roles": roles,
        # only when the event changed a plugin's setting: files stay as they were otherwise
        **({"plugin_settings": changed} if (changed := changed_settings(event)) else {}),
    }


def _listed(document: dict[str, Any]) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in document.items()}


def export_event(event: Event) -> dict[str, Any]:
    """The event file of an event, as a JSON-ready dict (for the whole file at once;
    downloads use :func:`event_file_chunks`)."""
    return _listed(_document(event, _numbering(event)))


def export_event_with_people(event: Event) -> tuple[dict[str, Any], dict[str, Person]]:
    """The event file and the person each of its ``people`` ids stands for (a copy on
    the same site links the same people instead of creating namesakes)."""
    refs = _numbering(event)
    rows = _in_order(sa.select(Person.id, Person), refs.people)
    people = {ref: row[1] for ref, row in zip(refs.people.values(), rows, strict=True)}
    return _listed(_document(event, refs)), people


def event_file_chunks(event: Event) -> Iterator[bytes]:
    """The event file as UTF-8 bytes, exactly ``dumps(export_event(event))``, made
    while it is sent: one batch of sessions or people in memory at a time."""
    event = db.session.merge(event, load=False)  # see registrations_export.export_rows
    yield from in_chunks(json_text(_document(event, _numbering(event))))


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
