"""The rows a public page starts from, attached to the request's session without a query.

Every page of an event starts by reading the event row with its series; a session page
that and the session's row, a speaker page the person's. That round trip, and some 30
columns turned into objects, cost about a millisecond per visit: as much as all the rest
of an uncached session page but its layout. Copies of these rows are kept instead:

- the event's and its series' on PostgreSQL, while their changes are announced
  (``caching.event_memory``; on SQLite nothing is kept and they are read every time);
  an event's seat counter apart, since every registration moves it (a POST reads it
  only if it uses it);
- a session's or a person's beside the fragments rendered from them, under their
  event's content version (``caching.render``), which every change to them moves.

A copy is attached to the request's session as a persistent object
(``Session.merge(load=False)``): its relationships load on first use as usual, from
the identity map when the related row was attached too (a session's event, an event's
series). The kept copy itself stays detached and is never changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm.attributes import set_committed_value

from confsite.caching import event_memory
from confsite.caching.pages import detached_copy
from confsite.caching.render import cache_of
from confsite.extensions import db
from confsite.models import Event

M = TypeVar("M")

# A kept row counts this much against the render cache's bytes (objects and their
# dictionaries, roughly): the cache is bounded by size.
ROW_BYTES = 2048


def remembered_event(slug: str, read: Callable[[], Event | None]) -> Event | None:
    """The event ``slug``, its series attached too, from memory where it is kept, else
    ``read()`` (through the request's session), kept for next time (its series too, if
    read with it; else it is read on the read engine once the event is kept).
    Read every time where memory cannot be trusted: SQLite, announcements not being
    received, a transaction that has written."""
    found = event_memory.trusted()
    if found is None:
        return read()
    memory, key = found.memory, ("event", slug)
    events_generation, series_generation = memory.generation(), memory.generation("series")
    seats_generation = memory.generation(event_memory.SEAT_TABLES)
    event = memory.get(key)
    if event is None:
        event = read()
        if event is not None:  # as kept by ``EventMemory.event``: the same key, a copy
            memory.keep(key, detached_copy(event), events_generation)
            found.keep_seats(event, seats_generation)
            if event.series_id is not None and "series" not in sa.inspect(event).unloaded:
                memory.keep(
                    ("series", event.series_id), detached_copy(event.series), series_generation, "series"
                )
        return event
    series = found.series(event.series_id) if event.series_id is not None else None
    if event.series_id is not None and series is None:
        return read()  # removed meanwhile: the event as it is now
    fresh = sa.inspect(event).key not in db.session().identity_map
    event = attached(event)
    if fresh:
        # The copy holds the seat counter it was read with; registrations have moved it
        # since. A page (and work outside a request) reads and keeps the current
        # count; a form's POST (a registration) reads it only if it uses it.
        seats = found.kept_seats(event)
        if seats is None and (not has_request_context() or request.method in ("GET", "HEAD")):
            seats = found.seats_taken(event)
        if seats is None:
            db.session.expire(event, ["confirmed_count"])
        else:
            set_committed_value(event, "confirmed_count", seats)
    if series is not None:
        hold(event, "series", attached(series))
    return event


def row_of_version(key: Hashable, model: type[M], ident: int) -> M | None:
    """The ``model`` row ``ident`` attached, kept under ``key`` (which holds the version
    of the event it belongs to) once read; None if there is no such row."""
    cache = cache_of()
    kept = cache.get(key)
    if kept is not None:
        return attached(kept)
    found = db.session.get(model, ident)
    if found is not None and cache.max_bytes:
        cache.keep(key, detached_copy(found), ROW_BYTES)
    return found


def hold(instance: object, relationship: str, related: object) -> None:
    """Give ``instance`` its many-to-one ``relationship`` as loaded, without a query. The
    identity map holds rows weakly: a row attached but held by nothing else would be
    gone, and read again, when the relationship is first used."""
    if relationship in sa.inspect(instance).unloaded:
        set_committed_value(instance, relationship, related)


def attached(copy: M) -> M:
    """``copy`` (a detached, unchanged row) as a persistent object of the request's
    session, without a query; the session's own when it has that row already."""
    session = db.session()
    existing = session.identity_map.get(sa.inspect(copy).key)
    if existing is not None:
        return existing
    return session.merge(copy, load=False)
