"""The plugin host: discovery, CONFSITE_PLUGINS, hook calls, isolation, return checks."""

from __future__ import annotations

import logging

import click
import pytest
import sqlalchemy as sa
from flask import Blueprint
from markupsafe import Markup

from confsite import hookimpl
from confsite.extensions import db
from confsite.hooktypes import Exporter, ManageTab, NavLink, PageContext, Panel
from confsite.models import Event
from confsite.plugins import FAILED, PluginHost, PluginLoadError, host
from confsite.reporting import Paragraph, ReportScope
from confsite.testing import count_queries, production_errors


class Recorder:
    """A plugin recording every call, for tests that check who was called when."""

    def __init__(self, label: str = "recorder") -> None:
        self.label = label
        self.calls: list[tuple[str, object]] = []

    @hookimpl
    def page_panels(self, page: PageContext):
        self.calls.append(("page_panels", page.kind))
        return [Panel(title=f"{self.label} panel", html=Markup(f"<p>{self.label} says hi</p>"))]

    @hookimpl
    def page_viewed(self, page: PageContext) -> None:
        self.calls.append(("page_viewed", page.kind))

    @hookimpl
    def navigation_links(self, user):
        return [NavLink(label=f"{self.label} link", url="/somewhere", order=5)]

    @hookimpl
    def template_variables(self, template_name: str):
        self.calls.append(("template_variables", template_name))
        return {"recorder_greeting": "hello"}

    @hookimpl
    def load_demo_data(self) -> None:
        self.calls.append(("load_demo_data", None))


class Broken:
    """Fails in every hook it implements."""

    @hookimpl
    def page_panels(self, page):
        raise RuntimeError("panel exploded")

    @hookimpl
    def navigation_links(self, user):
        return NavLink(label="not in a list", url="/")  # wrong type: must be a list


def test_one_host_per_app_with_its_own_plugin_set(make_app):
    first = make_app(extra_plugins=[("recorder", Recorder())])
    second = make_app(PLUGINS=[])
    assert "recorder" in host(first).names
    # PLUGINS=[] leaves only the core's own always-on plugin modules.
    assert host(second).names == sorted(host(second).core)
    assert "recorder" not in host(second).names and "example" not in host(second).names
    assert host(first) is not host(second)


def test_confsite_plugins_limits_discovered_plugins(make_app, caplog):
    everything = make_app()
    assert "example" in host(everything).names  # installed through its entry point
    with caplog.at_level(logging.WARNING, logger="confsite.plugins"):
        limited = make_app(PLUGINS=["nonexistent"])
    assert "example" not in host(limited).names
    assert "example" in host(limited).discovered  # found, but not loaded
    assert "CONFSITE_PLUGINS names 'nonexistent'" in caplog.text


def test_confsite_plugins_environment_variable_is_split_on_commas(make_app, monkeypatch):
    monkeypatch.setenv("CONFSITE_PLUGINS", " example , other")
    app = make_app()
    assert sorted(set(host(app).names) - host(app).core) == ["example"]


def test_panels_are_collected_ordered_and_tagged(app, client, make):
    event = make.event()
    response = client.get(f"/events/{event.slug}/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Activity so far" in page  # the example plugin's panel


def test_page_hooks_run_on_the_public_pages(make_app, make):
    recorder = Recorder()
    app = make_app(extra_plugins=[("recorder", recorder)])
    with app.app_context():
        event = make.event()
        page = app.test_client().get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "recorder says hi" in page
    assert "recorder link" in page  # navigation link in the site header
    assert ("page_panels", "event") in recorder.calls
    assert ("page_viewed", "event") in recorder.calls
    assert ("template_variables", "public/event.html") in recorder.calls


def test_template_variables_never_shadow_the_views_own(make_app):
    class Shadowing:
        @hookimpl
        def template_variables(self, template_name):
            return {"site_name": "hijacked", "extra_value": 42}

    app = make_app(extra_plugins=[("shadow", Shadowing())])
    with app.test_request_context():
        from flask import render_template_string

        assert render_template_string("{{ extra_value }}") == "42"
        html = app.test_client().get("/").get_data(as_text=True)
    assert "hijacked" not in html


def test_demo_command_calls_load_demo_data(make_app):
    recorder = Recorder()
    app = make_app(extra_plugins=[("recorder", recorder)])
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert ("load_demo_data", None) in recorder.calls


def test_failing_panel_propagates_under_testing(make_app, make):
    app = make_app(extra_plugins=[("broken", Broken())])
    with app.app_context():
        event = make.event()
        with pytest.raises(RuntimeError, match="panel exploded"):
            app.test_client().get(f"/events/{event.slug}/")


def test_failing_panel_becomes_a_notice_in_production(make_app, make, caplog):
    app = make_app(extra_plugins=[("broken", Broken()), ("recorder", Recorder())])
    with app.app_context():
        event = make.event()
        with production_errors(app), caplog.at_level(logging.ERROR, logger="confsite.plugins"):
            response = app.test_client().get(f"/events/{event.slug}/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "This part of the page is unavailable" in html
    assert 'class="panel plugin-broken"' in html
    assert "recorder says hi" in html  # the other plugins still show
    assert "plugin 'broken' failed in hook page_panels" in caplog.text
    assert "panel exploded" in caplog.text  # with the traceback


class BadSql:
    """Runs a statement the database refuses (which, on PostgreSQL, poisons the
    transaction it runs in)."""

    @hookimpl
    def page_panels(self, page):
        db.session.execute(sa.text("SELECT nothing FROM no_such_table"))


def test_a_panel_whose_sql_fails_leaves_the_page_and_the_other_panels_working(make_app, make, caplog):
    # Called last-registered first: the failing panel runs before the recorder's and
    # the built-in plugins' panels, which must still reach the database.
    app = make_app(extra_plugins=[("recorder", Recorder()), ("badsql", BadSql())])
    with app.app_context():
        event = make.event(title="Still Łódź after the failure")
        with production_errors(app), caplog.at_level(logging.ERROR, logger="confsite.plugins"):
            response = app.test_client().get(f"/events/{event.slug}/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="panel plugin-badsql"' in html and "This part of the page is unavailable" in html
    assert "recorder says hi" in html and "Still Łódź after the failure" in html
    assert "plugin 'badsql' failed in hook page_panels" in caplog.text


def test_hooks_of_a_page_that_only_reads_make_no_savepoint(make_app, make):
    app = make_app(extra_plugins=[("recorder", Recorder())])
    with app.app_context():
        event = make.event()
        with count_queries() as statements:
            response = app.test_client().get(f"/events/{event.slug}/")
    assert response.status_code == 200 and "recorder says hi" in response.get_data(as_text=True)
    assert statements and not any("SAVEPOINT" in statement.upper() for statement in statements)


def test_a_hook_failing_after_writes_rolls_back_only_its_own_work(make_app, make):
    app = make_app(extra_plugins=[("badsql", BadSql())])
    with app.app_context(), production_errors(app):
        event = make.event(title="Before")
        event.title = "Written before the hook"
        db.session.flush()
        with count_queries() as statements:
            results = dict(host().call("page_panels", page=PageContext(kind="event", user=None, event=event)))
        assert results["badsql"] is FAILED
        assert any("SAVEPOINT" in statement.upper() for statement in statements)
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Event, event.id).title == "Written before the hook"


def test_wrong_return_type_is_logged_naming_the_plugin(make_app, caplog):
    app = make_app(extra_plugins=[("broken", Broken())])
    with app.app_context(), production_errors(app), caplog.at_level(logging.ERROR, logger="confsite.plugins"):
        links = host().collect("navigation_links", user=None)
    assert all(link.label != "not in a list" for link in links)
    assert "plugin 'broken' returned NavLink from navigation_links, expected a list of NavLink" in caplog.text


def test_wrong_return_type_raises_under_testing(make_app):
    app = make_app(extra_plugins=[("broken", Broken())])
    with app.app_context(), pytest.raises(TypeError, match="plugin 'broken' returned NavLink"):
        host().collect("navigation_links", user=None)


def test_a_failing_implementation_yields_the_failed_marker(make_app):
    app = make_app(extra_plugins=[("broken", Broken())])
    page = PageContext(kind="series", user=None)
    with app.app_context(), production_errors(app):
        results = dict(host().call("page_panels", page=page))
    assert results["broken"] is FAILED


def test_an_unknown_hook_name_is_refused_at_registration():
    class Typo:
        @hookimpl
        def page_panel(self, page):  # misspelt page_panels
            return []

    plugin_host = PluginHost([], strict=True)
    plugin_host.load()
    with pytest.raises(Exception, match="implements unknown hooks: page_panel"):
        plugin_host.register("typo", Typo(), "test")
    assert "typo" not in plugin_host.infos


def test_a_plugin_that_cannot_be_imported_is_left_out_in_production(monkeypatch, caplog):
    from confsite import plugins

    def broken_import():
        raise ImportError("missing dependency 'frobnicate'")

    monkeypatch.setattr(
        plugins, "_entry_point_modules", lambda: iter([("fragile", broken_import, "fragile-dist")])
    )
    production = PluginHost(None, strict=False)
    with caplog.at_level(logging.ERROR, logger="confsite.plugins"):
        production.load()
    assert "fragile" not in production.names
    assert "plugin 'fragile' (fragile-dist) could not be loaded" in caplog.text
    assert production.failed == {"fragile": "ImportError: missing dependency 'frobnicate'"}
    with pytest.raises(PluginLoadError, match="missing dependency"):
        PluginHost(None, strict=True).load()


def test_blueprints_and_commands_of_a_test_plugin_are_registered(make_app):
    bp = Blueprint("hello_plugin", __name__)

    @bp.get("/hello-plugin/<event_slug>/")
    def hello(event_slug: str) -> str:
        return f"hello {event_slug}"

    @click.command("hello-plugin")
    def hello_command() -> None:
        click.echo("hello from a command")

    class Hello:
        @hookimpl
        def register_blueprints(self, app):
            return [bp]

        @hookimpl
        def register_commands(self, cli):
            cli.add_command(hello_command)

    app = make_app(extra_plugins=[("hello", Hello())])
    assert host(app).blueprint_owner["hello_plugin"] == "hello"
    assert app.test_cli_runner().invoke(args=["hello-plugin"]).output == "hello from a command\n"
    with app.app_context():
        from tests import factories

        event = factories.event()
        assert (
            app.test_client().get(f"/hello-plugin/{event.slug}/").get_data(as_text=True)
            == f"hello {event.slug}"
        )
        assert app.test_client().get("/hello-plugin/no-such-event/").status_code == 404


def test_manage_tabs_receive_the_event_and_the_user(make_app, make):
    seen = []

    class Tabs:
        @hookimpl
        def manage_tabs(self, event, user):
            seen.append((event.slug, user.email))
            return [ManageTab(label="Seating plan", url=f"/seating/{event.slug}")]

    app = make_app(extra_plugins=[("tabs", Tabs())])
    with app.app_context():
        event = make.event()
        admin = make.user("boss@example.org", admin=True)
        client = app.test_client()
        client.post("/login", data={"email": admin.email, "password": make.PASSWORD})
        html = client.get(f"/manage/events/{event.slug}/").get_data(as_text=True)
    assert seen == [(event.slug, "boss@example.org")]
    assert f'href="/seating/{event.slug}"' in html and "Seating plan" in html
    assert f'href="/manage/events/{event.slug}/plugins"' in html  # the plugin settings page


def test_panels_are_tagged_with_their_plugin(make_app, make):
    app = make_app(extra_plugins=[("recorder", Recorder())])
    with app.test_request_context():
        event = make.event()
        panels = host().panels(PageContext(kind="event", user=None, event=event))
    assert {(p.plugin, p.title) for p in panels} >= {
        ("recorder", "recorder panel"),
        ("example", "Activity so far"),
    }
    assert [p.order for p in panels] == sorted(p.order for p in panels)


class BrokenReportsAndExports:
    @hookimpl
    def report_sections(self, scope):
        raise ValueError("no data")

    @hookimpl
    def export_formats(self):
        def render(event):
            raise OSError("disk full")

        return [
            Exporter(
                identifier="fragile",
                label="Fragile",
                content_type="text/plain",
                extension="txt",
                render=render,
            )
        ]


def test_failing_report_section_becomes_a_notice_in_production(make_app, make, caplog):
    app = make_app(extra_plugins=[("fragile", BrokenReportsAndExports())])
    with app.app_context():
        event = make.event()
        with production_errors(app), caplog.at_level(logging.ERROR, logger="confsite.plugins"):
            sections = host().report_sections(ReportScope(event=event))
    notice = next(s for s in sections if s.plugin == "fragile")
    assert notice.key == "fragile-unavailable"
    assert notice.blocks == (Paragraph("This section could not be produced.", emphasis=True),)
    assert any(s.plugin == "example" for s in sections)  # the others are still there
    assert "plugin 'fragile' failed in hook report_sections" in caplog.text


def test_failing_export_answers_503_in_production_and_raises_under_testing(make_app, make, caplog):
    app = make_app(extra_plugins=[("fragile", BrokenReportsAndExports())])
    with app.app_context():
        event = make.event()
        with pytest.raises(OSError, match="disk full"):
            app.test_client().get(f"/events/{event.slug}/export/fragile")
        with production_errors(app), caplog.at_level(logging.ERROR):
            response = app.test_client().get(f"/events/{event.slug}/export/fragile")
    assert response.status_code == 503
    assert "This export is unavailable" in response.get_data(as_text=True)
    assert "plugin 'fragile' failed to render export fragile" in caplog.text


def test_templates_and_static_files_outside_the_plugin_namespace_are_reported(tmp_path, make_app, caplog):
    (tmp_path / "templates" / "sloppy").mkdir(parents=True)
    (tmp_path / "templates" / "sloppy" / "fine.html").write_text("ok")
    (tmp_path / "templates" / "public").mkdir()
    (tmp_path / "templates" / "public" / "event.html").write_text("shadowing the core")
    (tmp_path / "static").mkdir()
    sloppy_bp = Blueprint(
        "sloppy", __name__, root_path=str(tmp_path), template_folder="templates", static_folder="static"
    )
    tidy_bp = Blueprint(
        "tidy", __name__, root_path=str(tmp_path), static_folder="static", static_url_path="/tidy/static"
    )

    class Sloppy:
        @hookimpl
        def register_blueprints(self, app):
            return [sloppy_bp]

    class Tidy:
        @hookimpl
        def register_blueprints(self, app):
            return [tidy_bp]

    with caplog.at_level(logging.WARNING, logger="confsite.plugins"):
        make_app(extra_plugins=[("sloppy", Sloppy()), ("tidy", Tidy())])
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        "plugin 'sloppy': templates outside templates/sloppy/" in w
        and "public/event.html" in w
        and "fine.html" not in w
        for w in warnings
    )
    assert any("plugin 'sloppy': static files served at '/static'" in w for w in warnings)
    assert not any("'tidy'" in w for w in warnings)
    assert not any("'example'" in w for w in warnings)  # the example plugin is tidy
