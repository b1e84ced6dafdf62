"""Migrations take an empty database to head, back to base, and up again, and they
describe exactly the tables the models declare."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade

from confsite.database import upgrade_database
from confsite.extensions import db
from confsite.models import Event
from confsite.models.event_notifications import ANNOUNCED_TABLES, CHANNEL, SEATS
from confsite.search.storage import made_by_raw_ddl
from tests.conftest import build_app


def _tables(app) -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_downgrade_upgrade(fresh_database, tmp_path):
    app = build_app(fresh_database, tmp_path)
    with app.app_context():
        upgrade_database()
        tables = _tables(app)
        assert {"events", "sessions", "talks", "registrations", "users"} <= tables
        downgrade(revision="base")
        assert _tables(app) <= {"alembic_version"}
        upgrade_database()
        assert _tables(app) == tables
        db.engine.dispose()


def test_migrations_match_the_models(fresh_database, tmp_path):
    app = build_app(fresh_database, tmp_path)
    with app.app_context():
        upgrade_database()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    # the search index's FTS5 tables / GIN index come from raw DDL
                    "include_object": lambda obj, name, type_, *_: not made_by_raw_ddl(name, type_),
                },
            )
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_migrated_postgresql_announces_changes_like_a_new_one(fresh_database, tmp_path):
    """The triggers the migrations leave are those ``create_all`` makes: every announced
    table has one, and an UPDATE moving only an event's seat counter is announced apart
    (``models.event_notifications.SEATS``) from any other change of the row."""
    if not fresh_database.is_postgres:
        return  # SQLite announces nothing
    app = build_app(fresh_database, tmp_path)
    with app.app_context():
        upgrade_database()
        with db.engine.connect() as conn:
            triggers = set(
                conn.scalars(sa.text("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%notify_%'"))
            )
        expected = {f"{table}_notify_changed" for table in ANNOUNCED_TABLES - {SEATS}}
        assert triggers == expected | {"events_notify_updated"}

        # The suite's other workers announce on the same database: this schema's
        # functions, as migrated, announce on a channel of this test's own.
        channel = f"confsite_test_{uuid.uuid4().hex[:12]}"
        with db.engine.begin() as conn:
            for function in ("confsite_notify_event_changed", "confsite_notify_events_updated"):
                source = conn.scalar(sa.text("SELECT pg_get_functiondef(to_regproc(:f))"), {"f": function})
                assert CHANNEL in source
                conn.exec_driver_sql(source.replace(CHANNEL, channel))
        raw = db.engine.raw_connection()
        try:
            listening = raw.driver_connection
            listening.autocommit = True
            listening.execute(f"LISTEN {channel}")
            seat = {"confirmed_count": Event.confirmed_count + 1, "updated_at": Event.updated_at}
            for statement in (
                sa.insert(Event).values(**_event_values()),
                sa.update(Event).values(**seat),  # a registration
                sa.update(Event).values(title="Žiga's workshop, renamed"),
                sa.update(Event).values(**seat, title="Žiga's workshop, full"),
                sa.update(Event).where(Event.id == -1).values(**seat),  # no seat left: nothing
            ):
                with db.engine.begin() as conn:
                    conn.execute(statement)
            payloads = [n.payload for n in listening.notifies(timeout=2)]
        finally:
            raw.close()
        db.engine.dispose()
    assert payloads == ["events", SEATS, "events", "events"]


def _event_values() -> dict:
    start = datetime(2031, 5, 6, 9, tzinfo=UTC)
    return {
        "slug": "zigas-workshop",
        "title": "Žiga's workshop",
        "kind": "workshop",
        "format": "online",
        "status": "published",
        "timezone": "Europe/Ljubljana",
        "start_at": start,
        "end_at": start + timedelta(hours=6),
    }
