"""Every hook of confsite/hookspecs.py is documented in docs/plugins.md (with its exact
signature) and implemented by a plugin that the test suite runs."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from confsite import hookspecs

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "plugins.md"
TESTS = ROOT / "tests"
EXAMPLE_PACKAGE = TESTS / "example_plugin" / "confsite_example"


def hook_specs() -> dict[str, object]:
    return {
        name: fn
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if getattr(fn, "confsite_spec", None) is not None
    }


def documented_signature(fn) -> str:
    """``def name(arg: Type, ...) -> Return`` as the guide spells it."""
    signature = inspect.signature(fn)
    clean = lambda annotation: str(annotation).replace('"', "").replace("'", "")  # noqa: E731
    args = ", ".join(f"{name}: {clean(p.annotation)}" for name, p in signature.parameters.items())
    return f"def {fn.__name__}({args}) -> {clean(signature.return_annotation)}"


def hookimpls_in(path: Path) -> set[str]:
    """Names of functions decorated with ``@hookimpl`` (bare or ``confsite.hookimpl``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
                if name == "hookimpl":
                    found.add(node.name)
    return found


def test_there_are_hooks_to_check():
    assert {"page_panels", "report_sections", "lifecycle_event", "migrations_dir"} <= set(hook_specs())


def test_every_hook_is_documented_with_its_signature():
    guide = GUIDE.read_text(encoding="utf-8")
    missing = [
        documented_signature(fn)
        for name, fn in hook_specs().items()
        if f"### `{name}`" not in guide or documented_signature(fn) not in guide
    ]
    assert missing == [], f"docs/plugins.md lacks (or has a stale signature for): {missing}"


def test_the_guide_documents_no_hook_that_does_not_exist():
    guide = GUIDE.read_text(encoding="utf-8")
    reference = guide.split("## Hook reference", 1)[1].split("\n## ", 1)[0]
    headings = {line[5:-1] for line in reference.splitlines() if line.startswith("### `")}
    assert headings == set(hook_specs())


def test_every_hook_is_implemented_by_a_plugin_the_tests_run():
    """A hook counts as exercised when a test module (or the example plugin, which
    tests/test_plugins_example.py drives) implements it."""
    sources = list(TESTS.rglob("test_*.py")) + list(EXAMPLE_PACKAGE.rglob("*.py"))
    implemented: set[str] = set()
    for path in sources:
        implemented |= hookimpls_in(path)
    assert sorted(set(hook_specs()) - implemented) == []


def test_the_scan_sees_decorated_functions_only(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import confsite\nfrom confsite import hookimpl\n"
        "@hookimpl\ndef page_panels(page): ...\n"
        "@confsite.hookimpl\ndef report_sections(scope): ...\n"
        "def export_formats(): ...\n"
    )
    assert hookimpls_in(sample) == {"page_panels", "report_sections"}
