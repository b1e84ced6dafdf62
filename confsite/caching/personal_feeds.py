"""The personal calendar feed's validator, kept per worker while what it covers stands.

A calendar app polls a personal feed every few minutes. Working out its validator
(``services.personal_feed.personal_validator``) loads the user, their registrations and
stars, their plugins' agenda items and every event involved: five to seven queries
through the ORM session, where the body itself is already kept under its ETag
(``views.calendar.conditional_feed``).

Here one read on the event memory's engine (``caching.event_memory``: autocommit, one
round trip) fetches the token's active owner with their registrations and stars, once
per period of ``PUBLIC_PAGE_CACHE_SECONDS`` (the page cache's setting; 0 switches this
off too), and the rows of the events they cover come from memory (no query on
PostgreSQL). The validator is kept under a key holding all of those, so an edited event
shows at once; a new star, a registration changed, a revoked token and what only
plugins feed (their agenda items, e.g. 1:1 meetings) within that period. A calendar app
polls every few minutes or hours: ten seconds are far below what it can notice, and a
poll answered in that period costs no database round trip at all.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable
from typing import Any

import sqlalchemy as sa
from flask import current_app, request

from confsite.caching import event_memory
from confsite.caching.pages import seconds
from confsite.caching.render import cache_of
from confsite.models import Event, Registration, Session, Star, User, utcnow
from confsite.services.feed_validators import Validator
from confsite.services.personal_feed import TOKEN_SHAPE, join_released

USERS, REGISTRATIONS, STARS, SESSIONS, EVENTS = (
    User.__table__,
    Registration.__table__,
    Star.__table__,
    Session.__table__,
    Event.__table__,
)
_OWNER = (
    sa.select(USERS.c.id)
    .where(USERS.c.calendar_token == sa.bindparam("token"), USERS.c.active.is_(True))
    .scalar_subquery()
)
# The owner's row, registrations and stars as (kind, id, event id, state, time): one round trip.
OWNER_ROWS = sa.union_all(
    sa.select(sa.literal("u"), USERS.c.id, sa.literal(0), sa.literal(""), USERS.c.updated_at).where(
        USERS.c.calendar_token == sa.bindparam("token"), USERS.c.active.is_(True)
    ),
    sa.select(
        sa.literal("r"),
        REGISTRATIONS.c.id,
        REGISTRATIONS.c.event_id,
        sa.cast(REGISTRATIONS.c.status, sa.String),
        REGISTRATIONS.c.updated_at,
    ).where(REGISTRATIONS.c.user_id == _OWNER),
    sa.select(sa.literal("s"), STARS.c.session_id, SESSIONS.c.event_id, sa.literal(""), STARS.c.created_at)
    .join(SESSIONS, SESSIONS.c.id == STARS.c.session_id)
    .where(STARS.c.user_id == _OWNER),
)
# What the personal validator reads of each event it covers.
EVENT_ROWS = sa.select(
    EVENTS.c.id,
    EVENTS.c.status,
    EVENTS.c.content_changed_at,
    EVENTS.c.updated_at,
    EVENTS.c.online_url,
    EVENTS.c.start_at,
    EVENTS.c.join_release_minutes,
).where(EVENTS.c.id.in_(sa.bindparam("ids", expanding=True)))


def personal_validator(token: str, compute: Callable[[], Validator]) -> Validator:
    """The validator of ``token``'s feed: kept from an earlier poll while nothing it
    covers changed, else ``compute()`` (which answers unknown tokens itself)."""
    if seconds() <= 0 or not TOKEN_SHAPE.fullmatch(token):
        return compute()  # (a malformed token's 404 costs no query)
    key = _key(token)
    if key is None:
        return compute()  # an unknown or revoked token (its 404), or database trouble
    kept = cache_of().get(key)
    if isinstance(kept, Validator):
        return kept
    return cache_of().keep(key, compute(), 1024)


def _key(token: str) -> tuple[Hashable, ...] | None:
    memory = event_memory.of(current_app)
    period = int(time.time() // seconds())
    owner = _owner_rows(memory, token, period)
    if not owner or not any(row[0] == "u" for row in owner):
        return None
    event_ids = tuple(sorted({row[2] for row in owner if row[0] != "u"}))
    events = memory.kept(("personal feed events", event_ids), lambda: _event_rows(memory, event_ids))
    if events is None:
        return None
    now = utcnow()
    owner_text = "\n".join(
        sorted(f"{k}:{ref}:{event}:{state}:{at.isoformat()}" for k, ref, event, state, at in owner)
    )
    return (
        "personal feed validator",
        token,
        request.host_url,
        period,
        hashlib.sha256(owner_text.encode()).hexdigest(),
        *(
            (
                e.id,
                str(e.status),
                e.content_changed_at,
                e.updated_at,
                e.online_url or "",
                join_released(e.start_at, e.join_release_minutes, now),
            )
            for e in events
        ),
    )


def _owner_rows(memory: event_memory.EventMemory, token: str, period: int) -> tuple[Any, ...] | None:
    """The token owner's rows (:data:`OWNER_ROWS`), read once per period; None when the
    database cannot be reached."""
    key = ("personal feed owner", token, period)
    kept = cache_of().get(key)
    if isinstance(kept, tuple):
        return kept
    rows = memory.read(OWNER_ROWS, {"token": token})
    if rows is None:
        return None
    found = tuple(tuple(row) for row in rows)
    return cache_of().keep(key, found, 256 + 128 * len(found))


def _event_rows(memory: event_memory.EventMemory, event_ids: tuple[int, ...]) -> tuple[Any, ...] | None:
    if not event_ids:
        return ()
    rows = memory.read(EVENT_ROWS, {"ids": list(event_ids)})
    return None if rows is None else tuple(rows)
