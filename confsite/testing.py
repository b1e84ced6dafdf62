"""Helpers for testing a plugin (docs/plugins.md, "Testing your plugin").

A plugin's own test suite builds a throw-away site with :func:`make_test_app`, fills it
with the small builders below and drives it with Flask's test client::

    from confsite import testing

    @pytest.fixture
    def app(tmp_path):
        app = testing.make_test_app(tmp_path, plugins=["my_plugin"])
        with app.app_context():
            yield app

Everything here is public and stable, like :mod:`confsite.api`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from confsite.app import create_app
from confsite.database import upgrade_database
from confsite.extensions import db
from confsite.models import Event, RoleAssignment, RoleName, Series, User
from confsite.services.plugin_settings import set_plugin_enabled

PASSWORD = "correct horse battery"
_numbers = count(1)


def make_test_app(
    tmp_path: str | Path,
    *,
    plugins: Iterable[str] | None = None,
    extra_plugins: Iterable[tuple[str, Any]] = (),
    migrate: bool = True,
    **config: Any,
) -> Flask:
    """A site for tests: TESTING on (plugin errors propagate), CSRF off, a SQLite
    database in ``tmp_path``.

    ``plugins`` limits which discovered plugins load (like ``CONFSITE_PLUGINS``; None =
    all). ``extra_plugins`` registers ``(name, module_or_object)`` pairs directly, for a
    plugin that is not installed. With ``migrate`` (the default) the schema is built by
    running every migration, core and plugins', so your migration is tested too;
    otherwise by ``db.create_all()``. ``config`` overrides any setting.
    """
    tmp_path = Path(tmp_path)
    settings: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'confsite-test.sqlite3'}",
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "file",
        "SERVER_NAME": "confsite.test",
        "PLUGINS": None if plugins is None else list(plugins),
    }
    settings.update(config)
    app = create_app(settings, instance_path=tmp_path / "instance", extra_plugins=extra_plugins)
    with app.app_context():
        if migrate:
            upgrade_database()
        else:
            db.create_all()
    return app


def sample_series(**fields: Any) -> Series:
    """A committed series (``slug`` and ``title`` made up unless given)."""
    n = next(_numbers)
    series = Series(
        slug=fields.pop("slug", f"series-{n}"), title=fields.pop("title", f"Series {n}"), **fields
    )
    db.session.add(series)
    db.session.commit()
    return series


def sample_event(**fields: Any) -> Event:
    """A committed, published one-day online event a month from now; override any
    column, e.g. ``sample_event(slug="summit", series=series, status="draft")``."""
    n = next(_numbers)
    start = fields.pop("start_at", datetime.now(UTC).replace(microsecond=0) + timedelta(days=30))
    values: dict[str, Any] = dict(
        slug=f"event-{n}",
        title=f"Event {n}",
        kind="conference",
        format="online",
        status="published",
        timezone="Europe/Madrid",  # the demo's zone; tests/factories.py builds on this
        start_at=start,
        end_at=start + timedelta(days=1),
    )
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


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Collect the SQL statements run inside the block, to assert that a page's query
    count does not grow with the data it shows::

        with testing.count_queries() as statements:
            client.get("/events/demo/")
        assert len(statements) == expected
    """
    statements: list[str] = []

    def before_cursor_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    # On every engine: the app's, and the one confsite.caching.event_memory reads with.
    sa.event.listen(sa.Engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", before_cursor_execute)
