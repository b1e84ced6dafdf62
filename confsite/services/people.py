"""The People and Organisations lists organisers keep for their programmes.

A person or organisation shows on the public pages of every event whose programme
names them, so each change marks those events as changed (pages and feeds follow).
"""

from __future__ import annotations

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, Organisation, Person, Sector
from confsite.name_keys import name_key
from confsite.services.changes import touch_event
from confsite.services.events import ProgrammeError, events_using_organisation, events_using_person
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
