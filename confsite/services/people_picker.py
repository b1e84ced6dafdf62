"""The organiser's people picker: searching the People list as they type, reading the
people chosen by id, and the new people typed in beside them.

An organiser finds only people they may see: nobody on the programme yet, or someone
named in at least one event they organise (site admins see everyone), so the picker
never reveals who speaks at another organiser's unpublished event. Matching uses the
same accent- and case-free keys as typed names (``confsite.name_keys``), so "angel"
finds Ángel and "lukasz" finds Łukasz on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.countries import country_choices, country_name
from confsite.extensions import db
from confsite.i18n import _
from confsite.models import Organisation, Person
from confsite.name_keys import name_key
from confsite.services.events import NewSpeaker, new_speaker_problem
from confsite.services.people import people_events

SEARCH_LIMIT = 10
MAX_QUERY = 100
MAX_CHOSEN = 50
MAX_NEW = 20


@dataclass(frozen=True)
class PersonHit:
    """One person as the picker lists them."""

    id: int
    name: str
    organisation: str
    country: str

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "organisation": self.organisation, "country": self.country}


def _visible(person_id: int, used: dict[int, set[int]], managed: set[int] | None) -> bool:
    if managed is None:
        return True
    events = used.get(person_id, set())
    return not events or bool(events & managed)


def _like(key: str) -> str:
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_people(query: str, managed: set[int] | None, limit: int = SEARCH_LIMIT) -> list[PersonHit]:
    """People whose name or organisation contains ``query`` (accents and case ignored),
    names starting with it first; at most ``limit``, only those the organiser may see."""
    key = name_key((query or "")[:MAX_QUERY])
    if not key:
        return []
    pattern = _like(key)
    rows = db.session.scalars(
        sa.select(Person)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(
            sa.or_(
                Person.name_key.like(pattern, escape="\\"),
                Organisation.name_key.like(pattern, escape="\\"),
            )
        )
        .options(selectinload(Person.organisation))
        .order_by(Person.name)
    ).all()
    used = people_events()
    visible = [p for p in rows if _visible(p.id, used, managed)]
    visible.sort(key=lambda p: (not p.name_key.startswith(key), key not in p.name_key, p.name_key))
    return [
        PersonHit(
            id=p.id,
            name=p.name,
            organisation=p.organisation.name if p.organisation else "",
            country=country_name(p.country) if p.country else "",
        )
        for p in visible[:limit]
    ]


def people_by_ids(text: str, managed: set[int] | None) -> tuple[tuple[Person, ...], list[str]]:
    """The people chosen in the picker (ids separated by commas), in order, and problems.

    An id that is not a number, unknown, or someone the organiser may not see is
    refused with the same words, so ids cannot be used to probe the People list."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if len(parts) > MAX_CHOSEN:
        return (), [_("Choose at most %(count)d people.", count=MAX_CHOSEN)]
    if not all(part.isdecimal() and len(part) < 10 for part in parts):
        return (), [_("The people chosen could not be read: choose them again.")]
    ids = [int(part) for part in parts]
    if len(set(ids)) != len(ids):
        return (), [_("Someone is chosen twice.")]
    rows = {p.id: p for p in db.session.scalars(sa.select(Person).where(Person.id.in_(ids))).all()}
    used = people_events()
    if any(i not in rows or not _visible(i, used, managed) for i in ids):
        return (), [_("Someone chosen is not on the People list any more: choose them again.")]
    return tuple(rows[i] for i in ids), []


@dataclass(frozen=True)
class NewPeopleInput:
    """The new people's fields as posted, one list per field, in the same order."""

    names: Sequence[str]
    organisations: Sequence[str]
    countries: Sequence[str]


def read_new_people(data: NewPeopleInput) -> tuple[list[NewSpeaker], list[str]]:
    """The new people typed in the picker, checked: a name each (not on the list yet,
    not twice), an existing organisation or none, a known country or none."""
    names, orgs, countries = list(data.names), list(data.organisations), list(data.countries)
    if not names:
        return [], []
    if len(names) > MAX_NEW:
        return [], [_("Add at most %(count)d new people at once.", count=MAX_NEW)]
    if not len(names) == len(orgs) == len(countries):
        return [], [_("The new people could not be read: add them again.")]
    org_ids = set(db.session.scalars(sa.select(Organisation.id)))
    country_codes = {code for code, _name in country_choices()}
    found: list[NewSpeaker] = []
    problems: list[str] = []
    seen: set[str] = set()
    for name, org, country in zip(names, orgs, countries, strict=True):
        name = " ".join(name.split())
        if not name or len(name) > 200:
            problems.append(_("Each new person needs a name of at most 200 characters."))
            continue
        key = name_key(name)
        if key in seen:
            problems.append(_("%(name)s is added twice.", name=name))
            continue
        seen.add(key)
        taken = new_speaker_problem(name)
        if taken:
            problems.append(taken)
            continue
        org_id = int(org) if org.isdecimal() and len(org) < 10 else None
        if org not in ("", "0") and org_id not in org_ids:
            problems.append(_("Choose one of the listed organisations for %(name)s.", name=name))
            continue
        if country and country not in country_codes:
            problems.append(_("Choose one of the listed countries for %(name)s.", name=name))
            continue
        found.append(NewSpeaker(name=name, organisation_id=org_id or None, country=country or None))
    return (found if not problems else []), problems
