"""Reading an event file in: parse it, check everything (writing nothing when there is
any problem), then write the event, its programme, people, organisations and roles."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

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
from confsite.services.event_io.format import EventFileError
from confsite.services.plugin_event_settings import import_settings, settings_file_problems
from confsite.services.transaction import committing
from confsite.timezones import timezone_problem

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
