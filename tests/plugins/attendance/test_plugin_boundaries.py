"""The plugin stands on the public API only, and its tables have their own migration
branch."""

from __future__ import annotations

import ast
from pathlib import Path

import confsite_plugins.attendance as plugin
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from confsite.extensions import db
from tests.conftest import build_app

PLUGIN_DIR = Path(plugin.__file__).resolve().parent
TABLES = {"attendance_event_page_views", "attendance_session_page_views", "attendance_manual_counts"}


def _confsite_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = ",".join(alias.name for alias in node.names)
            found.append(node.module if node.module != "confsite" else f"confsite:{names}")
    return [name for name in found if name.startswith("confsite")]


def test_plugin_imports_only_the_public_api():
    modules = [p for p in PLUGIN_DIR.rglob("*.py") if "migrations" not in p.parts]
    assert len(modules) >= 8
    for path in modules:
        for name in _confsite_imports(path):
            assert name in ("confsite.api", "confsite:hookimpl") or name.startswith(
                "confsite_plugins.attendance"
            ), f"{path.name} imports {name}"


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
