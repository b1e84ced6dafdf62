"""The People and Organisations lists organisers keep for their programmes.

A person or organisation shows on the public pages of every event whose programme
names them, so each change marks those events as changed (pages and feeds follow).
Which events name whom is worked out here too, and people are found by their names
as typed (accents and case aside, with "did you mean" suggestions).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import (
    Event,
    Organisation,
    Person,
    RoleAssignment,
    Sector,
    Session,
    Talk,
    TalkSpeaker,
    session_chairs,
)
from confsite.name_keys import name_key
from confsite.services.changes import touch_event
from confsite.services.events import ProgrammeError
from confsite.services.transaction import committing


def _touch(event_ids: set[int]) -> None:
    if event_ids:
        for event in db.session.scalars(sa.select(Event).where(Event.id.in_(event_ids))):
            touch_event(event)


def save_person(
    person: Person | None,
    *,
    name: str,
    position: str = "",
    organisation_id: int | None = None,
    country: str | None = None,
    email: str | None = None,
    photo_url: str | None = None,
    bio: str = "",
) -> Person:
    """Add a person (``person`` None) or change one."""
    with committing():
        if person is None:
            person = Person()
            db.session.add(person)
        else:
            _touch(events_using_person(person))
        person.name = name.strip()
        person.position = position.strip()
        person.organisation_id = organisation_id
        person.country = country
        person.email = (email or "").strip().lower() or None
        person.photo_url = photo_url
        person.bio = bio
    return person


def organisation_name_problem(name: str, exclude_id: int | None = None) -> str | None:
    """Organisation names are unique regardless of case and accents."""
    query = sa.select(Organisation.id).where(Organisation.name_key == name_key(name))
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    if db.session.scalar(query) is not None:
        return "An organisation with this name already exists."
    return None


def save_organisation(
    org: Organisation | None, *, name: str, country: str | None, region: str, sector: str
) -> Organisation:
    """Add an organisation (``org`` None) or change one; raises ProgrammeError
    (field ``name``) when another has the name."""
    problem = organisation_name_problem(name, org.id if org is not None else None)
    if problem:
        raise ProgrammeError(problem, field="name")
    with committing():
        if org is None:
            org = Organisation()
            db.session.add(org)
        else:
            _touch(events_using_organisation(org))
        org.name = name.strip()
        org.country = country
        org.region = region.strip()
        org.sector = Sector(sector)
    return org


def delete_organisation(org: Organisation) -> None:
    """People and hosted events keep existing without it."""
    with committing():
        _touch(events_using_organisation(org))
        db.session.delete(org)


# --- who appears where, found by name -------------------------------------------------------


def find_people_by_names(text: str) -> tuple[tuple[Person, ...], list[str]]:
    """People named in ``text`` (separated by semicolons), in order, and problems.

    A name matches regardless of case and accents ("angel alonso sanchez" finds
    Ángel Alonso Sánchez) but must match exactly one person, so nobody is guessed;
    an unknown name is explained with the closest names on the list.
    """
    names = [n.strip() for n in (text or "").split(";") if n.strip()]
    if not names:
        return (), []
    keys = {name: name_key(name) for name in names}
    rows = db.session.scalars(sa.select(Person).where(Person.name_key.in_(set(keys.values())))).all()
    found: list[Person] = []
    problems: list[str] = []
    for name in names:
        matches = [p for p in rows if p.name_key == keys[name]]
        if not matches:
            problems.append(_nobody_called(name))
        elif len(matches) > 1:
            problems.append(
                f"Several people are called {name!r}: give them distinct names on the People list."
            )
        else:
            found.append(matches[0])
    return tuple(found), problems


def similar_people_names(name: str, limit: int = 3) -> list[str]:
    """Names on the People list closest to ``name`` (accent- and case-insensitive)."""
    rows = db.session.execute(sa.select(Person.name, Person.name_key)).all()
    by_key: dict[str, str] = {}
    for person_name, key in rows:
        by_key.setdefault(key, person_name)
    close = difflib.get_close_matches(name_key(name), list(by_key), n=limit, cutoff=0.6)
    return [by_key[key] for key in close]


def _nobody_called(name: str) -> str:
    suggestions = similar_people_names(name)
    if suggestions:
        return f"Nobody called {name!r} is on the People list. Did you mean {' or '.join(suggestions)}?"
    return f"Nobody called {name!r} is on the People list: add them there first."


def _group(rows: Iterable[tuple[int | None, int | None]]) -> dict[int, set[int]]:
    grouped: dict[int, set[int]] = {}
    for key, event_id in rows:
        if key is not None and event_id is not None:
            grouped.setdefault(key, set()).add(event_id)
    return grouped


def people_events(person_id: int | None = None) -> dict[int, set[int]]:
    """Person id -> ids of events whose programme names them (speaker or chair).

    Two queries for everyone at once, so lists stay cheap."""
    speaking = (
        sa.select(TalkSpeaker.person_id, Session.event_id)
        .join(Talk, Talk.id == TalkSpeaker.talk_id)
        .join(Session, Session.id == Talk.session_id)
    )
    chairing = sa.select(session_chairs.c.person_id, Session.event_id).join(
        Session, Session.id == session_chairs.c.session_id
    )
    if person_id is not None:
        speaking = speaking.where(TalkSpeaker.person_id == person_id)
        chairing = chairing.where(session_chairs.c.person_id == person_id)
    return _group([*db.session.execute(speaking).all(), *db.session.execute(chairing).all()])


def organisations_events(org_id: int | None = None) -> dict[int, set[int]]:
    """Organisation id -> ids of events that show it: host, partner role, or the
    affiliation of a speaker or chair."""
    hosting = sa.select(Event.host_organisation_id, Event.id)
    partnering = sa.select(RoleAssignment.organisation_id, RoleAssignment.event_id)
    speaking = (
        sa.select(Person.organisation_id, Session.event_id)
        .join(TalkSpeaker, TalkSpeaker.person_id == Person.id)
        .join(Talk, Talk.id == TalkSpeaker.talk_id)
        .join(Session, Session.id == Talk.session_id)
    )
    chairing = (
        sa.select(Person.organisation_id, Session.event_id)
        .join(session_chairs, session_chairs.c.person_id == Person.id)
        .join(Session, Session.id == session_chairs.c.session_id)
    )
    if org_id is not None:
        hosting = hosting.where(Event.host_organisation_id == org_id)
        partnering = partnering.where(RoleAssignment.organisation_id == org_id)
        speaking = speaking.where(Person.organisation_id == org_id)
        chairing = chairing.where(Person.organisation_id == org_id)
    rows = [row for q in (hosting, partnering, speaking, chairing) for row in db.session.execute(q).all()]
    return _group(rows)


def events_using_person(person: Person) -> set[int]:
    return people_events(person.id).get(person.id, set())


def events_using_organisation(org: Organisation) -> set[int]:
    return organisations_events(org.id).get(org.id, set())


def delete_person(person: Person) -> None:
    if events_using_person(person):
        raise ProgrammeError(
            f"{person.name} still speaks or chairs in a programme: remove them from those sessions first."
        )
    with committing():
        db.session.delete(person)
