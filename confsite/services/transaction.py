"""One unit of work per service call: services commit their own writes.

Views and CLI commands never touch the session's transaction: they call a service,
which either commits everything it changed or, on any error, rolls it all back before
the error reaches the caller (so a form shown again with its problems has nothing
half-written behind it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from confsite.extensions import db


@contextmanager
def committing() -> Iterator[None]:
    """Commit what the block wrote; roll back and re-raise if the block or the commit
    itself raised (a unique key hit at commit time leaves a usable session)."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
