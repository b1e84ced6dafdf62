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
# Session methods that write or end a transaction; views leave them to services.
WRITES = {"add", "add_all", "delete", "merge", "commit", "flush", "rollback", "execute"}
# SQLAlchemy's bulk statements: building one in a view means the view writes.
STATEMENTS = {"insert", "update", "delete"}


def view_modules(root: Path = ROOT) -> list[Path]:
    """Every module that answers requests: the core's views and REST API, and in each
    built-in plugin ``views.py``, any ``*views*.py``, any ``views/`` package and any
    other module that registers routes (its REST ``api.py``)."""
    found = set((root / "confsite" / "views").rglob("*.py")) | set((root / "confsite" / "rest").rglob("*.py"))
    for plugin in sorted((root / "plugins").iterdir()):
        if not (plugin / "__init__.py").is_file():
            continue
        found.update(plugin.glob("*views*.py"))
        for package in plugin.glob("*views*"):
            if package.is_dir():
                found.update(package.rglob("*.py"))
        for module in plugin.rglob("*.py"):
            text = module.read_text(encoding="utf-8")
            if ".route(" in text or "add_url_rule(" in text:
                found.add(module)
    return sorted(found)


def _writes_in(source: str, name: str) -> list[str]:
    """Where ``source`` writes itself: a session write, a transaction it commits
    (``committing()``), or an INSERT/UPDATE/DELETE statement it builds."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = ast.unparse(func.value)
            if (func.attr in WRITES and owner in {"db.session", "session"}) or (
                func.attr in STATEMENTS and owner in {"sa", "sqlalchemy"}
            ):
                found.append((node.lineno, f"{name}:{node.lineno} {ast.unparse(func)}"))
        elif isinstance(func, ast.Name) and func.id == "committing":
            found.append((node.lineno, f"{name}:{node.lineno} committing"))
    return [text for _line, text in sorted(found)]


def _session_writes(path: Path) -> list[str]:
    return _writes_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))


def test_the_scan_looks_at_every_view_module_of_the_core_and_the_plugins():
    modules = {str(p.relative_to(ROOT)) for p in view_modules()}
    assert len([m for m in modules if m.startswith("confsite/views/")]) > 10
    assert {
        "confsite/rest/registrations.py",
        "plugins/attendance/views.py",
        "plugins/attendance/api.py",
        "plugins/monitoring/views.py",
        "plugins/reports/views/builder.py",
        "plugins/reports/views/workspace.py",
        "plugins/take_home/views.py",
        "plugins/calls/views/applicants.py",
        "plugins/calls/views/matchmaking.py",
    } <= modules


def test_a_new_plugin_view_module_is_scanned_too(tmp_path):
    """A plugin's second view module or view package is found without listing it."""
    (tmp_path / "confsite" / "views").mkdir(parents=True)
    plugin = tmp_path / "plugins" / "newplugin"
    (plugin / "views").mkdir(parents=True)
    for name in ("__init__.py", "admin_views.py", "services.py", "views/__init__.py", "views/pages.py"):
        (plugin / name).write_text("")
    (plugin / "rest.py").write_text('@bp.route("/api/x")\ndef x():\n    return {}\n')
    found = {str(p.relative_to(tmp_path)) for p in view_modules(tmp_path)}
    assert found == {
        "plugins/newplugin/rest.py",
        "plugins/newplugin/admin_views.py",
        "plugins/newplugin/views/__init__.py",
        "plugins/newplugin/views/pages.py",
    }


def test_no_view_module_writes_to_the_database_except_through_a_service():
    writes = [w for path in view_modules() for w in _session_writes(path)]
    assert writes == []


def test_the_scan_finds_a_write():
    """The check above can fail: a view that commits, opens its own unit of work or
    builds an UPDATE is reported (and a service call of the same name is not)."""
    source = (
        "from confsite.extensions import db\n"
        "import sqlalchemy as sa\n\n"
        "def v(call):\n"
        "    db.session.commit()\n"
        "    with committing():\n"
        "        call.title = 'x'\n"
        "    db.session.execute(sa.update(Call).values(title='y'))\n"
        "    services.delete_field(call)\n"
    )
    assert _writes_in(source, "plugins/x/views.py") == [
        "plugins/x/views.py:5 db.session.commit",
        "plugins/x/views.py:6 committing",
        "plugins/x/views.py:8 db.session.execute",
        "plugins/x/views.py:8 sa.update",
    ]


# What only a view may do: answer with an error page, render a page, build a URL.
REQUEST_ONLY = {"abort", "render_template", "url_for"}


def _request_only_names(path: Path) -> list[str]:
    """Where ``path`` imports or names ``abort``, ``render_template`` or ``url_for``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        else:
            continue
        found += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names if n in REQUEST_ONLY]
    return sorted(found)


def test_the_calls_plugins_services_do_not_abort_render_or_build_urls():
    """Every module of the calls plugin but its views and its hooks (``__init__``) is
    service code: callable from the CLI, jobs and tests, outside any request."""
    folder = ROOT / "plugins" / "calls"
    modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
    assert {"services.py", "evaluation.py", "outcomes.py", "matchmaking.py"} <= {p.name for p in modules}
    assert [hit for path in modules for hit in _request_only_names(path)] == []
    # ...and the check sees them where they are used:
    assert _request_only_names(folder / "views" / "reviews.py") != []


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
