"""Introspection: `confsite plugins` and /admin/plugins list name, version, source,
hooks and where each plugin is enabled."""

from __future__ import annotations

from confsite.extensions import db
from confsite.services.plugin_settings import set_plugin_enabled


def test_plugins_command_lists_plugins_and_where_they_are_enabled(runner, make):
    result = runner.invoke(args=["plugins"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "example 0.1.0 (confsite-example)" in lines
    assert any(
        line.startswith("  hooks: ") and "page_panels" in line and "report_sections" in line for line in lines
    )
    assert "  enabled: everywhere" in lines
    series, event = make.series(slug="summits"), make.event(slug="water-2021")
    set_plugin_enabled("example", False, series=series)
    set_plugin_enabled("example", True, event=event)
    db.session.commit()
    result = runner.invoke(args=["plugins"])
    assert "  enabled: everywhere except series summits; explicitly on for event water-2021" in result.output


def test_plugins_command_names_plugins_left_out_by_the_setting(make_app):
    app = make_app(PLUGINS=[])
    lines = app.test_cli_runner().invoke(args=["plugins"]).output.splitlines()
    headers = [line for line in lines if not line.startswith("  ")]
    loaded = [line for line in headers if "installed but not loaded" not in line]
    # Only the core's always-on modules load; every optional plugin is listed as left out.
    assert loaded and all(line.endswith("(core)") for line in loaded)
    assert "example (confsite-example): installed but not loaded (not in CONFSITE_PLUGINS)" in headers


def test_admin_page_lists_the_same(client, auth, make):
    event = make.event(slug="water-2021")
    set_plugin_enabled("example", False, event=event)
    db.session.commit()
    admin = make.user(admin=True)
    auth.login(admin.email)
    html = client.get("/admin/plugins").get_data(as_text=True)
    assert '<th scope="row">example<br><span class="hint">Activity log' in html
    assert "<td>0.1.0</td><td>confsite-example</td>" in html
    assert "everywhere except event water-2021" in html
    assert "lifecycle_event" in html


def test_admin_page_is_for_site_admins_only(client, auth, make):
    assert client.get("/admin/plugins").status_code == 302  # log in first
    organiser = make.user()
    make.role(organiser, "organiser", event=make.event())
    auth.login(organiser.email)
    assert client.get("/admin/plugins").status_code == 403


def test_a_plugin_that_failed_to_load_is_listed_with_the_reason(make_app, monkeypatch):
    from confsite import plugins

    real = plugins._entry_point_modules

    def failing():
        raise ImportError("No module named 'frobnicate'")

    monkeypatch.setattr(
        plugins, "_entry_point_modules", lambda: [*real(), ("fragile", failing, "fragile-dist")]
    )
    app = make_app(
        TESTING=False, BASE_URL="http://confsite.test"
    )  # in production a broken plugin is left out, not fatal
    lines = app.test_cli_runner().invoke(args=["plugins"]).output.splitlines()
    assert "example 0.1.0 (confsite-example)" in lines
    assert (
        "fragile (fragile-dist): installed but not loaded (ImportError: No module named 'frobnicate')"
        in lines
    )
