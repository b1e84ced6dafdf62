"""Every built-in plugin's catalogue is part of the very first app a process makes.

Flask-Babel merges the translation domains known when the app is set up; a plugin that
registered its domain only when its views were imported (later) was untranslated in
production, where the first app is the only one. A fresh interpreter shows it; the
test process itself has imported everything long ago."""

from __future__ import annotations

import subprocess
import sys

from confsite import catalogues

PROBE = """
from confsite.app import create_app
from confsite.api import in_language, _
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SKIP_DATABASE_CHECK": True})
print(app.config["BABEL_DOMAIN"])
with app.app_context(), in_language("de"):
    print(_("Key recommendations"))
"""


def test_the_first_app_of_a_process_merges_every_plugin_domain():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    domains_line, translated = result.stdout.strip().splitlines()[-2:]
    plugin_domains = {d.name for d in catalogues.domains() if d.name not in ("messages", "confsite_example")}
    assert plugin_domains <= set(domains_line.split(";")), domains_line
    assert translated == "Kernempfehlungen"  # a string only the reports catalogue has
