"""Event rows kept in each worker's memory while PostgreSQL announces their changes.

The hottest requests (calendar apps polling a feed, anonymous visitors of a large
event's page) need little more than the event row (and which plugins are on for it,
with their settings): its status and versions decide
whether what the worker already has is still current. Reading that row costs a
database round trip per request, more than the rest of the answer.

On PostgreSQL every committed change to the ``events`` and ``series`` tables, to the
plugins' per-event settings and to the tables plugins name is announced, naming the
table (``models.event_notifications``);
each worker listens on a connection of its own and forgets what it derived from that
table when an announcement arrives. While the listening connection is
down (or announcements do not arrive at all, e.g. behind PgBouncer in transaction
mode) nothing is kept and every request reads the row, so nothing stale is served.
The one window left is the few milliseconds between a commit and its announcement
reaching another worker: a request in it sees the state of a moment earlier (the
worker that commits forgets at once).

On SQLite (in process, no announcements) the row is read on every request.

What is kept of a row is a detached copy, an ``Event`` or a ``Series`` (columns only:
its relationships are not loaded, and touching one raises ``DetachedInstanceError``;
``caching.attached_rows`` attaches a copy to a request's session). Values derived from
announced tables are kept the same way (:func:`kept_while_unchanged`).
Reads go through an engine of their own, in autocommit without pre-ping: one round
trip, no BEGIN/ROLLBACK, and only committed data.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session, make_transient_to_detached

from confsite.extensions import db
from confsite.models import Event, EventStatus, Series
from confsite.models.event_notifications import ANNOUNCED_TABLES, CHANNEL, SEATS
from confsite.services.transaction import has_writes, written_tables

log = logging.getLogger(__name__)
T = TypeVar("T")
M = TypeVar("M", Event, Series)

EXTENSION_KEY = "confsite.event_memory"
EVENTS = Event.__table__
EVENTS_TABLE: str = Event.__tablename__  # what most values here are derived from
EVENT_ROW = sa.select(EVENTS).where(EVENTS.c.slug == sa.bindparam("slug"))
# A seat counter is kept apart from its row: a registration moves it and announces
# that alone (``SEATS``); any other change of the row moves it too.
SEAT_TABLES = (EVENTS_TABLE, SEATS)
SEATS_OF_EVENT = sa.select(EVENTS.c.confirmed_count).where(EVENTS.c.id == sa.bindparam("id"))
SERIES = Series.__table__
SERIES_ROW = sa.select(SERIES).where(SERIES.c.id == sa.bindparam("id"))
# What the pages listing public events show of them changes only with these.
PUBLIC_EVENT_VERSIONS = (
    sa.select(EVENTS.c.id, EVENTS.c.status, EVENTS.c.updated_at, EVENTS.c.content_changed_at)
    .where(EVENTS.c.status != EventStatus.DRAFT)
    .order_by(EVENTS.c.id)
)


Tables = str | tuple[str, ...]  # what a value is derived from: one table, or several


def _tables(tables: Tables) -> tuple[str, ...]:
    return (tables,) if isinstance(tables, str) else tuple(sorted(set(tables)))


class Memory:
    """Values by key, each derived from one announced table (or several), kept only
    while change announcements are being received.

    An announcement names its table, and only what was derived from that table is
    forgotten: a registration taking a seat (an ``events`` change) leaves the plugin
    settings in memory. A table's ``generation`` moves on every invalidation of it (the
    generation of several tables with any of them): a value read before it moved is not
    kept, so a read racing with a change can never outlive it.
    """

    def __init__(self) -> None:
        self._values: dict[tuple[str, ...], dict[Any, Any]] = {}
        self._generations: dict[str, int] = {}
        self._epoch = 0  # moves when everything is forgotten at once
        self._lock = threading.Lock()
        self.listening = threading.Event()

    def generation(self, tables: Tables = EVENTS_TABLE) -> int:
        # The epoch and each table's count only ever grow: so does their sum.
        return self._epoch + sum(self._generations.get(table, 0) for table in _tables(tables))

    def get(self, key: Any, tables: Tables = EVENTS_TABLE) -> Any:
        return self._values.get(_tables(tables), {}).get(key) if self.listening.is_set() else None

    def keep(self, key: Any, value: Any, generation: int, tables: Tables = EVENTS_TABLE) -> None:
        with self._lock:
            if self.listening.is_set() and generation == self.generation(tables):
                self._values.setdefault(_tables(tables), {})[key] = value

    def invalidate(self, tables: Iterable[str] | None = None, *, listening: bool | None = None) -> None:
        """Forget what was derived from ``tables`` (None: from every table)."""
        with self._lock:
            if listening is True:
                self.listening.set()
            elif listening is False:
                self.listening.clear()
            if tables is None:
                self._values.clear()
                self._epoch += 1
                return
            changed = set(tables)
            for derived_from in [t for t in self._values if changed.intersection(t)]:
                del self._values[derived_from]
            for table in changed:
                self._generations[table] = self._generations.get(table, 0) + 1


class ChangeListener(threading.Thread):
    """Empties a :class:`Memory` whenever PostgreSQL announces a change; reconnects
    after trouble, keeping nothing while disconnected."""

    reconnect_seconds = 5.0
    probe_seconds = 5.0

    def __init__(self, engine: sa.Engine, memory: Memory) -> None:
        super().__init__(name="confsite-event-changes", daemon=True)
        self.engine = engine
        self.memory = memory
        self.stopping = threading.Event()
        self.backend_pid: int | None = None  # of the listening connection, for diagnosis

    def run(self) -> None:
        failures = 0
        while not self.stopping.is_set():
            try:
                self._listen()
            except Exception:
                failures = 0 if self.memory.listening.is_set() else failures + 1
                log.warning(
                    "event change announcements interrupted; event rows are read "
                    "from the database until they are back",
                    exc_info=True,
                )
            finally:
                self.memory.invalidate(listening=False)
            # Retry soon after a lost connection, ever more slowly while it keeps failing.
            self.stopping.wait(min(self.reconnect_seconds * 2 ** max(failures - 1, 0), 300))

    def _listen(self) -> None:
        pooled = self.engine.raw_connection()
        try:
            connection: Any = pooled.driver_connection  # psycopg, in autocommit (the engine's)
            connection.execute(f"LISTEN {CHANNEL}")
            self.backend_pid = connection.info.backend_pid
            self._check_delivery(connection)
            # Only now may values be kept: a change committed before LISTEN is already
            # visible to any read that starts after this point.
            self.memory.invalidate(listening=True)
            while not self.stopping.is_set():
                for notice in connection.notifies(timeout=1.0):
                    self.memory.invalidate(announced_tables(notice.payload))
        finally:
            pooled.invalidate()  # never hand a LISTENing connection back to the pool

    def _check_delivery(self, connection: Any) -> None:
        """Send an announcement from another connection and wait for it here: behind a
        pooler that hands each transaction its own server connection (PgBouncer in
        transaction mode) none would ever arrive, and nothing may then be kept."""
        sender = self.engine.raw_connection()
        try:
            sending: Any = sender.driver_connection
            sending.execute("SELECT pg_notify(%s, 'probe')", [CHANNEL])
        finally:
            sender.close()
        if not any(True for _ in connection.notifies(timeout=self.probe_seconds, stop_after=1)):
            raise RuntimeError(
                "change announcements do not arrive on this connection (a pooler "
                "in transaction mode?): event rows are read on every request"
            )

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)


class EventMemory:
    """One per app and process: the memory, its listener and the read engine."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.memory = Memory()
        self.listener: ChangeListener | None = None
        self._engine: sa.Engine | None = None
        self._lock = threading.Lock()

    def kept(self, key: Any, compute: Callable[[], T | None], tables: Tables = EVENTS_TABLE) -> T | None:
        """``compute()``'s value for ``key`` (derived from the rows of ``tables`` only),
        from memory when that can be trusted; kept for next time unless it is None."""
        found = self.memory.get(key, tables)
        if found is None:
            generation = self.memory.generation(tables)
            found = compute()
            if found is not None:
                self.memory.keep(key, found, generation, tables)
        return found

    def event(self, slug: str) -> Event | None:
        """A detached copy of the event's row, from memory when that can be trusted;
        None if there is no such event or the database cannot be reached."""
        return self.kept(("event", slug), lambda: self._read_event(slug))

    def seats_taken(self, event: Event) -> int:
        """``event``'s seat counter as it is now. A copy kept in memory holds the count
        it was read with, which registrations have moved since: while announcements are
        received, the count is kept apart (read again after every seat taken or given
        back); otherwise the copy was just read and its count is current."""
        if not self.memory.listening.is_set():
            return event.confirmed_count
        params = {"id": event.id}
        rows = self.kept(("seats", event.id), lambda: self.read(SEATS_OF_EVENT, params), SEAT_TABLES)
        return rows[0][0] if rows else event.confirmed_count

    def kept_seats(self, event: Event) -> int | None:
        """``event``'s seat counter from memory, None where it is not kept (forgotten
        since the last seat taken or given back): nothing is read."""
        rows = self.memory.get(("seats", event.id), SEAT_TABLES)
        return rows[0][0] if rows else None

    def keep_seats(self, event: Event, generation: int) -> None:
        """Keep the seat counter of ``event``, read as the seat counts' ``generation``
        stood (``memory.generation(SEAT_TABLES)``), as :meth:`seats_taken` would."""
        self.memory.keep(("seats", event.id), [(event.confirmed_count,)], generation, SEAT_TABLES)

    def series(self, series_id: int) -> Series | None:
        """A detached copy of the series' row, as :meth:`event`."""
        return self.kept(("series", series_id), lambda: self._read_series(series_id), Series.__tablename__)

    def public_events_version(self) -> str | None:
        """A digest of every public (non-draft) event's versions: it changes whenever one
        is added, removed, published, withdrawn or edited (its row's ``updated_at`` or
        ``content_changed_at`` moves). None if the database cannot be reached."""
        return self.kept(("public events",), self._read_public_events_version)

    def _read_public_events_version(self) -> str | None:
        rows = self.read(PUBLIC_EVENT_VERSIONS)
        if rows is None:
            return None
        text = "\n".join(
            f"{r.id}:{r.status}:{r.updated_at.isoformat()}:{r.content_changed_at.isoformat()}" for r in rows
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def _read_event(self, slug: str) -> Event | None:
        return _detached(Event, self.read(EVENT_ROW, {"slug": slug}))

    def _read_series(self, series_id: int) -> Series | None:
        return _detached(Series, self.read(SERIES_ROW, {"id": series_id}))

    def read(self, statement: sa.Executable, params: dict[str, Any] | None = None) -> list[Any] | None:
        """Rows of one read of committed data on the read engine (one round trip, no
        transaction); None if the database cannot be reached (callers then fall back
        on the app's own, pre-pinged, session)."""
        try:
            with self.engine().connect() as conn:
                return list(conn.execute(statement, params or {}))
        except sa.exc.SQLAlchemyError:
            log.warning("could not read on the read engine", exc_info=True)
            return None

    def engine(self) -> sa.Engine:
        """The read engine, made in each worker on first use (after gunicorn forks), on
        the app's database and engine options; on PostgreSQL it also starts the
        listener. Without pre-ping a broken connection costs one read passed on to
        the caller's fallback, then it is replaced."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    with self.app.app_context():
                        url = db.engine.url
                    options: dict[str, Any] = dict(self.app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
                    options.update(isolation_level="AUTOCOMMIT", pool_pre_ping=False)
                    engine = sa.create_engine(url, **options)
                    if engine.dialect.name == "postgresql":
                        self.listener = ChangeListener(engine, self.memory)
                        self.listener.start()
                    self._engine = engine
        return self._engine

    def dispose(self) -> None:
        """Stop listening and close the connections (the app's engine is apart)."""
        if self.listener is not None:
            self.listener.stop()
        if self._engine is not None:
            self._engine.dispose()


def _detached(model: type[M], rows: list[Any] | None) -> M | None:
    """The first of ``rows`` as a detached ``model`` instance (columns only)."""
    if not rows:
        return None
    snapshot = model(**rows[0]._mapping)
    make_transient_to_detached(snapshot)
    return snapshot


def announced_tables(payload: str) -> list[str] | None:
    """The tables an announcement's payload names (None: forget everything; an
    announcement of unknown shape, e.g. from before the payload named its table)."""
    return [payload] if payload in ANNOUNCED_TABLES else None


# Ahead of ``services.transaction``'s own listener, which forgets what was written.
@sa.event.listens_for(Session, "after_commit", insert=True)
def _forget_after_own_commit(session: Session) -> None:
    """Read your own writes: the worker that commits a change forgets what it derived
    from the tables written at once instead of waiting for the announcement (other
    workers get it milliseconds later). A SAVEPOINT released (every plugin hook runs
    in one) changes nothing others can see: its transaction's own commit comes later."""
    if has_app_context() and not session.in_nested_transaction():
        found = current_app.extensions.get(EXTENSION_KEY)
        if found is not None:
            # (Nothing known written, e.g. plain SQL: forget everything, to be safe.)
            written = written_tables(session)
            found.memory.invalidate(written & ANNOUNCED_TABLES if written else None)


def trusted() -> EventMemory | None:
    """The current app's memory when what it keeps may be used here, else None: on
    SQLite, while announcements are not being received, outside a request and in a
    transaction that has written (it must see its own writes)."""
    if not has_app_context() or has_writes(db.session()):
        return None
    memory = of(current_app)
    memory.engine()  # starts the listener on a worker's first use
    return memory if memory.memory.listening.is_set() else None


def derived_from_rows(
    key: Hashable,
    statement: sa.Executable,
    params: dict[str, Any],
    table: str,
    derive: Callable[[Sequence[Any]], T],
) -> T:
    """``derive(rows)`` of one read of ``table`` (whose changes are announced), kept in
    this worker's memory until the table changes: read on the read engine (one round
    trip, outside the request's transaction) where memory can be trusted, else through
    the request's session. What each request then pays is a look-up, not a statement
    and its rows (the plugins switched off for an event, their settings)."""
    memory = trusted()
    if memory is not None:

        def read() -> T | None:
            rows = memory.read(statement, params)
            return None if rows is None else derive(rows)

        found = memory.kept(key, read, table)
        if found is not None:
            return found
    return derive(db.session.execute(statement, params).all())


def kept_while_unchanged(key: Hashable, tables: Iterable[str], build: Callable[[], T]) -> T:
    """``build()``'s value for ``key``, kept in this worker's memory until a change to one
    of ``tables`` is announced (``models.event_notifications.announce_changes``); built
    afresh wherever that cannot be trusted: on SQLite, while announcements are not being
    received, outside a request and in a transaction that has written (it must see its
    own writes). ``build`` reads through the request's session; ``key`` names the caller
    and everything else the value depends on (the language, the event's versions...)."""
    names = tuple(tables)
    if not set(names) <= ANNOUNCED_TABLES:
        # Kept forever otherwise: nothing would ever say it changed.
        raise ValueError(f"changes to {sorted(set(names) - ANNOUNCED_TABLES)} are not announced")
    memory = trusted()
    if memory is None:
        return build()
    boxed = memory.kept(key, lambda: (build(),), names)  # boxed: None is a value here too
    assert boxed is not None, "a tuple is never None"
    return boxed[0]


def of(app: Flask) -> EventMemory:
    found = app.extensions.get(EXTENSION_KEY)
    if found is None:  # setdefault: two first requests at once still share one
        found = app.extensions.setdefault(EXTENSION_KEY, EventMemory(app))
    return found


def dispose(app: Flask) -> None:
    found = app.extensions.get(EXTENSION_KEY)
    if found is not None:
        found.dispose()
