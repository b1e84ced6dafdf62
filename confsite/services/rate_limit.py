"""A fixed-window request counter kept in the database, so every worker and host
shares it (used for per-token API limits).

Interim: the shared limits module of issue 15 (database or Redis backend) replaces
this with the same ``hit`` signature once it lands.
"""

from __future__ import annotations

import time
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from confsite.extensions import db
from confsite.models import RateCounter


def hit(key: str, limit: int, window_seconds: int) -> tuple[bool, int]:
    """Count one request for ``key``; returns (allowed, seconds until the window ends).

    Commits its own small transaction (call it before the request does its work)."""
    now = int(time.time())
    window = now - now % window_seconds
    retry_after = window + window_seconds - now
    bump = (
        sa.update(RateCounter)
        .where(RateCounter.key == key, RateCounter.window_start == window)
        .values(count=RateCounter.count + 1)
    )
    if cast(sa.CursorResult[Any], db.session.execute(bump)).rowcount == 0:
        try:
            with db.session.begin_nested():
                db.session.add(RateCounter(key=key, window_start=window, count=1))
        except IntegrityError:  # another worker made the row first
            db.session.execute(bump)
        # Old windows are of no use: drop them now and then.
        db.session.execute(sa.delete(RateCounter).where(RateCounter.window_start < window - window_seconds))
    count = db.session.scalar(
        sa.select(RateCounter.count).where(RateCounter.key == key, RateCounter.window_start == window)
    )
    db.session.commit()
    return (count or 0) <= limit, retry_after
