"""The plugin's tables have their own migration branch (that it imports only the public
API is checked for every plugin by tests/test_plugins_imports.py)."""

from __future__ import annotations

from pathlib import Path

import confsite_plugins.attendance as plugin
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from confsite.extensions import db
from tests.conftest import build_app

PLUGIN_DIR = Path(plugin.__file__).resolve().parent
TABLES = {"attendance_event_page_views", "attendance_session_page_views", "attendance_manual_counts"}


def test_migration_branch_creates_and_drops_only_the_plugin_tables(fresh_database, tmp_path):
    app = build_app(fresh_database, tmp_path)
    with app.app_context():
        upgrade(revision="core@head")
        core_tables = set(sa.inspect(db.engine).get_table_names())
        assert not core_tables & TABLES
        upgrade(revision="attendance@head")
        assert set(sa.inspect(db.engine).get_table_names()) == core_tables | TABLES
        downgrade(revision="attendance@base")
        assert set(sa.inspect(db.engine).get_table_names()) == core_tables
        db.engine.dispose()
