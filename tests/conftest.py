"""Shared fixtures (flaskr style): app, client, CLI runner, log-in helpers, data factories.

The database is SQLite in a temporary folder, or PostgreSQL when
``CONFSITE_TEST_DATABASE_URL`` is set: then each run works in a fresh schema of its
own (dropped at the end), so parallel runs never meet. An unreachable PostgreSQL is an
error, never a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import vobject.icalendar

from confsite import caching, create_app
from confsite.extensions import db
from confsite.jobs import queue as jobs_queue
from confsite.testing import TestClient
from tests import factories


@pytest.fixture(autouse=True)
def _forget_vobject_time_zones() -> Iterator[None]:
    """vobject keeps every VTIMEZONE it parses in a process-wide map by TZID; a feed's
    zone covers only the years it needs, so a later test in the same worker would read
    other years' times through it. Each test starts with only UTC known."""
    yield
    known = vars(vobject.icalendar)["__tzidMap"]
    known.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)


PG_URL = os.environ.get("CONFSITE_TEST_DATABASE_URL")
# Under CI the job queue runs on the real Redis (database 1); elsewhere on SQLite files.
REDIS_URL = os.environ.get("CONFSITE_TEST_REDIS_URL") or (
    "redis://127.0.0.1:6379/1" if os.environ.get("CI", "").lower() == "true" else None
)

# Apps built outside testing mode (and the ``confsite`` commands tests run) need a public
# base URL; the test apps below keep deriving links from the test client's host unless
# a test sets BASE_URL (tests/test_security_base_url.py).
os.environ.setdefault("CONFSITE_BASE_URL", "http://confsite.test")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests are slow tests too: `make test-fast` (-m "not slow") leaves them out."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


class Database:
    """A database for one test run: URL plus engine options pinning the schema."""

    def __init__(self, url: str, engine_options: dict[str, Any], schema: str | None) -> None:
        self.url = url
        self.engine_options = engine_options
        self.schema = schema

    @property
    def is_postgres(self) -> bool:
        return self.schema is not None


def _pg_database(base_url: str, label: str) -> Database:
    schema = f"t_{label}_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(base_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        # The search's extension is the database's, shared by every worker's schema:
        # made here one worker at a time (two CREATE EXTENSION IF NOT EXISTS at once on
        # a new database: one fails on the unique name).
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('confsite tests: extensions'))"))
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public"))
    engine.dispose()
    options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    return Database(base_url, options, schema)


def _drop_pg_schema(base_url: str, schema: str) -> None:
    engine = sa.create_engine(base_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def make_database(tmp_dir: Path, label: str) -> Database:
    if PG_URL:
        return _pg_database(PG_URL, label)
    return Database(f"sqlite:///{tmp_dir / (label + '.sqlite3')}", {}, None)


def dispose_database(database: Database) -> None:
    if database.schema:
        _drop_pg_schema(database.url, database.schema)


@pytest.fixture(scope="session")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The run's database, with every table created once."""
    database = make_database(tmp_path_factory.mktemp("db"), "suite")
    app = build_app(database, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield database
    dispose_database(database)


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[Database]:
    """An empty database (no tables), for migration tests."""
    database = make_database(tmp_path, "fresh")
    yield database
    dispose_database(database)


def build_app(database: Database, instance_path: Path, **config: Any):
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database.url,
        "SQLALCHEMY_ENGINE_OPTIONS": database.engine_options,
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "file",
        "SERVER_NAME": "confsite.test",
        "BASE_URL": None,
        "REDIS_URL": REDIS_URL,
        "JOBS_QUEUE_NAME": f"confsite-test-{uuid.uuid4().hex[:12]}",
    }
    extra_plugins = config.pop("extra_plugins", ())
    settings.update(config)
    app = create_app(settings, instance_path=instance_path, extra_plugins=extra_plugins)
    app.test_client_class = TestClient  # each request in its own app context
    return app


def empty_all_tables() -> None:
    """Delete every row, children first (cheaper than recreating the schema)."""
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def make_app(database: Database, tmp_path: Path):
    """Build an app with extra settings (e.g. a plugin list); tables are emptied after."""
    apps = []

    def _make(**config: Any):
        app = build_app(database, tmp_path / "instance", **config)
        apps.append(app)
        return app

    yield _make
    for app in apps:
        caching.dispose(app)
        jobs_queue.flush(app)
    if apps:
        with apps[0].app_context():
            db.session.remove()
            empty_all_tables()
            db.engine.dispose()
        for app in apps[1:]:
            with app.app_context():
                db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make():
    """Factories for test data: ``make.event(...)``, ``make.user(...)``, ..."""
    return factories


class AuthActions:
    def __init__(self, client) -> None:
        self._client = client

    def login(self, email: str, password: str = factories.PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)
