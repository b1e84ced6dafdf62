"""Failure isolation at the database level: a plugin whose hook runs bad SQL must not
break the plugins after it, nor the page (on PostgreSQL a failed statement aborts the
whole transaction unless each hook runs inside its own SAVEPOINT)."""

from __future__ import annotations

import sqlalchemy as sa
from markupsafe import Markup

from confsite import hookimpl
from confsite.extensions import db
from confsite.hooktypes import ManageTab, PageContext, Panel
from confsite.models import Event
from confsite.plugins import host
from confsite.testing import production_errors


class BadSql:
    """Every hook runs a statement the database rejects."""

    @hookimpl
    def page_panels(self, page: PageContext) -> list[Panel]:
        db.session.execute(sa.text("SELECT no_such_column FROM no_such_table"))
        return [Panel(title="never shown", html=Markup("<p>never</p>"))]

    @hookimpl
    def manage_tabs(self, event: Event, user: object) -> list[ManageTab]:
        db.session.execute(sa.text("UPDATE no_such_table SET x = 1"))
        return [ManageTab(label="never shown", url="/")]


class CountsEvents:
    """Registered after BadSql: queries the database in the same hooks."""

    @hookimpl
    def page_panels(self, page: PageContext) -> list[Panel]:
        total = db.session.scalar(sa.select(sa.func.count(Event.id)))
        return [Panel(title="Survivor", html=Markup(f"<p>survivor counted {total} events</p>"))]

    @hookimpl
    def manage_tabs(self, event: Event, user: object) -> list[ManageTab]:
        title = db.session.scalar(sa.select(Event.title).where(Event.id == event.id))
        return [ManageTab(label=f"Survivor tab for {title}", url="/survivor")]


def _app(make_app):
    return make_app(extra_plugins=[("badsql", BadSql()), ("survivor", CountsEvents())])


def test_bad_sql_in_a_panel_leaves_other_panels_and_the_page_working(make_app, make):
    app = _app(make_app)
    with app.app_context():
        event = make.event(title="Žiga's Øresund workshop")
        with production_errors(app):
            response = app.test_client().get(f"/events/{event.slug}/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "survivor counted 1 events" in html  # the later plugin's query still ran
    assert "Activity so far" in html  # the example plugin's panel (it queries too)
    assert "This part of the page is unavailable at the moment." in html  # badsql's notice
    assert html.count("This part of the page is unavailable") == 1
    assert "never shown" not in html


def test_bad_sql_in_an_organiser_tab_leaves_the_organiser_page_working(make_app, make):
    app = _app(make_app)
    with app.app_context():
        event = make.event(title="Łukasz's summit")
        admin = make.user("admin@example.org", admin=True)
        client = app.test_client()
        client.post("/login", data={"email": admin.email, "password": make.PASSWORD})
        with production_errors(app):
            response = client.get(f"/manage/events/{event.slug}/")
    assert response.status_code == 200
    assert "Survivor tab for Łukasz&#39;s summit" in response.get_data(as_text=True)


def test_a_failed_hook_keeps_the_requests_own_writes(make_app, make):
    """Only the failing implementation's work is rolled back, not the caller's."""
    app = _app(make_app)
    with app.test_request_context():
        event = make.event(title="Before")
        event.title = "Ángel's changed title"  # pending in the caller's transaction
        with production_errors(app):
            panels = host().panels(PageContext(kind="event", user=None, event=event))
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Event, event.id).title == "Ángel's changed title"
    assert [p.plugin for p in panels if "unavailable" in str(p.html)] == ["badsql"]
