"""The built-in plugins share one shape (docs/plugins.md, "Recommended layout"), so an
author copying any of them learns the same way of doing things."""

from __future__ import annotations

from pathlib import Path

import pytest

from confsite.plugins import host

ROOT = Path(__file__).resolve().parents[2]
# The reports plugin follows the same layout on its own branch of work (issue 20).
SHAPED = ("attendance", "monitoring", "take_home")
REQUIRED = ("__init__.py", "models.py", "forms.py", "views.py", "services.py", "demo.py", "README.md")
# That views leave every write to the plugin's services is checked for every plugin's
# view modules, the core's with them, by tests/test_services_own_writes.py.


@pytest.mark.parametrize("name", SHAPED)
def test_built_in_plugin_follows_the_layout(name):
    folder = ROOT / "plugins" / name
    missing = [f for f in REQUIRED if not (folder / f).exists()]
    assert missing == [], f"plugins/{name} lacks {missing}"
    assert (folder / "migrations" / "versions").is_dir()
    assert (folder / "templates" / name).is_dir()
    assert (ROOT / "tests" / "plugins" / name).is_dir()


def test_organiser_pages_live_under_manage_and_are_scoped(app):
    """Every organiser route of the shaped plugins is /manage/events/<event_slug>/<plugin>/...
    or /manage/series/<series_slug>/<plugin>/..., so the core finds the event or series
    and 404s where the plugin is off."""
    owners = host(app).blueprint_owner
    checked = 0
    for rule in app.url_map.iter_rules():
        plugin = owners.get(rule.endpoint.split(".", 1)[0])
        is_page = not rule.endpoint.endswith(".static") and not rule.rule.startswith("/api/")
        if plugin in ("attendance", "monitoring") and is_page:  # REST endpoints: docs/api.md
            assert rule.rule.startswith(
                (f"/manage/events/<event_slug>/{plugin}/", f"/manage/series/<series_slug>/{plugin}/")
            ), rule.rule
            checked += 1
    assert checked > 10
