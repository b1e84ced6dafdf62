"""The per-token (and per-address) limit of the REST API, on the site's shared limits.

The count lives where every limit of the site lives (``confsite.limits``: one atomic
upsert in the database, or INCR in Redis when ``REDIS_URL`` is set), so all workers and
hosts share it; this module adds what an API answer needs: how long to wait.
"""

from __future__ import annotations

import math
import time

from confsite import limits


def hit(key: str, limit: int, window_seconds: int) -> tuple[bool, int]:
    """Count one request for ``key``; returns (allowed, seconds until the window ends).

    Runs in a connection of its own, so the request's transaction is untouched."""
    allowed = limits.hit(key, limit, window_seconds)
    return allowed, retry_after(window_seconds)


def retry_after(window_seconds: int, now: float | None = None) -> int:
    """Whole seconds until the current fixed window (as ``limits`` counts it) ends; at least 1."""
    now = time.time() if now is None else now
    return max(1, math.ceil(window_seconds - now % window_seconds))
