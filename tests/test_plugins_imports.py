"""Built-in plugins use nothing a third-party plugin could not: from confsite they
import only ``confsite.api`` and ``confsite.hookimpl`` (and the ``api`` module itself)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED_FROM_CONFSITE = {"hookimpl", "api"}


def confsite_imports_breaking_the_rule(source: str) -> list[str]:
    """Each import of a confsite module other than the public API, as text."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "confsite" and alias.name != "confsite.api":
                    problems.append(f"import {alias.name} (line {node.lineno})")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "confsite":
                bad = [a.name for a in node.names if a.name not in ALLOWED_FROM_CONFSITE]
                if bad:
                    problems.append(f"from confsite import {', '.join(bad)} (line {node.lineno})")
            elif node.module.startswith("confsite.") and node.module != "confsite.api":
                problems.append(f"from {node.module} import ... (line {node.lineno})")
    return problems


def test_the_check_recognises_forbidden_imports():
    source = (
        "from confsite import hookimpl, api\nfrom confsite.api import db\nimport confsite.api\n"
        "from confsite.models import Event\nimport confsite.services.agenda\n"
        "from confsite import create_app\n"
        "from confsite_plugins.other import x\n"
    )
    assert confsite_imports_breaking_the_rule(source) == [
        "from confsite.models import ... (line 4)",
        "import confsite.services.agenda (line 5)",
        "from confsite import create_app (line 6)",
    ]


def test_built_in_plugins_import_only_the_public_api():
    files = sorted((ROOT / "plugins").rglob("*.py"))
    assert files, "plugins/ holds at least its package __init__"
    problems = {
        str(path.relative_to(ROOT)): found
        for path in files
        if (found := confsite_imports_breaking_the_rule(path.read_text(encoding="utf-8")))
    }
    assert problems == {}, f"built-in plugins must import only confsite.api and confsite.hookimpl: {problems}"


def test_the_example_plugin_keeps_the_same_rule():
    files = sorted((ROOT / "tests" / "example_plugin" / "confsite_example").rglob("*.py"))
    assert len(files) >= 3
    for path in files:
        if "migrations" in path.parts:
            continue
        assert confsite_imports_breaking_the_rule(path.read_text(encoding="utf-8")) == [], path
