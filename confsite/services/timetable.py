"""Timetable problems an organiser must see: clashes and sessions outside the event.

Works on sessions already loaded (``agenda.load_sessions``) so the timetable page costs
a fixed number of queries. Cancelled sessions never clash.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import combinations

from confsite.i18n import _
from confsite.models import Event, Person, Room, Session, SessionStatus, Talk
from confsite.templating import local_dt


@dataclass(frozen=True)
class Conflict:
    kind: str  # "room", "person", "outside"
    message: str
    session_ids: tuple[int, ...] = field(default_factory=tuple)


def _overlap(a: Scheduled, b: Scheduled) -> bool:
    return a.start_at < b.end_at and b.start_at < a.end_at


def _people(session: Scheduled) -> dict[int, str]:
    people = {p.id: p.name for p in session.chairs}
    for talk in session.talks:
        for link in talk.speaker_links:
            people[link.person.id] = link.person.name
    return people


NEW_SESSION = -1  # the id of a session not saved yet: no row has it


@dataclass(frozen=True)
class ProposedSession:
    """A session as a form would save it, checked before anything is written (so a clash
    can be confirmed or corrected first). ``id`` is the session being edited, or
    ``NEW_SESSION``."""

    id: int
    title: str
    start_at: datetime
    end_at: datetime
    room: Room | None
    chairs: Sequence[Person]
    talks: Sequence[Talk] = ()
    status: SessionStatus = SessionStatus.SCHEDULED

    @property
    def room_id(self) -> int | None:
        return self.room.id if self.room else None

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


Scheduled = Session | ProposedSession


def clashes_of(event: Event, proposed: ProposedSession, sessions: list[Session]) -> list[Conflict]:
    """The conflicts ``proposed`` would bring into the event's timetable (``sessions``,
    loaded as for :func:`find_conflicts`)."""
    others: list[Scheduled] = [s for s in sessions if s.id != proposed.id]
    mine = dataclasses.replace(proposed, id=NEW_SESSION)
    return [c for c in find_conflicts(event, [*others, mine]) if NEW_SESSION in c.session_ids]


def find_conflicts(event: Event, sessions: Sequence[Scheduled]) -> list[Conflict]:
    """Same-room overlaps, a person in two sessions at once, sessions outside the event."""
    active = [s for s in sessions if not s.is_cancelled]
    conflicts: list[Conflict] = []
    for s in active:
        if s.start_at < event.start_at or s.end_at > event.end_at:
            conflicts.append(
                Conflict(
                    "outside",
                    _(
                        "“%(title)s” is outside the event's dates (%(dates)s).",
                        title=s.title,
                        dates=_span(event),
                    ),
                    (s.id,),
                )
            )
    people = {s.id: _people(s) for s in active}
    for a, b in combinations(sorted(active, key=lambda s: (s.start_at, s.id)), 2):
        if not _overlap(a, b):
            continue
        if a.room is not None and a.room_id == b.room_id:
            conflicts.append(
                Conflict(
                    "room",
                    _(
                        "“%(first)s” and “%(second)s” overlap in %(room)s.",
                        first=a.title,
                        second=b.title,
                        room=a.room.name,
                    ),
                    (a.id, b.id),
                )
            )
        for person_id in sorted(people[a.id].keys() & people[b.id].keys()):
            conflicts.append(
                Conflict(
                    "person",
                    _(
                        "%(name)s is in “%(first)s” and “%(second)s” at the same time.",
                        name=people[a.id][person_id],
                        first=a.title,
                        second=b.title,
                    ),
                    (a.id, b.id),
                )
            )
    return conflicts


def _span(event: Event) -> str:
    return f"{local_dt(event.start_at, event)} – {local_dt(event.end_at, event)}"


def event_days(event: Event) -> list[date]:
    """Every local calendar day the event covers."""
    first, last = event.local(event.start_at).date(), event.local(event.end_at).date()
    days = []
    while first <= last:
        days.append(first)
        first += timedelta(days=1)
    return days
