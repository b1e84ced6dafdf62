"""The agenda as a grid of rooms (columns) by time (rows), for multi-track events.

A list hides what runs in parallel; a grid shows it at a glance. Each day becomes a table:
its rows are the intervals between consecutive start and end times of that day's
sessions, and a session spans the rows of its duration in its room's column. It is a
plain table (rowspans), so it reads without CSS or JavaScript and screen readers announce
room and time through the headers.

A room booked twice at once (a clash the organiser was warned about) keeps the first
session in the grid; the others are listed under the table rather than silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from sqlalchemy.orm import selectinload

from confsite.models import Event, Room, Session
from confsite.services.agenda import AgendaDay
from confsite.services.session_reader import SessionReader, SessionSlot


@dataclass
class GridCell:
    session: Session | None  # None: an empty slot
    rowspan: int = 1


@dataclass
class GridRow:
    start: datetime
    end: datetime
    cells: list[GridCell | None]  # None: covered by a session from a row above


@dataclass
class GridDay:
    day: AgendaDay[Session]
    columns: list[Room | None]  # None: sessions without a room
    rows: list[GridRow]
    not_placed: list[Session] = field(default_factory=list)


def grid_days(event: Event, days: list[AgendaDay[SessionSlot]]) -> Iterator[GridDay]:
    """The grid of each of ``days`` (chosen from the event's slots), a day at a time: a
    day's sessions are read (in batches, with the chairs the grid shows) when its grid
    is asked for, and let go of when the next one is: a day's grid is emptied then (the
    page has rendered it), so a large programme is never all in memory."""
    reader = SessionReader([slot.id for day in days for slot in day.sessions], [selectinload(Session.chairs)])
    for day in days:
        grid = grid_day(event, AgendaDay(day.day, list(reader.sessions([slot.id for slot in day.sessions]))))
        yield grid
        grid.day.sessions.clear()
        grid.rows.clear()
        grid.not_placed.clear()


def grid_day(event: Event, day: AgendaDay[Session]) -> GridDay:
    """Lay out one day's sessions (in programme order) as rows by time and columns by room."""
    rooms = sorted(event.rooms, key=lambda r: (r.position, r.id))
    used = {s.room_id for s in day.sessions}
    columns: list[Room | None] = [r for r in rooms if r.id in used]
    if None in used:
        columns.append(None)
    column_of = {(room.id if room else None): i for i, room in enumerate(columns)}
    times = sorted({s.start_at for s in day.sessions} | {s.end_at for s in day.sessions})
    row_of = {moment: i for i, moment in enumerate(times)}
    rows = [GridRow(start, end, [GridCell(None) for _ in columns]) for start, end in pairwise(times)]
    grid = GridDay(day=day, columns=columns, rows=rows)
    for item in day.sessions:
        first, last, column = row_of[item.start_at], row_of[item.end_at], column_of[item.room_id]
        span = range(first, max(last, first + 1))
        if span.stop > len(rows) or not all(_free(rows[i].cells[column]) for i in span):
            grid.not_placed.append(item)
            continue
        rows[first].cells[column] = GridCell(item, rowspan=len(span))
        for i in span[1:]:
            rows[i].cells[column] = None
    return grid


def _free(cell: GridCell | None) -> bool:
    return cell is not None and cell.session is None
