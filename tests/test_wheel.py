"""The wheel ships everything: build it, install it (not editable) into a fresh virtual
environment and run the site from there, far from this checkout.

Dependencies come from a wheelhouse kept beside the test environment
(``<venv>/wheelhouse``, or ``CONFSITE_WHEELHOUSE``), filled by ``pip download`` from the
configured index the first time (a fresh CI machine fetches them from PyPI once); the
installation itself never touches an index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
WHEELHOUSE = Path(os.environ.get("CONFSITE_WHEELHOUSE") or Path(sys.prefix) / "wheelhouse")
# Not part of a source tree: version control, environments, build output, local data.
NOT_SOURCE = (".git", ".venv", "node_modules", "build", "dist", "instance", "*.egg-info", "__pycache__")
BUILTIN_PLUGINS = sorted(p.name for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").exists())


def _run(args: list[str | Path], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result


def _forget_confsite_wheels() -> None:
    """``pip download`` copies confsite's own wheel into the wheelhouse; an old copy
    there would be resolved instead of the one just built."""
    for old in WHEELHOUSE.glob("confsite-*.whl"):
        old.unlink()


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the freshly built confsite wheel installed from it."""
    tmp = tmp_path_factory.mktemp("wheel")
    # Built from a clean copy: pip builds in the source tree, and a build/ folder left
    # there by an earlier build would ship its stale files (or refuse to build at all).
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    _run([sys.executable, "-m", "pip", "wheel", source, "--no-deps", "--quiet", "--wheel-dir", tmp / "dist"])
    wheel = next((tmp / "dist").glob("confsite-*.whl"))
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", venv])
    install = [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-index"]
    install += ["--find-links", WHEELHOUSE, wheel]
    try:
        _run(install)
    except AssertionError:  # first run (or a new dependency): fill the wheelhouse once
        _forget_confsite_wheels()
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--dest", WHEELHOUSE, wheel])
        _forget_confsite_wheels()
        _run(install)
    return venv


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONFSITE_", "PYTHON"))}
    env["CONFSITE_DATABASE_URL"] = f"sqlite:///{tmp / 'site.sqlite3'}"
    env["CONFSITE_BASE_URL"] = "http://127.0.0.1:5000"  # required outside debug and testing
    return env


def test_the_wheel_carries_every_built_in_plugin_with_its_code(installed: Path) -> None:
    site = next(installed.glob("lib/python*/site-packages"))
    for name in BUILTIN_PLUGINS:
        folder = site / "confsite_plugins" / name
        assert (folder / "__init__.py").exists(), name
        on_disk = {p.relative_to(ROOT / "plugins" / name) for p in (ROOT / "plugins" / name).rglob("*.py")}
        shipped = {p.relative_to(folder) for p in folder.rglob("*.py")}
        assert on_disk <= shipped, f"{name}: not shipped: {sorted(map(str, on_disk - shipped))}"
    assert (site / "confsite_templates" / "base.html").exists()
    entry_points = next(site.glob("confsite-*.dist-info")) / "entry_points.txt"
    assert all(f"{name} = confsite_plugins.{name}" in entry_points.read_text() for name in BUILTIN_PLUGINS)


def test_the_installed_site_migrates_loads_the_demo_and_serves_every_plugin(
    installed: Path, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    confsite = installed / "bin" / "confsite"
    _run([confsite, "db", "upgrade"], env=env, cwd=tmp_path)
    _run([confsite, "demo"], env=env, cwd=tmp_path)
    listing = _run([confsite, "plugins"], env=env, cwd=tmp_path).stdout
    for name in BUILTIN_PLUGINS:
        assert f"{name} " in listing and "not migrated" not in listing, listing

    script = ROOT / "tests" / "packaging" / "serve_builtin_pages.py"
    served = json.loads(_run([installed / "bin" / "python", script], env=env, cwd=tmp_path).stdout)
    assert served["builtin"] == BUILTIN_PLUGINS
    assert served["plugins_folder"].startswith(str(installed))  # not this checkout
    for name, (url, status) in served["statuses"].items():
        assert url is not None, f"{name} offers no page to the demo admin"
        assert status == 200, f"{name}: {url} answered {status}"
