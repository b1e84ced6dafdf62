"""Answering calendar apps' polls of public event feeds before Flask does any work.

Calendar apps re-fetch every subscribed feed every few minutes, almost always to learn
that nothing changed. An event feed's strong ETag derives from the event row alone
(id, status, content version; see ``services.feed_validators``) and the site address,
so this WSGI middleware answers such a poll for the endpoints listed in
``views.calendar.EVENT_FEED_KINDS`` with the views' own validator functions and
headers, without a request context, the visitor's session or an ORM session.

Where the event row comes from:

* On PostgreSQL, from memory. Each worker keeps the rows it has read and listens for
  the notification the ``events`` table sends on every committed change
  (``models.event_notifications``), which empties that memory. While the listening
  connection is down nothing is kept, so nothing stale can be served. The one window
  left is the few milliseconds between a commit and its notification reaching a
  worker: a poll in that window is told "not modified" and sees the change at its
  next poll, as if it had come a moment earlier.
* Otherwise (SQLite, in process), from one query per poll.

Reads go through an engine of the shortcut's own in autocommit without pre-ping (one
round trip, no BEGIN/ROLLBACK). It only ever answers 304, and only when sure: no
If-None-Match, an unknown URL, a draft, a changed feed or any database trouble all go
to the app unchanged, which answers exactly as it would without the shortcut.
``FEED_POLL_SHORTCUT = False`` switches it off.
"""
from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any, Iterable

import sqlalchemy as sa
from flask import Flask
from werkzeug import Response
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from confsite.models import Event, EventStatus
from confsite.models.event_notifications import CHANNEL
from confsite.services.feed_validators import event_validator, is_not_modified, set_validator_headers

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

EXTENSION_KEY = "confsite.feed_polls"
EVENT_VERSION = sa.select(Event.id, Event.status, Event.content_changed_at).where(
    Event.slug == sa.bindparam("slug")
)


class EventVersions:
    """Event rows by slug, kept only while change notifications are being received.

    ``generation`` moves on every invalidation: a row read before it moved is not
    stored, so a read racing with a change can never outlive it.
    """

    def __init__(self) -> None:
        self._rows: dict[str, sa.Row[Any]] = {}
        self._lock = threading.Lock()
        self.generation = 0
        self.listening = threading.Event()

    def get(self, slug: str) -> sa.Row[Any] | None:
        return self._rows.get(slug) if self.listening.is_set() else None

    def keep(self, slug: str, row: sa.Row[Any], generation: int) -> None:
        with self._lock:
            if self.listening.is_set() and generation == self.generation:
                self._rows[slug] = row

    def invalidate(self, *, listening: bool | None = None) -> None:
        with self._lock:
            if listening is True:
                self.listening.set()
            elif listening is False:
                self.listening.clear()
            self._rows.clear()
            self.generation += 1


class ChangeListener(threading.Thread):
    """Empties an :class:`EventVersions` whenever PostgreSQL announces a change to the
    events table; reconnects after trouble, keeping nothing while disconnected."""

    reconnect_seconds = 5.0

    def __init__(self, engine: sa.Engine, versions: EventVersions) -> None:
        super().__init__(name="confsite-event-changes", daemon=True)
        self.engine = engine
        self.versions = versions
        self.stopping = threading.Event()
        self.backend_pid: int | None = None  # of the listening connection, for diagnosis

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self._listen()
            except Exception:
                log.warning("event change notifications interrupted; polls read the database "
                            "until they are back", exc_info=True)
            finally:
                self.versions.invalidate(listening=False)
            self.stopping.wait(self.reconnect_seconds)

    def _listen(self) -> None:
        pooled = self.engine.raw_connection()
        try:
            connection = pooled.driver_connection  # psycopg, in autocommit (the engine's)
            connection.execute(f"LISTEN {CHANNEL}")
            self.backend_pid = connection.info.backend_pid
            # Only now may rows be kept: a change committed before LISTEN is already
            # visible to any read that starts after this point.
            self.versions.invalidate(listening=True)
            while not self.stopping.is_set():
                for _ in connection.notifies(timeout=1.0):
                    self.versions.invalidate()
        finally:
            pooled.invalidate()  # never hand a LISTENing connection back to the pool

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)


class FeedPollShortcut:
    """WSGI middleware in front of ``app.wsgi_app`` (see the module docstring)."""

    def __init__(self, app: Flask, wsgi_app: "WSGIApplication") -> None:
        from confsite.views.calendar import EVENT_FEED_KINDS

        self.app = app
        self.wsgi_app = wsgi_app
        self.kinds = EVENT_FEED_KINDS
        self.versions = EventVersions()
        self._engine: sa.Engine | None = None
        self._listener: ChangeListener | None = None
        self._start_lock = threading.Lock()

    def __call__(self, environ: "WSGIEnvironment", start_response: "StartResponse") -> Iterable[bytes]:
        if environ.get("HTTP_IF_NONE_MATCH") and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            response = self.not_modified(environ)
            if response is not None:
                return response(environ, start_response)
        return self.wsgi_app(environ, start_response)

    def not_modified(self, environ: "WSGIEnvironment") -> Response | None:
        """The 304 for a current copy of a public event feed, or None to let the app answer."""
        request = self.app.request_class(environ)
        request.trusted_hosts = self.app.config.get("TRUSTED_HOSTS")
        try:
            endpoint, args = self.app.create_url_adapter(request).match()  # type: ignore[union-attr]
            kind = self.kinds.get(endpoint)  # type: ignore[arg-type]
            slug = args.get("slug", "")
            if kind is None or "\x00" in slug:
                return None
            host_url = request.host_url
        except (HTTPException, RoutingException):
            return None  # not a feed, or a host/URL the app will refuse itself
        row = self.event_version(slug)
        if row is None or row.status == EventStatus.DRAFT:
            return None  # 404s and drafts (which depend on who asks) are the app's
        validator = event_validator(row)
        etag = validator.etag(kind, host_url)
        if not is_not_modified(request, etag, validator):
            return None
        response = Response(status=304)
        set_validator_headers(response, etag, validator, private=False)
        return response

    def event_version(self, slug: str) -> sa.Row[Any] | None:
        """The event's (id, status, content_changed_at), from memory when trustworthy."""
        row = self.versions.get(slug)
        if row is not None:
            return row
        generation = self.versions.generation
        try:
            with self.engine().connect() as conn:
                row = conn.execute(EVENT_VERSION, {"slug": slug}).first()
        except sa.exc.SQLAlchemyError:
            # The app has its own (pre-pinged) connections and will answer properly.
            log.warning("feed poll shortcut: could not read the event, passing on", exc_info=True)
            return None
        if row is not None:
            self.versions.keep(slug, row, generation)
        return row

    def engine(self) -> sa.Engine:
        """The shortcut's engine, made in each worker on first use (after gunicorn
        forks), on the app's database and engine options; on PostgreSQL it also starts
        the change listener. Without pre-ping a broken connection costs one poll passed
        on to the app, then it is replaced."""
        if self._engine is None:
            with self._start_lock:
                if self._engine is None:
                    from confsite.extensions import db

                    with self.app.app_context():
                        url = db.engine.url
                    options: dict[str, Any] = dict(self.app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
                    options.update(isolation_level="AUTOCOMMIT", pool_pre_ping=False)
                    engine = sa.create_engine(url, **options)
                    if engine.dialect.name == "postgresql":
                        self._listener = ChangeListener(engine, self.versions)
                        self._listener.start()
                    self._engine = engine
        return self._engine

    def dispose(self) -> None:
        """Stop listening and close the connections (tests; the app's engine is apart)."""
        if self._listener is not None:
            self._listener.stop()
        if self._engine is not None:
            self._engine.dispose()


def init_app(app: Flask) -> None:
    """Put the shortcut in front of the app unless ``FEED_POLL_SHORTCUT`` is False."""
    if app.config.get("FEED_POLL_SHORTCUT", True):
        shortcut = FeedPollShortcut(app, app.wsgi_app)
        app.wsgi_app = app.extensions[EXTENSION_KEY] = shortcut  # type: ignore[method-assign]


def dispose(app: Flask) -> None:
    shortcut = app.extensions.get(EXTENSION_KEY)
    if shortcut is not None:
        shortcut.dispose()
