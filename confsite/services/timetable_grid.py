"""The organiser's timetable of one day as a grid: rooms across, 15-minute slots down.

Sessions are placed on grid lines (CSS grid rows and columns), so the page can draw them
and ``static/timetable-grid.js`` can move them by whole slots, to another room, or
stretch them. The grid spans the day's sessions rounded out to whole hours (09:00–18:00
for an empty day); a last column takes sessions without a room. Moves are saved
through the same service and clash checks as the session form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from confsite.models import Event, Room
from confsite.services.events import local_to_utc
from confsite.services.timetable import Entry

STEP = timedelta(minutes=15)
EMPTY_DAY = (time(9), time(18))


@dataclass(frozen=True)
class Block:
    session: Entry
    row: int  # first CSS grid line (line 1 is the header row)
    row_end: int
    column: int  # CSS grid column (column 1 holds the times)


@dataclass(frozen=True)
class SlotGrid:
    day: date
    columns: list[Room | None]  # None: sessions without a room
    slots: list[datetime]  # start of each slot, in the event's zone
    blocks: list[Block]

    @property
    def step_minutes(self) -> int:
        return int(STEP.total_seconds() // 60)


def slot_grid(event: Event, day: date, sessions: Sequence[Entry]) -> SlotGrid:
    """The grid of ``day`` for ``sessions`` (those starting that day, any order)."""
    zone = event.tz
    local = [(s, s.start_at.astimezone(zone), s.end_at.astimezone(zone)) for s in sessions]
    if local:
        first = _whole_hour(min(start for _s, start, _e in local))
        latest = max(end for _s, _st, end in local)
        last = _whole_hour(latest) + (timedelta(hours=1) if latest != _whole_hour(latest) else timedelta(0))
    else:
        first = event.local(local_to_utc(event, day, EMPTY_DAY[0]))
        last = event.local(local_to_utc(event, day, EMPTY_DAY[1]))
    slots = []
    moment = first
    while moment < last:
        slots.append(moment)
        moment += STEP
    rooms = sorted(event.rooms, key=lambda r: (r.position, r.id))
    columns: list[Room | None] = [*rooms, None]
    column_of = {(room.id if room else None): i + 2 for i, room in enumerate(columns)}
    blocks = []
    for session, start, end in local:
        row = int((start - first) / STEP) + 2
        row_end = max(row + 1, min(len(slots), -int(-(end - first) // STEP)) + 2)
        blocks.append(Block(session, row, row_end, column_of.get(session.room_id, len(columns) + 1)))
    return SlotGrid(day=day, columns=columns, slots=slots, blocks=blocks)


def _whole_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)
