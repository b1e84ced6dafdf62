"""Services own writes and their side effects: views only call them, and whichever
caller changes an event (view, CLI, import, plugin), its version moves."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ROOT / "confsite" / "views"
# Plugin view modules converted to write through their plugin's services.py.
PLUGIN_VIEWS = [ROOT / "plugins" / name / "views.py" for name in ("take_home", "reports")]
# Session methods that write or end a transaction; views leave them to services.
WRITES = {"add", "add_all", "delete", "merge", "commit", "flush", "rollback", "execute"}


def _session_writes(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
            and ast.unparse(node.func.value) in {"db.session", "session"}
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node.func)}")
    return found


# Views merged after this rule that still write themselves: move their writes into a
# service, then take them off this list (a view not listed here may not write at all).
def test_no_view_module_writes_to_the_database_except_through_a_service():
    modules = sorted(VIEWS.rglob("*.py"))
    assert len(modules) > 10  # the scan really looks at the views
    writes = [w for path in modules for w in _session_writes(path)]
    assert writes == []


def test_converted_plugin_views_write_only_through_their_services():
    assert all(path.is_file() for path in PLUGIN_VIEWS)
    writes = [w for path in PLUGIN_VIEWS for w in _session_writes(path)]
    assert writes == []


def test_the_scan_finds_a_write(tmp_path):
    """The check above can fail: a view that commits is reported."""
    bad = VIEWS / "_scan_probe.py"
    try:
        bad.write_text("from confsite.extensions import db\n\ndef v():\n    db.session.commit()\n")
        assert _session_writes(bad) == ["confsite/views/_scan_probe.py:4 db.session.commit"]
    finally:
        bad.unlink()


def test_granting_a_role_from_the_cli_marks_the_event_changed(app, runner, make):
    event = make.event(slug="ka4")
    long_ago = event.content_changed_at - timedelta(days=1)
    event.content_changed_at = long_ago
    db.session.commit()
    result = runner.invoke(args=["grant", "chair@example.org", "chair", "ka4"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    moved = db.session.scalar(sa.select(Event.content_changed_at).where(Event.slug == "ka4"))
    assert moved > long_ago
