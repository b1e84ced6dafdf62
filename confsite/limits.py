"""Rate limits shared by every worker and host: ``hit(key, limit, window_seconds)``.

A fixed-window counter per key, incremented atomically, so forty parallel attempts
cannot all read "4 so far" and pass (the old throttle counted rows, then inserted).
Stored in the database by default (one upsert per hit) or in Redis when
``CONFSITE_REDIS_URL`` is set (INCR + EXPIRE in one transaction). Keys name what is
limited, e.g. ``login-client:203.0.113.9`` or ``reset-address:ana@example.org``.
The Redis client is imported only then: it brings asyncio along, memory a worker
counting in the database does not need.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, cast

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from confsite.extensions import db
from confsite.models import RateLimitCounter

if TYPE_CHECKING:
    import redis

MAX_KEY = 255


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit of ``key``; True while at most ``limit`` hits fell in the current
    window of ``window_seconds``, False once the limit is exceeded (refuse the action)."""
    return count_hit(key[:MAX_KEY], window_seconds) <= limit


def count_hit(key: str, window_seconds: int) -> int:
    """Add a hit to ``key``'s current window and return the window's hit count."""
    window = int(time.time() // window_seconds)
    url = current_app.config.get("REDIS_URL")
    if url:
        return _redis_hit(url, key, window, window_seconds)
    return _database_hit(key, window, window_seconds)


def _database_hit(key: str, window: int, window_seconds: int) -> int:
    """One atomic upsert (PostgreSQL and SQLite both have ON CONFLICT ... RETURNING),
    committed at once in its own connection so the caller's transaction is untouched."""
    expires = datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=window_seconds)
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    table = cast(sa.Table, RateLimitCounter.__table__)  # a mapped class's table is a Table
    statement = dialect.insert(table).values(key=key, window=window, hits=1, expires_at=expires)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key, table.c.window], set_={"hits": table.c.hits + 1}
    ).returning(table.c.hits)
    with db.engine.begin() as connection:
        hits = connection.execute(statement).scalar_one()
        if hits == 1:  # a new window: forget the expired ones
            connection.execute(
                sa.delete(table).where(table.c.expires_at < datetime.now(UTC).replace(tzinfo=None))
            )
    return int(hits)


@cache
def _redis_client(url: str) -> redis.Redis:
    import redis  # noqa: PLC0415  (only where Redis counts: see the docstring)

    return redis.Redis.from_url(url)


def _redis_hit(url: str, key: str, window: int, window_seconds: int) -> int:
    # JOBS_QUEUE_NAME names this site in a shared Redis: its queue and its counters
    name = f"{current_app.config.get('JOBS_QUEUE_NAME', 'confsite')}:limit:{key}:{window}"
    pipe = _redis_client(url).pipeline(transaction=True)
    pipe.incr(name)
    pipe.expire(name, window_seconds + 1)
    hits, _ = pipe.execute()
    return int(hits)
