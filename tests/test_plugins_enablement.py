"""Per-series and per-event enablement: the settings pages, and what a switched-off
plugin no longer does (hooks not called, event-scoped pages 404)."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Blueprint
from markupsafe import Markup

from confsite import hookimpl
from confsite.extensions import db
from confsite.hooktypes import Exporter, PageContext, Panel
from confsite.lifecycle import EventPublished
from confsite.models import PluginSetting
from confsite.plugins import host, notify
from confsite.reporting import Paragraph, ReportScope, ReportSection
from confsite.services.plugin_settings import disabled_plugins, set_plugin_enabled
from confsite.testing import switch_plugin


class Spy:
    """Records the events its event-scoped hooks were called for."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    @hookimpl
    def page_panels(self, page):
        self.seen.append(("page_panels", page.event.slug if page.event else page.series.slug))
        return [Panel(title="Spy panel", html=Markup("<p>spying</p>"))]

    @hookimpl
    def lifecycle_event(self, happening):
        self.seen.append(("lifecycle_event", happening.event.slug))

    @hookimpl
    def report_sections(self, scope):
        self.seen.append(("report_sections", scope.title))
        return [ReportSection(key="spy", title="Spy notes", blocks=(Paragraph("seen"),))]

    @hookimpl
    def export_formats(self):
        self.seen.append(("export_formats", ""))
        return [
            Exporter(
                identifier="spy",
                label="Spy",
                content_type="text/plain",
                extension="txt",
                render=lambda event: f"spy export of {event.slug}",
            )
        ]

    @hookimpl
    def register_blueprints(self, app):
        bp = Blueprint("spy", __name__)
        bp.add_url_rule("/events/<event_slug>/spy/", "page", lambda event_slug: f"spy page of {event_slug}")
        bp.add_url_rule(
            "/series/<series_slug>/spy/", "series_page", lambda series_slug: f"spy series {series_slug}"
        )
        return [bp]


def _spy_app(make_app):
    spy = Spy()
    return make_app(extra_plugins=[("spy", spy)]), spy


def test_series_default_and_event_override(app, make):
    series = make.series()
    inherits = make.event(series=series)
    overrides = make.event(series=series)
    alone = make.event()
    set_plugin_enabled("example", False, series=series)
    set_plugin_enabled("example", True, event=overrides)
    db.session.commit()
    assert "example" in disabled_plugins(event=inherits)
    assert "example" not in disabled_plugins(event=overrides)
    assert "example" not in disabled_plugins(event=alone)
    assert "example" in disabled_plugins(series=series)
    set_plugin_enabled("example", None, event=overrides)  # back to inheriting
    db.session.commit()
    assert "example" in disabled_plugins(event=overrides)


def test_switched_off_plugin_is_not_called_for_that_event(make_app, make):
    app, spy = _spy_app(make_app)
    with app.app_context():
        off, on = make.event(), make.event()
        switch_plugin("spy", False, event=off)
        client = app.test_client()
        off_page = client.get(f"/events/{off.slug}/").get_data(as_text=True)
        on_page = client.get(f"/events/{on.slug}/").get_data(as_text=True)
        with app.test_request_context():
            notify(EventPublished(event=off))
            notify(EventPublished(event=on))
            off_sections = host().report_sections(ReportScope(event=off))
            on_sections = host().report_sections(ReportScope(event=on))
    assert "spying" not in off_page and "spying" in on_page
    assert ("page_panels", off.slug) not in spy.seen and ("page_panels", on.slug) in spy.seen
    assert ("lifecycle_event", off.slug) not in spy.seen and ("lifecycle_event", on.slug) in spy.seen
    assert [s.key for s in off_sections if s.plugin == "spy"] == []
    assert [s.key for s in on_sections if s.plugin == "spy"] == ["spy"]
    assert ("report_sections", off.title) not in spy.seen


def test_switched_off_plugin_pages_and_exports_404(make_app, make):
    app, _spy = _spy_app(make_app)
    with app.app_context():
        series = make.series()
        off, on = make.event(series=series), make.event()
        switch_plugin("spy", False, series=series)
        client = app.test_client()
        assert client.get(f"/events/{off.slug}/spy/").status_code == 404
        assert client.get(f"/events/{on.slug}/spy/").get_data(as_text=True) == f"spy page of {on.slug}"
        assert client.get(f"/series/{series.slug}/spy/").status_code == 404
        assert client.get(f"/events/{off.slug}/export/spy").status_code == 404
        download = client.get(f"/events/{on.slug}/export/spy")
        assert download.get_data(as_text=True) == f"spy export of {on.slug}"
        assert f'filename="{on.slug}-spy.txt"' in download.headers["Content-Disposition"]
        # the event overrides its series: on again
        switch_plugin("spy", True, event=off)
        assert client.get(f"/events/{off.slug}/spy/").status_code == 200


def test_disabled_event_page_panel_gone_for_series_page_too(make_app, make):
    app, _spy = _spy_app(make_app)
    with app.app_context():
        series = make.series()
        switch_plugin("spy", False, series=series)
        html = app.test_client().get(f"/series/{series.slug}/").get_data(as_text=True)
    assert "spying" not in html


def test_enablement_costs_one_query_per_request(make_app, make):
    app, _ = _spy_app(make_app)
    with app.app_context():
        event = make.event()
        statements: list[str] = []
        sa.event.listen(
            db.engine,
            "before_cursor_execute",
            lambda conn, cursor, statement, *a: statements.append(statement),
        )
        with app.test_request_context():
            page = PageContext(kind="event", user=None, event=event)
            for _ in range(5):
                host().panels(page)
                host().exporters(event)
    assert sum("plugin_settings" in s for s in statements) == 1


# -- the settings pages --------------------------------------------------------------
def _organiser(make, event=None, series=None):
    user = make.user()
    make.role(user, "organiser", event=event, series=series)
    return user


def test_organiser_switches_a_plugin_off_for_an_event(client, auth, make):
    event = make.event()
    auth.login(_organiser(make, event=event).email)
    page = client.get(f"/manage/events/{event.slug}/plugins")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<label for="plugin__example">example</label>' in html
    response = client.post(f"/manage/events/{event.slug}/plugins", data={"plugin__example": "off"})
    assert response.status_code == 302
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Plugin settings saved." in followed
    assert '<option selected value="off">Off</option>' in followed
    assert "example" in disabled_plugins(event=event)
    assert client.get(f"/events/{event.slug}/example/").status_code == 404
    assert "Activity so far" not in client.get(f"/events/{event.slug}/").get_data(as_text=True)
    client.post(f"/manage/events/{event.slug}/plugins", data={"plugin__example": "inherit"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PluginSetting)) == 0
    assert client.get(f"/events/{event.slug}/example/").status_code == 200


def test_series_setting_is_the_default_shown_on_the_event_page(client, auth, make):
    series = make.series()
    event = make.event(series=series)
    organiser = _organiser(make, series=series)
    auth.login(organiser.email)
    assert (
        client.post(f"/manage/series/{series.slug}/plugins", data={"plugin__example": "off"}).status_code
        == 302
    )
    html = client.get(f"/manage/events/{event.slug}/plugins").get_data(as_text=True)
    assert "As the series (off)" in html
    assert f'href="/manage/series/{series.slug}/plugins"' in html
    german = client.get(f"/manage/events/{event.slug}/plugins", headers={"Accept-Language": "de"}).text
    assert "Wie die Reihe (aus)" in german and ">An</option>" in german
    assert client.get(f"/events/{event.slug}/example/").status_code == 404


def test_bad_choice_is_a_form_error_and_changes_nothing(client, auth, make):
    event = make.event()
    auth.login(_organiser(make, event=event).email)
    response = client.post(f"/manage/events/{event.slug}/plugins", data={"plugin__example": "maybe"})
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert disabled_plugins(event=event) == frozenset()


def test_only_organisers_may_change_plugin_settings(client, auth, make):
    event, other = make.event(), make.event()
    series = make.series()
    assert client.get(f"/manage/events/{event.slug}/plugins").status_code == 302  # to the log-in page
    auth.login(_organiser(make, event=other).email)
    assert client.get(f"/manage/events/{event.slug}/plugins").status_code == 404
    assert (
        client.post(f"/manage/events/{event.slug}/plugins", data={"plugin__example": "off"}).status_code
        == 404
    )
    assert (
        client.post(f"/manage/series/{series.slug}/plugins", data={"plugin__example": "off"}).status_code
        == 404
    )
    assert client.get("/manage/events/no-such-event/plugins").status_code == 404
    assert disabled_plugins(event=event) == frozenset()
    assert disabled_plugins(series=series) == frozenset()


def _csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


def test_plugin_settings_form_needs_its_csrf_token(make_app, make):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        event = make.event()
        admin = make.user(admin=True)
        client = app.test_client()
        token = _csrf_token(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"email": admin.email, "password": make.PASSWORD, "csrf_token": token})
        refused = client.post(f"/manage/events/{event.slug}/plugins", data={"plugin__example": "off"})
        assert refused.status_code == 400
        assert disabled_plugins(event=event) == frozenset()
        token = _csrf_token(client.get(f"/manage/events/{event.slug}/plugins").get_data(as_text=True))
        accepted = client.post(
            f"/manage/events/{event.slug}/plugins", data={"plugin__example": "off", "csrf_token": token}
        )
        assert accepted.status_code == 302
        assert "example" in disabled_plugins(event=event)


def test_public_api_helpers_follow_enablement(make_app, make):
    from confsite import api

    app, _ = _spy_app(make_app)
    with app.app_context():
        off, on = make.event(), make.event()
        switch_plugin("spy", False, event=off)
        with app.test_request_context():
            assert "spy" not in {e.plugin for e in api.exporters(off)}
            assert "spy" in {e.plugin for e in api.exporters(on)}
            assert "spy" not in {s.plugin for s in api.report_sections(ReportScope(event=off))}
            assert api.plugin_enabled("spy", event=on) and not api.plugin_enabled("spy", event=off)
            assert api.plugin_event() is None  # not inside an event-scoped plugin route


def test_plugin_event_is_the_event_of_a_scoped_route(make_app, make):
    from confsite import api

    class Scoped:
        @hookimpl
        def register_blueprints(self, app):
            bp = Blueprint("scoped", __name__)
            bp.add_url_rule(
                "/events/<event_slug>/scoped/", "page", lambda event_slug: api.plugin_event().title
            )
            return [bp]

    app = make_app(extra_plugins=[("scoped", Scoped())])
    with app.app_context():
        event = make.event(title="Scoped Summit")
        client = app.test_client()
        assert client.get(f"/events/{event.slug}/scoped/").get_data(as_text=True) == "Scoped Summit"
        client.get("/")  # a later request outside the scoped route forgets the event
        with app.test_request_context():
            assert api.plugin_event() is None
