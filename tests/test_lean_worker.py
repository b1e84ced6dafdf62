"""A web worker loads only what serving pages needs (issue #24: memory per worker).

The heavy libraries of jobs, uploads and exports (the job queue and its Redis client,
Pillow, python-docx, CairoSVG, openpyxl, segno, jsonschema, WeasyPrint) are imported
by the code that uses them, so building the app with every built-in plugin leaves them
out of ``sys.modules``. Checked in a fresh interpreter: the test process has long
imported them all. ``benchmarks/memory.py`` measures what this saves. Likewise the
language switcher names the languages without loading their locale data.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Top-level packages (each of several MB) a worker serving pages never needs.
HEAVY = (
    "huey",
    "redis",
    "PIL",
    "docx",
    "cairosvg",
    "cairocffi",
    "openpyxl",
    "segno",
    "jsonschema",
    "weasyprint",
)

BUILD_APP = """
import json, pkgutil, sys
import confsite_plugins
from confsite import create_app

plugins = ",".join(sorted(m.name for m in pkgutil.iter_modules(confsite_plugins.__path__) if m.ispkg))
app = create_app(
    {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "BASE_URL": "http://localhost",
     "SKIP_DATABASE_CHECK": True, "ATTENDANCE_FLUSH_TIMER": False, "PLUGINS": plugins},
    instance_path=sys.argv[1],
)
loaded = {"plugins": sorted(app.extensions["confsite.plugins"].infos), "app": {}, "used": {}}
heavy = json.loads(sys.argv[2])
loaded["app"] = sorted(name for name in heavy if name in sys.modules)
with app.app_context():
    exec(sys.argv[3])
loaded["used"] = sorted(name for name in heavy if name in sys.modules)
print(json.dumps(loaded))
"""

# Using the features loads their libraries: proof that the check above sees an import.
USE_FEATURES = """
from confsite.jobs.queue import app_queue
from confsite.documents import qr_svg
from confsite.services.event_io import schema_problems
from confsite_plugins.reports.figures import svg_to_png

app_queue().huey
qr_svg("http://localhost/")
schema_problems({})
svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>', 10)
"""


def build_app_in_fresh_process(tmp_path: Path) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", BUILD_APP, str(tmp_path / "instance"), json.dumps(HEAVY), USE_FEATURES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_heavy_libraries_are_installed():
    # their absence from a worker must come from lazy imports, not from a missing package
    assert [name for name in HEAVY if importlib.util.find_spec(name) is None] == []


def test_building_the_app_with_every_plugin_loads_no_heavy_library(tmp_path):
    found = build_app_in_fresh_process(tmp_path)

    assert {"attendance", "calls", "monitoring", "reports", "take_home"} <= set(found["plugins"])
    assert found["app"] == []
    # the features still find their libraries when they run
    assert set(found["used"]) >= {"huey", "redis", "segno", "jsonschema", "cairosvg"}


def test_the_switchers_language_names_are_babels():
    # kept as a table so that a worker loads no locale data of languages nobody reads
    from babel import Locale

    from confsite.i18n import LANGUAGE_NAMES, LANGUAGES, language_name

    assert set(LANGUAGE_NAMES) == set(LANGUAGES)
    for code in LANGUAGES:
        from_babel = Locale.parse(code).get_display_name(code)
        assert LANGUAGE_NAMES[code] == from_babel[:1].upper() + from_babel[1:]
        assert language_name(code) == LANGUAGE_NAMES[code]
    assert language_name("pt") == "Português"  # a language without an entry asks Babel
