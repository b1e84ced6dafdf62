"""Event files: one event with its programme, people, organisations and roles as JSON.

The format is documented in ``docs/event-format.md`` and described by
``confsite/schemas/event-file.schema.json``. Export is deterministic (people and
organisations are numbered in order of first appearance in the programme), so
export -> import into an empty site -> export gives the same document. Session and
talk ``uid``s travel with the file, so calendar subscribers keep their entries.
Registrations are personal data and never leave through this format.

Import checks everything first and writes nothing when there is any problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from confsite.countries import normalise_country
from confsite.extensions import db
from confsite.models import (
    Event,
    Organisation,
    Person,
    RoleAssignment,
    Room,
    Series,
    Session,
    Talk,
    TalkSpeaker,
    User,
    session_chairs,
)
from confsite.schemas import load_schema
from confsite.services.accounts import AccountError, normalise_email
from confsite.services.colours import accent_problem
from confsite.services.plugin_event_settings import changed_settings, import_settings, settings_file_problems
from confsite.services.streamed_text import in_chunks, json_text
from confsite.services.transaction import committing
from confsite.timezones import timezone_problem

FORMAT_NAME = "confsite-event"
FORMAT_VERSION = 1


class EventFileError(ValueError):
    """The file cannot be imported; ``problems`` lists every reason, each with its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


# --- export ------------------------------------------------------------------------------


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


# --- import ------------------------------------------------------------------------------


# The largest value of a PostgreSQL INTEGER column.
MAX_INTEGER = 2**31 - 1


def parse_file(raw: bytes) -> dict[str, Any]:
    """Bytes of an uploaded or read file -> document; clear errors for bad encodings/JSON."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EventFileError(["The file is not UTF-8 text: save it as UTF-8 JSON."]) from None
    if "\x00" in text or "\\u0000" in text:
        raise EventFileError(["The file contains a NUL character, which no text here may hold."])
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EventFileError(
            [f"Not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."]
        ) from None
    except RecursionError:
        raise EventFileError(["The file nests too deeply to be an event file."]) from None
    if not isinstance(document, dict):
        raise EventFileError(["The file must hold one JSON object (an event file)."])
    return document


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _where(path: Any) -> str:
    parts = ""
    for item in path:
        parts += f"[{item}]" if isinstance(item, int) else (f".{item}" if parts else str(item))
    return parts or "(top level)"


def _instant(value: str | None, where: str, problems: list[str]) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date and time like 2021-07-13T09:30:00+02:00.")
        return None
    if parsed.tzinfo is None:
        problems.append(f"{where}: {value!r} needs a UTC offset (for example +02:00).")
        return None
    try:
        parsed.astimezone(UTC)
    except OverflowError:
        problems.append(f"{where}: {value!r} is outside the dates this site can store.")
        return None
    return parsed


def _oversized_integers(value: Any, path: tuple[Any, ...] = ()) -> list[str]:
    """Places of integers a database INTEGER column cannot hold."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [] if -MAX_INTEGER - 1 <= value <= MAX_INTEGER else [f"{_where(path)}: {value} is too large."]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _oversized_integers(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _oversized_integers(v, (*path, i))]
    return []


def _value_problems(document: dict[str, Any]) -> list[str]:
    """What the schema cannot say: integers the database cannot hold, and links the
    event form would refuse (``javascript:`` and other non-web addresses)."""
    problems = _oversized_integers(document)
    url = document["event"]["online_url"]
    if url and not re.match(r"https?://", url, re.IGNORECASE):
        problems.append("event.online_url: only http:// and https:// addresses can be linked.")
    for where, part in (("series", document["series"]), ("event", document["event"])):
        colour = (part or {}).get("accent_colour")
        problem = accent_problem(colour) if colour else None
        if problem:
            problems.append(f"{where}.accent_colour: {problem}")
    return problems


def schema_problems(document: dict[str, Any]) -> list[str]:
    """Where the document departs from the format's JSON Schema (empty: it has the
    shape of an event file, whatever its values)."""
    # jsonschema (and its format checkers) loads here: only imports of a file need it
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    return [
        f"{_where(e.absolute_path)}: {e.message}"
        for e in sorted(
            Draft202012Validator(load_schema("event-file")).iter_errors(document),
            key=lambda e: list(map(str, e.absolute_path)),
        )
    ]


def check_document(document: dict[str, Any]) -> list[str]:  # noqa: PLR0912, PLR0915  (one check per rule, in the order the format lists them)
    """Every problem of a document, each with its place; empty = importable."""
    shape = schema_problems(document)
    if shape:
        return shape
    problems: list[str] = _value_problems(document)
    ev = document["event"]

    def duplicates(values: list[str], what: str) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                problems.append(f"{what} {value!r} appears more than once.")
            seen.add(value)

    org_ids = [o["id"] for o in document["organisations"]]
    person_ids = [p["id"] for p in document["people"]]
    duplicates(org_ids, "Organisation id")
    duplicates([o["name"] for o in document["organisations"]], "Organisation name")
    duplicates(person_ids, "Person id")
    duplicates(document["rooms"], "Room")
    uids = [s["uid"] for s in document["sessions"]] + [
        t["uid"] for s in document["sessions"] for t in s["talks"]
    ]
    duplicates(uids, "uid")
    duplicates([f"{r['email'].lower()} as {r['role']}" for r in document["roles"]], "Role")

    def known(ref: str | None, ids: list[str], where: str, what: str) -> None:
        if ref is not None and ref not in ids:
            problems.append(f"{where}: unknown {what} {ref!r}.")

    for i, org in enumerate(document["organisations"]):
        if org["country"] is not None and normalise_country(org["country"]) != org["country"]:
            problems.append(f"organisations[{i}].country: unknown country code {org['country']!r}.")
    for i, person in enumerate(document["people"]):
        known(person["organisation"], org_ids, f"people[{i}].organisation", "organisation")
        if person["country"] is not None and normalise_country(person["country"]) != person["country"]:
            problems.append(f"people[{i}].country: unknown country code {person['country']!r}.")
    known(ev["host"], org_ids, "event.host", "organisation")
    for i, role in enumerate(document["roles"]):
        known(role["organisation"], org_ids, f"roles[{i}].organisation", "organisation")
        try:
            normalise_email(role["email"])
        except AccountError:
            problems.append(f"roles[{i}].email: {role['email']!r} is not a valid e-mail address.")

    tz = timezone_problem(ev["timezone"])
    if tz:
        problems.append(f"event.timezone: {tz}")
    start, end = _instant(ev["start"], "event.start", problems), _instant(ev["end"], "event.end", problems)
    if start and end and end <= start:
        problems.append("event: the event must end after it starts.")
    opens = _instant(ev["registration_opens"], "event.registration_opens", problems)
    closes = _instant(ev["registration_closes"], "event.registration_closes", problems)
    if opens and closes and closes <= opens:
        problems.append("event: registration must close after it opens.")
    for i, s in enumerate(document["sessions"]):
        where = f"sessions[{i}]"
        s_start, s_end = (
            _instant(s["start"], f"{where}.start", problems),
            _instant(s["end"], f"{where}.end", problems),
        )
        if s_start and s_end and s_end <= s_start:
            problems.append(f"{where}: “{s['title']}” must end after it starts.")
        if s["room"] is not None and s["room"] not in document["rooms"]:
            problems.append(f"{where}.room: unknown room {s['room']!r} (list it under rooms).")
        for j, ref in enumerate(s["chairs"]):
            known(ref, person_ids, f"{where}.chairs[{j}]", "person")
        duplicates(s["chairs"], f"{where}: chair")
        for k, t in enumerate(s["talks"]):
            talk_start = _instant(t.get("start"), f"{where}.talks[{k}].start", problems)
            if talk_start and s_start and s_end and not s_start <= talk_start < s_end:
                problems.append(f"{where}.talks[{k}].start: the talk must start within its session.")
            for j, ref in enumerate(t["speakers"]):
                known(ref, person_ids, f"{where}.talks[{k}].speakers[{j}]", "person")
            duplicates(t["speakers"], f"{where}.talks[{k}]: speaker")

    problems.extend(settings_file_problems(document.get("plugin_settings", {})))

    if db.session.scalar(sa.select(Event.id).where(Event.slug == ev["slug"])) is not None:
        problems.append(f"event.slug: an event called {ev['slug']!r} already exists on this site.")
    if uids:
        taken = set(db.session.scalars(sa.select(Session.uid).where(Session.uid.in_(uids))))
        taken |= set(db.session.scalars(sa.select(Talk.uid).where(Talk.uid.in_(uids))))
        for uid in sorted(taken):
            problems.append(f"uid {uid!r} is already used on this site (was this event imported before?).")
    return problems


def import_event(
    document: dict[str, Any],
    *,
    known_people: Mapping[str, Person] | None = None,
    images_of: Event | None = None,
) -> Event:
    """Create the event of a checked document and commit; raises EventFileError,
    writing nothing. ``known_people`` maps the file's person ids to people already on
    the site (a duplicated event), who are linked rather than created again;
    ``images_of`` is an event whose logo and banner the new one gets (files carry none)."""
    problems = check_document(document)
    if problems:
        raise EventFileError(problems)
    with committing():
        event = _write_event(document, known_people or {})
        if images_of is not None:
            event.logo, event.banner = images_of.logo, images_of.banner
        return event


def _write_event(document: dict[str, Any], known_people: Mapping[str, Person]) -> Event:
    ev = document["event"]

    series = None
    if document["series"] is not None:
        series = db.session.scalar(sa.select(Series).where(Series.slug == document["series"]["slug"]))
        if series is None:
            series = Series(
                slug=document["series"]["slug"],
                title=document["series"]["title"],
                description=document["series"]["description"],
                accent_colour=(document["series"].get("accent_colour") or "").lower() or None,
            )
            db.session.add(series)

    orgs: dict[str, Organisation] = {}
    for item in document["organisations"]:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == item["name"]))
        if org is None:
            org = Organisation(
                name=item["name"], country=item["country"], region=item["region"], sector=item["sector"]
            )
            db.session.add(org)
        orgs[item["id"]] = org

    people: dict[str, Person] = {}
    for item in document["people"]:
        person = known_people.get(item["id"])
        if person is None and item["email"]:
            person = db.session.scalar(sa.select(Person).where(Person.email == item["email"]))
        if person is None:
            person = Person(
                name=item["name"],
                position=item["position"],
                country=item["country"],
                bio=item["bio"],
                email=item["email"],
                photo_url=item["photo_url"],
                organisation=orgs.get(item["organisation"]) if item["organisation"] else None,
            )
            db.session.add(person)
        people[item["id"]] = person

    event = Event(
        slug=ev["slug"],
        title=ev["title"],
        kind=ev["kind"],
        format=ev["format"],
        status=ev["status"],
        timezone=ev["timezone"],
        start_at=_utc(ev["start"]),
        end_at=_utc(ev["end"]),
        venue=ev["venue"],
        online_url=ev["online_url"],
        description=ev["description"],
        capacity=ev["capacity"],
        series=series,
        host=orgs[ev["host"]] if ev["host"] else None,
        registration_opens=_utc(ev["registration_opens"]) if ev["registration_opens"] else None,
        registration_closes=_utc(ev["registration_closes"]) if ev["registration_closes"] else None,
        report_language=ev.get("report_language") or "en",
        accent_colour=(ev.get("accent_colour") or "").lower() or None,
    )
    db.session.add(event)
    rooms = {name: Room(event=event, name=name, position=i) for i, name in enumerate(document["rooms"])}
    db.session.add_all(rooms.values())
    db.session.flush()

    for item in document["sessions"]:
        session = Session(
            uid=item["uid"],
            event=event,
            title=item["title"],
            kind=item["kind"],
            status=item["status"],
            start_at=_utc(item["start"]),
            end_at=_utc(item["end"]),
            room=rooms[item["room"]] if item["room"] else None,
            description=item["description"],
            position=item["position"],
            sequence=item["sequence"],
        )
        db.session.add(session)
        for position, talk_item in enumerate(item["talks"]):
            talk = Talk(
                uid=talk_item["uid"],
                session=session,
                title=talk_item["title"],
                summary=talk_item["summary"],
                position=position,
                start_at=_utc(talk_item["start"]) if talk_item.get("start") else None,
            )
            talk.speaker_links = [
                TalkSpeaker(person=people[ref], position=i) for i, ref in enumerate(talk_item["speakers"])
            ]
            db.session.add(talk)
        db.session.flush()
        for position, ref in enumerate(item["chairs"]):
            db.session.execute(
                session_chairs.insert().values(
                    session_id=session.id, person_id=people[ref].id, position=position
                )
            )

    for item in document["roles"]:
        email = item["email"].lower()
        user = db.session.scalar(sa.select(User).where(User.email == email))
        db.session.add(
            RoleAssignment(
                email=email,
                user=user,
                role=item["role"],
                event=event,
                organisation=orgs[item["organisation"]] if item["organisation"] else None,
            )
        )
    db.session.flush()
    import_settings(event, document.get("plugin_settings", {}))
    db.session.flush()
    db.session.expire(event)
    return event
