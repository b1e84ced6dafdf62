"""What is on now and what comes next, room by room, on the day of an event.

Attendees in a corridor (or between two video calls) want one glance: which session is
running in each room and which one follows. Rooms are listed in their programme order;
sessions without a room share one row. Cancelled sessions are left out: they are not on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from confsite.models import Event, Room, Session


@dataclass(frozen=True)
class RoomNow:
    room: Room | None
    current: Session | None
    upcoming: Session | None


@dataclass(frozen=True)
class NowAndNext:
    """The state of an event at one moment; ``rooms`` only lists rooms with something
    running or still to come."""

    at: datetime
    started: bool
    over: bool
    rooms: list[RoomNow]


def now_and_next(event: Event, sessions: list[Session], at: datetime) -> NowAndNext:
    """Group ``sessions`` (in programme order, as ``agenda.load_sessions`` returns them)
    by room and pick, for each room, the session running at ``at`` and the next one."""
    running = [s for s in sessions if not s.is_cancelled]
    by_room: dict[int | None, list[Session]] = {}
    for item in running:
        by_room.setdefault(item.room_id, []).append(item)
    rooms: list[RoomNow] = []
    order = [room.id for room in sorted(event.rooms, key=lambda r: (r.position, r.id))]
    for room_id in [*order, None]:
        items = by_room.get(room_id, [])
        current = next((s for s in items if s.start_at <= at < s.end_at), None)
        upcoming = next((s for s in items if s.start_at >= at and s is not current), None)
        if current or upcoming:
            room = current.room if current else upcoming.room if upcoming else None
            rooms.append(RoomNow(room=room, current=current, upcoming=upcoming))
    return NowAndNext(at=at, started=at >= event.start_at, over=at >= event.end_at, rooms=rooms)
