"""Database set-up: URL checks, SQLite pragmas, reachability, migrations."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from confsite.config import ConfigError

log = logging.getLogger(__name__)

SUPPORTED_BACKENDS = ("sqlite", "postgresql")


class DatabaseConfigError(ConfigError):
    """The database is misconfigured or out of reach; the message is one line for people."""


def check_database_url(url: str) -> None:
    """Refuse URLs we do not support before SQLAlchemy raises something obscure."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseConfigError(f"cannot parse database URL {url!r}") from None
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise DatabaseConfigError(
            f"unsupported database {parsed.drivername!r} in CONFSITE_DATABASE_URL: "
            "use sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME"
        )


def configure_engine_options(app: Flask) -> None:
    """Engine options per backend: SQLite waits for locks instead of failing at once."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.get_backend_name() == "sqlite":
        connect_args = dict(options.get("connect_args", {}))
        connect_args.setdefault("timeout", 30)
        options["connect_args"] = connect_args
    else:
        options.setdefault("pool_pre_ping", True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """WAL (readers never block the writer) and enforced foreign keys on SQLite."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def make_teardown_safe(app: Flask, db: SQLAlchemy) -> None:
    """Replace Flask-SQLAlchemy's end-of-request ``session.remove()`` with one that
    survives a dead connection.

    Its ROLLBACK on a connection the server killed raises after the response was
    built, past Flask's error handlers: the client got a bare 500 although the
    request itself had finished. The connection is invalidated (the pool opens a new
    one; PostgreSQL engines also pre-ping) and the error logged.
    """
    funcs = app.teardown_appcontext_funcs
    funcs[:] = [f for f in funcs if getattr(f, "__func__", None) is not type(db)._teardown_session]

    @app.teardown_appcontext
    def _remove_session(exc: BaseException | None) -> None:
        try:
            db.session.remove()
        except SQLAlchemyError:
            log.warning("closing the database session failed; connection dropped", exc_info=True)
            with contextlib.suppress(SQLAlchemyError):
                db.session().invalidate()
            db.session.registry.clear()


def check_database_reachable(engine: sa.Engine) -> None:
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseConfigError(
            f"cannot reach the database at {engine.url.render_as_string(hide_password=True)}: {reason}"
        ) from None


def upgrade_database() -> None:
    """Bring the schema to the newest revision of core and every plugin branch."""
    upgrade(revision="heads")


def schema_is_empty(engine: sa.Engine) -> bool:
    return not sa.inspect(engine).get_table_names()
