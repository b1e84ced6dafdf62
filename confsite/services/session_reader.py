"""Reading a large programme a batch of sessions at a time, in bounded memory.

The agenda of an event with 6,000 sessions shows about 50,000 rows (sessions, rooms,
chairs, talks, speakers); read at once as model objects they took over 100 MB of a
worker's memory. Here a page first reads where each session sits (:func:`session_slots`:
id, start and room, a light tuple) to choose and group what it shows, then reads the
sessions themselves :data:`BATCH_SESSIONS` at a time, in the order it shows them, while it
renders them (:class:`SessionReader`). A batch's objects are let go of as they are used,
so memory stays bounded by one batch whatever the size of the event, for about the same
number of queries (eager loads fetch 500 keys per query anyway).

Model objects of a batch form no reference cycles (measured: deleting a batch frees its
objects at once), and the database session's identity map holds them weakly, so they are
freed as soon as the page stops referring to them: no ``expunge`` or ``gc.collect``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, Session

BATCH_SESSIONS = 150  # about 3 MB of model objects with the agenda's eager loads (300: 2 MB more at its peak)


class SessionSlot(NamedTuple):
    """Where a session sits in the programme: enough to filter and group it by day and
    track, and to lay out a grid, without reading it."""

    id: int
    start_at: datetime
    end_at: datetime
    room_id: int | None


def programme_order() -> tuple[Any, ...]:
    """The order of a programme: by start, then the organiser's position."""
    return (Session.start_at, Session.position, Session.id)


def session_slots(event: Event) -> list[SessionSlot]:
    """Every session of ``event`` as a :class:`SessionSlot`, in programme order (one query)."""
    rows = db.session.execute(
        sa.select(Session.id, Session.start_at, Session.end_at, Session.room_id)
        .where(Session.event_id == event.id)
        .order_by(*programme_order())
    )
    return [SessionSlot(*row) for row in rows]


class SessionReader:
    """Sessions read by id in batches, in the order a page will ask for them.

    ``ids`` is every session the page shows, in the order it shows them; ``options`` are
    the eager loads it needs. :meth:`sessions` hands out sessions in any run of that
    order, reading the next :data:`BATCH_SESSIONS` ids when it reaches them. A session is
    forgotten once handed out: the caller must not keep more than it needs at a time.
    Ids whose session has gone since (deleted meanwhile) are skipped.
    """

    def __init__(self, ids: Sequence[int], options: Sequence[Any] = ()) -> None:
        self._ids = ids
        self._options = options
        self._place = {session_id: i for i, session_id in enumerate(ids)}
        self._read_up_to = 0  # ids before this place were read
        self._batch: dict[int, Session] = {}

    def sessions(self, ids: Sequence[int]) -> Iterator[Session]:
        """The sessions ``ids`` (a run of the reader's ids, in the same order)."""
        for session_id in ids:
            while self._place[session_id] >= self._read_up_to:
                self._read_next_batch()
            session = self._batch.pop(session_id, None)
            if session is not None:
                yield session

    def _read_next_batch(self) -> None:
        chunk = self._ids[self._read_up_to : self._read_up_to + BATCH_SESSIONS]
        self._batch.clear()  # what was not asked for: let go of before the next batch
        self._batch = {
            s.id: s
            for s in db.session.scalars(
                sa.select(Session).where(Session.id.in_(chunk)).options(*self._options)
            )
        }
        self._read_up_to += len(chunk)
