"""Clashes are looked for only among sessions sharing a room or a person, and found
exactly as a check of every pair of sessions would find them."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import combinations
from types import SimpleNamespace

from confsite.models import SessionStatus
from confsite.services.timetable import Entry, find_conflicts

START = datetime(2030, 5, 6, 8, tzinfo=UTC)
EVENT = SimpleNamespace(start_at=START, end_at=START + timedelta(days=1), timezone="UTC")


def _entry(i: int, start: int, minutes: int, room: int | None, people=(), status=SessionStatus.SCHEDULED):
    at = START + timedelta(minutes=start)
    return Entry(
        id=i,
        title=f"S{i}",
        start_at=at,
        end_at=at + timedelta(minutes=minutes),
        room_id=room,
        room_name=f"Room {room}",
        status=status,
        people={p: f"P{p}" for p in people},
    )


def _every_pair(sessions: list[Entry]) -> list[tuple[str, tuple[int, ...]]]:
    """The plain definition, in the order the page lists them: every pair of active
    sessions that overlap in time, a room clash then one per person in both."""
    found = []
    active = sorted((s for s in sessions if not s.is_cancelled), key=lambda s: (s.start_at, s.id))
    for a, b in combinations(active, 2):
        if a.start_at < b.end_at and b.start_at < a.end_at:
            if a.room_id is not None and a.room_id == b.room_id:
                found.append(("room", (a.id, b.id)))
            found.extend(("person", (a.id, b.id)) for _p in a.people.keys() & b.people.keys())
    return found


def test_a_long_session_clashes_with_one_after_a_short_one():
    sessions = [_entry(1, 0, 180, room=1), _entry(2, 10, 20, room=2), _entry(3, 120, 30, room=1)]
    assert [(c.kind, c.session_ids) for c in find_conflicts(EVENT, sessions)] == [("room", (1, 3))]


def test_touching_sessions_and_cancelled_ones_do_not_clash():
    sessions = [
        _entry(1, 0, 60, room=1, people=[7]),
        _entry(2, 60, 60, room=1, people=[7]),
        _entry(3, 30, 60, room=1, people=[7], status=SessionStatus.CANCELLED),
    ]
    assert find_conflicts(EVENT, sessions) == []


def test_a_person_in_two_rooms_at_once():
    sessions = [_entry(1, 0, 60, room=1, people=[7, 8]), _entry(2, 30, 60, room=2, people=[8])]
    [clash] = find_conflicts(EVENT, sessions)
    assert (clash.kind, clash.session_ids) == ("person", (1, 2)) and "P8" in clash.message


def test_the_same_clashes_as_checking_every_pair():
    rng = random.Random(24)
    for _round in range(30):
        sessions = [
            _entry(
                i,
                rng.randrange(0, 600, 15),
                rng.choice([0, 15, 30, 60, 90, 240]),
                room=rng.choice([None, 1, 2, 3]),
                people=rng.sample(range(6), rng.randrange(0, 3)),
                status=rng.choice([SessionStatus.SCHEDULED] * 5 + [SessionStatus.CANCELLED]),
            )
            for i in range(25)
        ]
        found = find_conflicts(EVENT, sessions)
        assert [(c.kind, c.session_ids) for c in found if c.kind != "outside"] == _every_pair(sessions)
