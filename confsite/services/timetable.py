"""Timetable problems an organiser must see: clashes and sessions outside the event.

The checks work on :class:`Entry` values: the timetable page reads them for the whole
programme with three plain queries (:func:`timetable_entries`: no ORM objects for 600
sessions and their 1,500 talks), and sessions already loaded or about to be saved are
converted (:func:`entry_of`). Overlaps are looked for only among sessions sharing a
room or a person, swept in start order, so the cost grows with the sessions and the
real clashes, not with every pair of sessions. Cancelled sessions never clash.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from confsite.extensions import db
from confsite.i18n import _
from confsite.models import Event, Person, Room, Session, SessionStatus, Talk, TalkSpeaker, session_chairs
from confsite.templating import local_dt


@dataclass(frozen=True)
class Conflict:
    kind: str  # "room", "person", "outside"
    message: str
    session_ids: tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Entry:
    """A session as the timetable shows and checks it, in plain values."""

    id: int
    title: str
    start_at: datetime
    end_at: datetime
    room_id: int | None
    room_name: str
    status: SessionStatus
    chairs: tuple[str, ...] = ()  # names, in the session's order
    talk_count: int = 0
    people: Mapping[int, str] = field(default_factory=dict)  # chairs and speakers by person id

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


def _overlap(a: Entry, b: Entry) -> bool:
    return a.start_at < b.end_at and b.start_at < a.end_at


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


def entry_of(session: Scheduled | Entry) -> Entry:
    """The timetable's view of a loaded session (chairs, talks and speakers loaded) or
    of one about to be saved."""
    if isinstance(session, Entry):
        return session
    people = {p.id: p.name for p in session.chairs}
    for talk in session.talks:
        for link in talk.speaker_links:
            people[link.person.id] = link.person.name
    return Entry(
        id=session.id,
        title=session.title,
        start_at=session.start_at,
        end_at=session.end_at,
        room_id=session.room.id if session.room else None,
        room_name=session.room.name if session.room else "",
        status=session.status,
        chairs=tuple(p.name for p in session.chairs),
        talk_count=len(session.talks),
        people=people,
    )


def timetable_entries(event: Event) -> list[Entry]:
    """Every session of the event in programme order, as :class:`Entry` values: three
    queries of plain rows, whatever the size of the programme."""
    of_event = Session.event_id == event.id
    chairs: dict[int, list[tuple[int, str]]] = {}
    for session_id, person_id, name in db.session.execute(
        sa.select(session_chairs.c.session_id, Person.id, Person.name)
        .join(Person, Person.id == session_chairs.c.person_id)
        .join(Session, Session.id == session_chairs.c.session_id)
        .where(of_event)
        .order_by(session_chairs.c.session_id, session_chairs.c.position)
    ):
        chairs.setdefault(session_id, []).append((person_id, name))
    # Talks with their speakers (a talk without any: one row of NULLs), counted per session.
    speakers: dict[int, dict[int, str]] = {}
    talks: dict[int, set[int]] = {}
    for session_id, talk_id, person_id, name in db.session.execute(
        sa.select(Talk.session_id, Talk.id, Person.id, Person.name)
        .join(Session, Session.id == Talk.session_id)
        .outerjoin(TalkSpeaker, TalkSpeaker.talk_id == Talk.id)
        .outerjoin(Person, Person.id == TalkSpeaker.person_id)
        .where(of_event)
    ):
        talks.setdefault(session_id, set()).add(talk_id)
        if person_id is not None:
            speakers.setdefault(session_id, {})[person_id] = name
    rows = db.session.execute(
        sa.select(
            Session.id,
            Session.title,
            Session.start_at,
            Session.end_at,
            Session.room_id,
            Room.name,
            Session.status,
        )
        .outerjoin(Room, Room.id == Session.room_id)
        .where(of_event)
        .order_by(Session.start_at, Session.position, Session.id)
    )
    return [
        Entry(
            id=session_id,
            title=title,
            start_at=start_at,
            end_at=end_at,
            room_id=room_id,
            room_name=room_name or "",
            status=status,
            chairs=tuple(name for _id, name in chairs.get(session_id, [])),
            talk_count=len(talks.get(session_id, ())),
            people=dict(chairs.get(session_id, [])) | speakers.get(session_id, {}),
        )
        for session_id, title, start_at, end_at, room_id, room_name, status in rows
    ]


def clashes_of(
    event: Event, proposed: ProposedSession, sessions: Sequence[Scheduled | Entry]
) -> list[Conflict]:
    """The conflicts ``proposed`` would bring into the event's timetable (``sessions``,
    loaded as for :func:`find_conflicts`)."""
    others = [s for s in sessions if s.id != proposed.id]
    mine = dataclasses.replace(proposed, id=NEW_SESSION)
    return [c for c in find_conflicts(event, [*others, mine]) if NEW_SESSION in c.session_ids]


def find_conflicts(event: Event, sessions: Sequence[Scheduled | Entry]) -> list[Conflict]:
    """Same-room overlaps, a person in two sessions at once, sessions outside the event."""
    active = [entry_of(s) for s in sessions if not s.is_cancelled]
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
    ordered = sorted(active, key=lambda s: (s.start_at, s.id))
    # Only sessions sharing a room or a person can clash: each group is swept on its own.
    groups: dict[tuple[str, int], list[int]] = {}
    for i, s in enumerate(ordered):
        if s.room_id is not None:
            groups.setdefault(("room", s.room_id), []).append(i)
        for person_id in s.people:
            groups.setdefault(("person", person_id), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in groups.values():
        for k, i in enumerate(members):
            for j in members[k + 1 :]:
                if ordered[j].start_at >= ordered[i].end_at:
                    break  # every later one starts later still: none overlaps session i
                if _overlap(ordered[i], ordered[j]):
                    pairs.add((i, j))
    for i, j in sorted(pairs):
        conflicts.extend(_pair_conflicts(ordered[i], ordered[j]))
    return conflicts


def _pair_conflicts(a: Entry, b: Entry) -> list[Conflict]:
    """What two overlapping sessions clash on: their room, people in both."""
    found = []
    if a.room_id is not None and a.room_id == b.room_id:
        found.append(
            Conflict(
                "room",
                _(
                    "“%(first)s” and “%(second)s” overlap in %(room)s.",
                    first=a.title,
                    second=b.title,
                    room=a.room_name,
                ),
                (a.id, b.id),
            )
        )
    for person_id in sorted(a.people.keys() & b.people.keys()):
        found.append(
            Conflict(
                "person",
                _(
                    "%(name)s is in “%(first)s” and “%(second)s” at the same time.",
                    name=a.people[person_id],
                    first=a.title,
                    second=b.title,
                ),
                (a.id, b.id),
            )
        )
    return found


def _span(event: Event) -> str:
    return f"{local_dt(event.start_at, event)} – {local_dt(event.end_at, event)}"


def clock_times(sessions: Sequence[Entry], zone: ZoneInfo) -> dict[int, tuple[str, str]]:
    """Start and end of each session as "HH:MM" in ``zone``: what the timetable prints
    six times per session, formatted once (the same digits in every language)."""
    return {
        s.id: (s.start_at.astimezone(zone).strftime("%H:%M"), s.end_at.astimezone(zone).strftime("%H:%M"))
        for s in sessions
    }


def event_days(event: Event) -> list[date]:
    """Every local calendar day the event covers."""
    first, last = event.local(event.start_at).date(), event.local(event.end_at).date()
    days = []
    while first <= last:
        days.append(first)
        first += timedelta(days=1)
    return days
