"""The built-in plugins share one shape (docs/plugins.md, "Recommended layout"), so an
author copying any of them learns the same way of doing things."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from confsite.plugins import host

ROOT = Path(__file__).resolve().parents[2]
SHAPED = ("attendance", "calls", "monitoring", "reports", "take_home")
REQUIRED = ("__init__.py", "models.py", "forms.py", "services.py", "demo.py", "README.md")
# A plugin implementing the hook keeps what it contributes in the module named here.
HOOK_MODULES = {
    "report_sections": "report.py",
    "export_formats": "exports.py",
    "register_commands": "cli.py",
    "plugin_settings_schema": "settings.py",
    "api_blueprints": "api.py",
    "load_demo_data": "demo.py",
}
# That views leave every write to the plugin's services is checked for every plugin's
# view modules, the core's with them, by tests/test_services_own_writes.py.
# Pages of the shaped plugins that are not organiser pages: attendees' and the public's.
PUBLIC_ENDPOINTS = {
    "take_home.suggest",  # an attendee's suggestion, from a session page
    "take_home.export_markdown",  # the published messages, also linked from the event page
    "take_home.export_csv",
}


@pytest.mark.parametrize("name", SHAPED)
def test_built_in_plugin_follows_the_layout(name):
    folder = ROOT / "plugins" / name
    missing = [f for f in REQUIRED if not (folder / f).exists()]
    assert missing == [], f"plugins/{name} lacks {missing}"
    assert (folder / "views.py").is_file() or (folder / "views" / "__init__.py").is_file()  # or split by idea
    assert (folder / "migrations" / "versions").is_dir()
    assert (folder / "templates" / name).is_dir()
    assert (ROOT / "tests" / "plugins" / name).is_dir()
    module = importlib.import_module(f"confsite_plugins.{name}")
    misplaced = [f for hook, f in HOOK_MODULES.items() if hasattr(module, hook) and not (folder / f).exists()]
    assert misplaced == [], f"plugins/{name} implements hooks without their module {misplaced}"
    static = folder / "static"
    if static.is_dir():  # served at /<name>/static/<name>/...: namespaced like the templates
        stray = [p.name for p in static.iterdir() if p.name != name]
        assert stray == [], f"plugins/{name}/static holds {stray} outside static/{name}/"


def _moved(rule) -> bool:
    """A former address kept as a permanent redirect to its page's new place."""
    return rule.endpoint.split(".", 1)[1].startswith("moved_")


def test_organiser_pages_live_under_manage_and_are_scoped(app):
    """Every organiser route of the shaped plugins is /manage/events/<event_slug>/<plugin>/...
    or /manage/series/<series_slug>/<plugin>/..., so the core finds the event or series
    and 404s where the plugin is off."""
    owners = host(app).blueprint_owner
    checked = set()
    for rule in app.url_map.iter_rules():
        plugin = owners.get(rule.endpoint.split(".", 1)[0])
        is_page = not rule.endpoint.endswith(".static") and not rule.rule.startswith("/api/")
        if plugin in ("attendance", "monitoring", "take_home") and is_page:  # REST endpoints: docs/api.md
            if rule.endpoint in PUBLIC_ENDPOINTS or _moved(rule):
                assert rule.rule.startswith(f"/events/<event_slug>/{plugin.replace('_', '-')}/"), rule.rule
                continue
            assert rule.rule.startswith(
                (f"/manage/events/<event_slug>/{plugin}/", f"/manage/series/<series_slug>/{plugin}/")
            ), rule.rule
            checked.add(plugin)
    assert checked == {"attendance", "monitoring", "take_home"}


def test_take_homes_former_addresses_only_redirect(app, client, make):
    """The moved_* endpoints send bookmarks on (301) and serve nothing themselves."""
    event = make.event(slug="moved-here")
    moved = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("take_home.moved_")]
    assert len(moved) == 5
    for rule in moved:
        path = rule.rule.replace("<event_slug>", event.slug).replace("<int:session_id>", "1")
        response = client.get(path)
        assert response.status_code == 301, path
        assert response.headers["Location"].startswith(f"/manage/events/{event.slug}/take_home/")
