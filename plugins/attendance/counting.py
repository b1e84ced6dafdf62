"""Privacy-friendly page-view counting: in-memory increments, batched additive upserts.

A view adds one to a counter for (page, day) in the worker's memory; nothing about the
visitor is kept (no cookie, no IP address, no user agent). Buffers are flushed every
``ATTENDANCE_FLUSH_EVERY`` views (default 100) or ``ATTENDANCE_FLUSH_SECONDS`` seconds
(default 60, by a timer thread; ``ATTENDANCE_FLUSH_TIMER = False`` turns it off), and
when the process exits. A flush is an ``INSERT ... ON CONFLICT DO UPDATE views = views + n``,
so any number of workers and hosts can flush their own buffers without losing counts.
A hard-killed worker loses at most its unflushed views.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import threading
import time
import weakref
from collections import Counter
from datetime import date
from typing import Any

from confsite_plugins.attendance import view_sums
from confsite_plugins.attendance.models import EventPageViews, SessionPageViews
from flask import Flask, current_app, request
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from confsite.api import PageContext, can_manage_event, db, utcnow

log = logging.getLogger(__name__)

EXTENSION_KEY = "attendance.view_buffer"
DEFAULT_FLUSH_EVERY = 100
DEFAULT_FLUSH_SECONDS = 60.0

# Crawlers, link previewers, monitors and scripted clients announce themselves in the
# user agent; browsers never contain these words.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|scrap|fetch|preview|monitor|uptime|headless|phantomjs|"
    r"lighthouse|pagespeed|curl|wget|httpie|python-requests|python-urllib|aiohttp|httpx|"
    r"go-http-client|java/|okhttp|libwww|axios|node-fetch|facebookexternalhit|whatsapp|"
    r"embedly|validator|feed",
    re.IGNORECASE,
)

# (event id, session id or None, local day)
Key = tuple[int, "int | None", date]


def is_bot(user_agent: str | None) -> bool:
    """Whether a request comes from an obvious robot (or from nobody who says who)."""
    return not user_agent or not user_agent.strip() or bool(BOT_PATTERN.search(user_agent))


def is_prefetch() -> bool:
    """Browsers announce speculative loads; those are not views."""
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or ""
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower()


class ViewBuffer:
    """Pending view counts of one app in one process."""

    def __init__(self, app: Flask) -> None:
        self._app_ref = weakref.ref(app)
        self._lock = threading.Lock()
        self._pending: Counter[Key] = Counter()
        self._pid = os.getpid()
        self._last_flush = time.monotonic()
        self.flush_every = int(app.config.get("ATTENDANCE_FLUSH_EVERY", DEFAULT_FLUSH_EVERY))
        self.flush_seconds = float(app.config.get("ATTENDANCE_FLUSH_SECONDS", DEFAULT_FLUSH_SECONDS))
        # A timer writes a quiet site's last views within ``flush_seconds``; tests flush
        # explicitly instead (no stray thread writing into the next test's data).
        self.use_timer = bool(app.config.get("ATTENDANCE_FLUSH_TIMER", not app.testing))
        self._timer: threading.Timer | None = None

    @property
    def pending(self) -> int:
        with self._lock:
            return sum(self._pending.values()) if self._pid == os.getpid() else 0

    def add(self, key: Key) -> bool:
        """Count one view; True when the buffer is due for a flush."""
        with self._lock:
            if self._pid != os.getpid():
                # A forked worker inherited its parent's buffer: those views are the
                # parent's to flush, counting them here too would double them.
                self._pending.clear()
                self._pid = os.getpid()
            if not self._pending and self.use_timer:
                self._start_timer()
            self._pending[key] += 1
            total = sum(self._pending.values())
            return total >= self.flush_every or time.monotonic() - self._last_flush >= self.flush_seconds

    def _start_timer(self) -> None:
        if self._timer is not None and self._timer.is_alive() and self._pid == os.getpid():
            return
        self._timer = threading.Timer(self.flush_seconds, self._flush_quietly)
        self._timer.daemon = True
        self._timer.start()

    def _flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception:
            log.exception("could not flush page views")

    def take(self) -> Counter[Key]:
        with self._lock:
            if self._pid != os.getpid():
                self._pending.clear()
                self._pid = os.getpid()
            taken, self._pending = self._pending, Counter()
            self._last_flush = time.monotonic()
            return taken

    def flush(self) -> int:
        """Write pending counts to the database; return how many views were written."""
        taken = self.take()
        if not taken:
            return 0
        app = self._app_ref()
        if app is None:
            return 0
        with app.app_context():
            return write_counts(taken)


def write_counts(counts: Counter[Key]) -> int:
    """Add ``counts`` to the counters with additive upserts, in key order (so concurrent
    flushes lock rows in the same order and cannot deadlock)."""
    event_rows = sorted(
        ((event_id, day, n) for (event_id, session_id, day), n in counts.items() if session_id is None)
    )
    session_rows = sorted(
        (
            (session_id, day, event_id, n)
            for (event_id, session_id, day), n in counts.items()
            if session_id is not None
        )
    )
    params = [
        (
            EventPageViews,
            ["event_id", "day"],
            [{"event_id": e, "day": d, "views": n} for e, d, n in event_rows],
        ),
        (
            SessionPageViews,
            ["session_id", "day"],
            [{"session_id": s, "day": d, "event_id": e, "views": n} for s, d, e, n in session_rows],
        ),
    ]
    written = 0
    for model, key_columns, rows in params:
        if not rows:
            continue
        statement = _additive_upsert(model, key_columns)
        try:
            with db.engine.begin() as conn:
                conn.execute(statement, rows)
            written += sum(r["views"] for r in rows)
        except IntegrityError:
            # An event or session was deleted since its views were counted: write the
            # others one by one and drop the orphans.
            for row in rows:
                try:
                    with db.engine.begin() as conn:
                        conn.execute(statement, [row])
                    written += row["views"]
                except IntegrityError:
                    log.info("dropped %s views of a deleted page", row["views"])
    if written:
        view_sums.cache_of().clear()  # this worker's figures show its own flush at once
    return written


def _additive_upsert(model: Any, key_columns: list[str]) -> Any:
    table = model.__table__
    dialect = db.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=key_columns,
        set_={"views": table.c.views + statement.excluded.views},
    )


def buffer_of(app: Flask | None = None) -> ViewBuffer:
    """The view buffer of ``app`` (default: the current app), made on first use."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]  # LocalProxy API, unknown to Flask's types
    buffer = app.extensions.get(EXTENSION_KEY)
    if buffer is None:
        buffer = app.extensions[EXTENSION_KEY] = ViewBuffer(app)
        atexit.register(_flush_at_exit, weakref.ref(buffer))
    return buffer


def _flush_at_exit(buffer_ref: weakref.ref[ViewBuffer]) -> None:
    buffer = buffer_ref()
    if buffer is not None:
        try:
            buffer.flush()
        except Exception:  # the database may be gone already; nothing to do at exit
            log.exception("could not flush page views at exit")


def flush_views(app: Flask | None = None) -> int:
    """Write the current process's pending views now (tests, CLI, shutdown)."""
    return buffer_of(app).flush()


def count_view(page: PageContext) -> None:
    """Count a view of a published event or session page by a person from its
    audience (not a robot, not a prefetch, not one of the event's organisers)."""
    if page.kind not in ("event", "session") or page.event is None:
        return
    if request.method != "GET" or not page.event.is_published:
        return
    if is_bot(request.headers.get("User-Agent")) or is_prefetch():
        return
    if page.user is not None and can_manage_event(page.user, page.event):
        return  # organisers checking their own pages are not the audience
    day = page.event.local(utcnow()).date()
    session_id = page.session.id if page.kind == "session" and page.session is not None else None
    buffer = buffer_of()
    if buffer.add((page.event.id, session_id, day)):
        try:
            buffer.flush()
        except Exception:
            # Never break a page for a counter; the views of this batch are lost.
            log.exception("could not flush page views")
