"""Reading a programme a batch of sessions at a time.

A feed of the 6,000-session event needs every session with its room, chairs, talks and
speakers: ~50,000 ORM objects, over 100 MB, if loaded at once. The feeds only write one
session after another, so they read them in batches (keyset pages in programme order,
each with the same eager loaders) and let each batch go before the next is loaded:
memory stays that of one batch whatever the size of the programme, and the number of
queries grows with the number of batches only (an event of fewer sessions than a batch
costs the same queries as one load of everything).
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.models import Session
from confsite.services.agenda import programme_loaders

BATCH_SIZE = 200  # 500 kept about 4 MB more of a worker at the peak of a 6,000-session feed
# Programme order; with the event id second, sessions of several events come out in
# the order of (start, event) the feeds sort their entries in.
ORDER = (Session.start_at, Session.event_id, Session.position, Session.id)


def iter_sessions(condition: sa.ColumnElement[bool], *, size: int | None = None) -> Iterator[Session]:
    """Sessions matching ``condition`` in :data:`ORDER`, with their event and everything
    :func:`programme_loaders` loads, read ``size`` at a time.

    The caller must not keep the sessions it is given (only what it wrote of them):
    once a batch is consumed, dropping the list frees it before the next one is read
    (the session's identity map holds its objects weakly, and no reference cycle keeps
    them: measured on the 6,000-session event, nothing of a batch outlives it, so no
    ``gc.collect()``, which would cost ~0.4 s a batch on a full heap)."""
    size = size or BATCH_SIZE
    after: tuple | None = None
    while True:
        query = (
            sa.select(Session)
            .where(condition)
            .options(selectinload(Session.event), *programme_loaders())
            .order_by(*ORDER)
            .limit(size)
        )
        if after is not None:
            bound = (sa.literal(value, column.type) for column, value in zip(ORDER, after, strict=True))
            query = query.where(sa.tuple_(*ORDER) > sa.tuple_(*bound))
        batch = list(db.session.scalars(query))
        if not batch:
            return
        last = batch[-1]
        after = (last.start_at, last.event_id, last.position, last.id)
        full = len(batch) == size
        yield from batch
        del batch, last
        if not full:
            return
