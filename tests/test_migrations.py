"""Migrations take an empty database to head, back to base, and up again, and they
describe exactly the tables the models declare."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade

from confsite.database import upgrade_database
from confsite.extensions import db
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
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
