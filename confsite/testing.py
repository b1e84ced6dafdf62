"""Helpers for testing a plugin (docs/plugins.md, "Testing your plugin").

A plugin's own test suite builds a throw-away site with :func:`make_test_app`, fills it
with the small builders below and drives it with Flask's test client::

    from confsite import testing

    @pytest.fixture
    def app(tmp_path):
        app = testing.make_test_app(tmp_path, plugins=["my_plugin"])
        with app.app_context():
            yield app

The test's app context stays open for the builders, while every request of the test
client runs in an app context of its own (:class:`TestClient`), as in production.
With ``CONFSITE_TEST_DATABASE_URL`` set (a PostgreSQL URL), each app works in a fresh
schema of that database, dropped when the test run ends.

Everything here is public and stable, like :mod:`confsite.api`.
"""

from __future__ import annotations

import atexit
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from flask.testing import FlaskClient

from confsite import caching
from confsite.app import create_app
from confsite.caching import event_memory
from confsite.database import upgrade_database
from confsite.extensions import db
from confsite.models import (
    Event,
    Person,
    Registration,
    RegistrationStatus,
    RoleAssignment,
    RoleName,
    Series,
    Session,
    Talk,
    TalkSpeaker,
    User,
    utcnow,
)
from confsite.plugins import host as plugin_host
from confsite.services.plugin_settings import set_plugin_enabled

PASSWORD = "correct horse battery"
TEST_DATABASE_URL_VARIABLE = "CONFSITE_TEST_DATABASE_URL"
_numbers = count(1)


class TestClient(FlaskClient):
    """Flask's test client, each request in an app context of its own, as in production.

    A test keeps an app context open for its builders; without this, requests would
    run inside it and share its ``flask.g`` (and so the signed-in user: after
    ``log_in(client_a, user)`` another client would be served as that user). The
    request's context uses the test's database session, so the test reads what the
    request wrote without reloading, and the test's objects stay usable."""

    __test__ = False  # not a pytest test class

    def open(self, *args: Any, **kwargs: Any) -> Any:
        outer = has_app_context() and current_app._get_current_object() is self.application  # type: ignore[attr-defined]  # the proxy's documented way to the real app
        shared = db.session() if outer else None
        with self.application.app_context():
            if shared is not None:
                db.session.registry.set(shared)
            try:
                return super().open(*args, **kwargs)
            finally:
                if shared is not None:
                    # the context's teardown closes its own session: not the test's
                    db.session.registry.clear()


def _schema_in_test_database(url: str) -> tuple[dict[str, Any], str]:
    """A fresh schema of the PostgreSQL database at ``url`` for one test app (engine
    options pinning it), dropped when the Python process ends."""
    schema = f"confsite_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()

    def drop() -> None:
        cleanup = sa.create_engine(url)
        with cleanup.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        cleanup.dispose()

    atexit.register(drop)
    return {"connect_args": {"options": f"-csearch_path={schema}"}}, schema


def make_test_app(
    tmp_path: str | Path,
    *,
    plugins: Iterable[str] | None = None,
    extra_plugins: Iterable[tuple[str, Any]] = (),
    migrate: bool = True,
    **config: Any,
) -> Flask:
    """A site for tests: TESTING on (plugin errors propagate), CSRF off, a SQLite
    database in ``tmp_path`` or, when ``CONFSITE_TEST_DATABASE_URL`` names a PostgreSQL
    database, a fresh schema there (so your plugin's tests run on both, like confsite's).
    Its test client is :class:`TestClient`.

    ``plugins`` limits which discovered plugins load (like ``CONFSITE_PLUGINS``; None =
    all). ``extra_plugins`` registers ``(name, module_or_object)`` pairs directly, for a
    plugin that is not installed. With ``migrate`` (the default) the schema is built by
    running every migration, core and plugins', so your migration is tested too;
    otherwise by ``db.create_all()``. ``config`` overrides any setting.
    """
    tmp_path = Path(tmp_path)
    url = os.environ.get(TEST_DATABASE_URL_VARIABLE) or f"sqlite:///{tmp_path / 'confsite-test.sqlite3'}"
    engine_options: dict[str, Any] = {}
    if url.startswith("postgresql"):
        engine_options, _schema = _schema_in_test_database(url)
        engine_options["poolclass"] = sa.pool.NullPool  # no idle connections left behind
    settings: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "file",
        "SERVER_NAME": "confsite.test",
        "PLUGINS": None if plugins is None else list(plugins),
    }
    settings.update(config)
    app = create_app(settings, instance_path=tmp_path / "instance", extra_plugins=extra_plugins)
    app.test_client_class = TestClient
    atexit.register(_dispose_engine, app)  # before the schema is dropped (atexit runs last-in first)
    with app.app_context():
        if migrate:
            upgrade_database()
        else:
            db.create_all()
            plugin_host(app).forget_migration_state()
    return app


def _dispose_engine(app: Flask) -> None:
    caching.dispose(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def sample_series(**fields: Any) -> Series:
    """A committed series (``slug`` and ``title`` made up unless given)."""
    n = next(_numbers)
    series = Series(
        slug=fields.pop("slug", f"series-{n}"), title=fields.pop("title", f"Series {n}"), **fields
    )
    db.session.add(series)
    db.session.commit()
    return series


def _in_thirty_days_at_eight() -> datetime:
    return (datetime.now(UTC) + timedelta(days=30)).replace(hour=8, minute=0, second=0, microsecond=0)


def sample_event(**fields: Any) -> Event:
    """A committed, published one-day online event a month from now (at 08:00 UTC); override any
    column, e.g. ``sample_event(slug="summit", series=series, status="draft")``."""
    n = next(_numbers)
    # 08:00 UTC: a programme of some hours stays within one local day in every European
    # zone, whatever the hour a test runs at.
    start = fields.pop("start_at", _in_thirty_days_at_eight())
    values: dict[str, Any] = {
        "slug": f"event-{n}",
        "title": f"Event {n}",
        "kind": "conference",
        "format": "online",
        "status": "published",
        "timezone": "Europe/Madrid",  # the demo's zone; tests/factories.py builds on this
        "start_at": start,
        "end_at": start + timedelta(days=1),
    }
    values.update(fields)
    event = Event(**values)
    db.session.add(event)
    db.session.commit()
    return event


def sample_user(email: str | None = None, *, admin: bool = False, password: str = PASSWORD) -> User:
    """A committed user who can log in with ``password``."""
    user = User(email=email or f"user{next(_numbers)}@example.org", is_admin=admin)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def sample_person(**fields: Any) -> Person:
    """A committed speaker or chair (``name`` made up unless given)."""
    person = Person(name=fields.pop("name", f"Person {next(_numbers)}"), **fields)
    db.session.add(person)
    db.session.commit()
    return person


def sample_session(event: Event, **fields: Any) -> Session:
    """A committed one-hour session of ``event``, starting an hour after the event."""
    start = fields.pop("start_at", event.start_at + timedelta(hours=1))
    session = Session(
        event=event,
        title=fields.pop("title", f"Session {next(_numbers)}"),
        start_at=start,
        end_at=fields.pop("end_at", start + timedelta(hours=1)),
        **fields,
    )
    db.session.add(session)
    db.session.commit()
    return session


def sample_talk(session: Session, speakers: Sequence[Person] = (), **fields: Any) -> Talk:
    """A committed talk in ``session`` given by ``speakers``, in that order."""
    talk = Talk(session=session, title=fields.pop("title", f"Talk {next(_numbers)}"), **fields)
    talk.speaker_links = [TalkSpeaker(person=p, position=i) for i, p in enumerate(speakers)]
    db.session.add(talk)
    db.session.commit()
    return talk


def sample_registration(
    event: Event,
    user: User | None = None,
    *,
    status: RegistrationStatus | str = RegistrationStatus.CONFIRMED,
    email: str | None = None,
    name: str | None = None,
    **fields: Any,
) -> Registration:
    """A committed registration for ``event``: ``status`` "confirmed" (taking a seat)
    or "waitlisted"; without ``user`` it is a guest's, as when an organiser adds
    someone by e-mail address only (no account, no user id)."""
    status = RegistrationStatus(status)
    now = utcnow()
    n = next(_numbers)
    registration = Registration(
        event=event,
        user=user,
        email=(email or (user.email if user else f"guest{n}@example.org")).lower(),
        name=name or (user.display_name if user and user.display_name else f"Guest {n}"),
        status=status,
        consent_at=now,
        confirmed_at=now if status == RegistrationStatus.CONFIRMED else None,
        waitlisted_at=now if status == RegistrationStatus.WAITLISTED else None,
        **fields,
    )
    if status == RegistrationStatus.CONFIRMED:
        event.confirmed_count = (event.confirmed_count or 0) + 1
    db.session.add(registration)
    db.session.commit()
    return registration


def grant_role(
    user: User, role: RoleName | str, *, event: Event | None = None, series: Series | None = None
) -> RoleAssignment:
    """Give ``user`` a role (e.g. ``"organiser"``) on an event or a series."""
    assignment = RoleAssignment(email=user.email, user=user, role=RoleName(role), event=event, series=series)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def log_in(client: FlaskClient, user: User | str, password: str = PASSWORD) -> None:
    """Log ``client`` in as ``user`` (a User or an e-mail address)."""
    email = user if isinstance(user, str) else user.email
    response = client.post("/login", data={"email": email, "password": password})
    if response.status_code not in (302, 303):
        raise AssertionError(f"log-in as {email} failed with status {response.status_code}")


def switch_plugin(
    name: str, enabled: bool | None, *, event: Event | None = None, series: Series | None = None
) -> None:
    """Switch a plugin on or off (None: inherit) for an event or series, as an
    organiser would on the plugin settings page, and commit."""
    set_plugin_enabled(name, enabled, event=event, series=series)
    db.session.commit()


@contextmanager
def production_errors(app: Flask) -> Iterator[None]:
    """Within the block, plugin errors are logged and isolated as in production
    instead of propagating (to test how your plugin fails)."""
    before = app.testing
    app.testing = False
    try:
        yield
    finally:
        app.testing = before


def wait_for(condition: Callable[[], object], seconds: float = 10.0) -> bool:
    """Whether ``condition()`` turns true within ``seconds``: for what arrives from
    elsewhere (PostgreSQL's change announcements reaching the event memory)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@contextmanager
def count_queries(*, forget_event_memory: bool = False) -> Iterator[list[str]]:
    """Collect the SQL statements run inside the block, to assert that a page's query
    count does not grow with the data it shows::

        with testing.count_queries() as statements:
            client.get("/events/demo/")
        assert len(statements) == expected

    ``forget_event_memory`` empties the current app's event memory first
    (``confsite.caching.event_memory``), so that the count is that of a worker that
    kept nothing: on PostgreSQL what is kept there is forgotten whenever any event
    changes, in tests sharing the database too, so comparing two counts is only fair
    from the same start. It also waits until the worker listens for changes (it starts
    to on its first request), so that every count starts from a worker that has.
    """
    if forget_event_memory and has_app_context():
        memory = event_memory.of(current_app)
        memory.engine()
        if memory.listener is not None:
            memory.memory.listening.wait(10)
        memory.memory.invalidate()
    statements: list[str] = []

    def before_cursor_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    # On every engine: the app's, and the one confsite.caching.event_memory reads with.
    sa.event.listen(sa.Engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", before_cursor_execute)
