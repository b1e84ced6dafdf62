"""Page-view counting: per page and day, no personal data, no cookies, robots ignored,
buffered in memory and flushed with additive upserts."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from confsite_plugins.attendance import counting
from confsite_plugins.attendance.counting import buffer_of, flush_views
from confsite_plugins.attendance.figures import collect_figures
from confsite_plugins.attendance.models import EventPageViews, ManualCount, SessionPageViews

from confsite.extensions import db
from confsite.models import Event, utcnow
from confsite.services.plugin_settings import set_plugin_enabled

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "Go-http-client/2.0",
    "facebookexternalhit/1.1",
    "Baiduspider",
    "YandexCrawler",
    "",
]


def _views(model, **where) -> dict:
    rows = db.session.execute(sa.select(model).filter_by(**where)).scalars().all()
    return {(getattr(r, "session_id", None), r.day): r.views for r in rows}


def _today(event: Event):
    return event.local(utcnow()).date()


def _view(client, path: str, user_agent: str = BROWSER, **headers):
    response = client.get(path, headers={"User-Agent": user_agent, **headers})
    assert response.status_code == 200
    return response


def test_event_and_session_pages_are_counted_per_page_and_day(app, client, make):
    event = make.event()
    session = make.session(event)
    for _ in range(3):
        _view(client, f"/events/{event.slug}/")
    _view(client, f"/events/{event.slug}/sessions/{session.id}")
    assert buffer_of(app).pending == 4
    assert _views(EventPageViews) == {}  # buffered, not yet written
    assert flush_views(app) == 4
    today = _today(event)
    assert _views(EventPageViews, event_id=event.id) == {(None, today): 3}
    assert _views(SessionPageViews, event_id=event.id) == {(session.id, today): 1}
    _view(client, f"/events/{event.slug}/")
    flush_views(app)
    assert _views(EventPageViews, event_id=event.id) == {(None, today): 4}
    figures = collect_figures([event])
    starts = event.local(session.start_at)
    assert figures.views_by_page == [("Event page", 4), (f"{session.title} ({starts:%-d %b %H:%M})", 1)]
    assert figures.page_views_per_day == [(today, 4, 1)]


def test_other_pages_are_not_counted(app, client, make):
    event = make.event()
    person = make.person()
    make.talk(make.session(event), [person])
    for path in ("/", f"/events/{event.slug}/speakers/", f"/events/{event.slug}/speakers/{person.id}"):
        _view(client, path)
    assert buffer_of(app).pending == 0


@pytest.mark.parametrize("user_agent", ROBOTS)
def test_robots_are_ignored(app, client, make, user_agent):
    event = make.event()
    _view(client, f"/events/{event.slug}/", user_agent)
    assert buffer_of(app).pending == 0


def test_prefetches_and_draft_previews_are_not_views(app, client, make, auth):
    event = make.event()
    _view(client, f"/events/{event.slug}/", **{"Sec-Purpose": "prefetch;prerender"})
    draft = make.event(status="draft")
    organiser = make.user()
    make.role(organiser, "organiser", event=draft)
    auth.login(organiser.email)
    _view(client, f"/events/{draft.slug}/")
    assert buffer_of(app).pending == 0


def test_counting_sets_no_cookie_and_stores_nothing_personal(app, client, make):
    event = make.event()
    response = _view(client, f"/events/{event.slug}/", BROWSER, **{"X-Forwarded-For": "203.0.113.9"})
    assert "Set-Cookie" not in response.headers
    flush_views(app)
    inspector = sa.inspect(db.engine)
    personal = re.compile(r"ip|addr|agent|user|email|name|cookie|token|hash|referr?er", re.I)
    columns = {
        table: {c["name"] for c in inspector.get_columns(table)}
        for table in (EventPageViews.__tablename__, SessionPageViews.__tablename__, ManualCount.__tablename__)
    }
    assert columns[EventPageViews.__tablename__] == {"event_id", "day", "views"}
    assert columns[SessionPageViews.__tablename__] == {"session_id", "day", "event_id", "views"}
    assert columns[ManualCount.__tablename__] == {"id", "event_id", "day", "source", "count", "created_at"}
    for table, names in columns.items():
        assert not [n for n in names if personal.search(n)], table
    # and nothing in the stored rows mentions the visitor
    dumped = repr(db.session.execute(sa.select(EventPageViews.__table__)).all())
    assert "203.0.113.9" not in dumped and "Mozilla" not in dumped


def test_nothing_is_counted_where_the_plugin_is_disabled(app, client, make):
    event = make.event()
    session = make.session(event)
    set_plugin_enabled("attendance", False, event=event)
    db.session.commit()
    _view(client, f"/events/{event.slug}/")
    _view(client, f"/events/{event.slug}/sessions/{session.id}")
    assert buffer_of(app).pending == 0


def test_buffer_flushes_itself_every_n_views(make_app, make):
    app = make_app(ATTENDANCE_FLUSH_EVERY=3)
    with app.app_context():
        event = make.event()
        test_client = app.test_client()
        for _ in range(2):
            _view(test_client, f"/events/{event.slug}/")
        assert _views(EventPageViews, event_id=event.id) == {}
        _view(test_client, f"/events/{event.slug}/")
        assert _views(EventPageViews, event_id=event.id) == {(None, _today(event)): 3}
        assert buffer_of(app).pending == 0
        db.session.remove()


def test_workers_flush_their_own_buffers_additively(make_app, make):
    """Two apps stand for two worker processes sharing one database."""
    first, second = make_app(), make_app()
    with first.app_context():
        event = make.event()
        slug, event_id, today = event.slug, event.id, _today(event)
    for app, views in ((first, 5), (second, 7)):
        with app.app_context():
            test_client = app.test_client()
            for _ in range(views):
                _view(test_client, f"/events/{slug}/")
            db.session.remove()
    with second.app_context():
        flush_views(second)
    with first.app_context():
        flush_views(first)
        assert _views(EventPageViews, event_id=event_id) == {(None, today): 12}
        db.session.remove()


def test_a_forked_worker_does_not_flush_its_parents_views(app, client, make, monkeypatch):
    event = make.event()
    _view(client, f"/events/{event.slug}/")
    _view(client, f"/events/{event.slug}/")
    monkeypatch.setattr(counting.os, "getpid", lambda: -1)  # now we are the child
    _view(client, f"/events/{event.slug}/")
    assert flush_views(app) == 1


def test_views_of_a_page_deleted_before_the_flush_are_dropped_quietly(app, client, make):
    event = make.event()
    doomed = make.session(event)
    kept = make.session(event)
    _view(client, f"/events/{event.slug}/sessions/{doomed.id}")
    _view(client, f"/events/{event.slug}/sessions/{kept.id}")
    db.session.delete(doomed)
    db.session.commit()
    assert flush_views(app) == 1
    assert _views(SessionPageViews, event_id=event.id) == {(kept.id, _today(event)): 1}


def test_a_timer_writes_a_quiet_sites_last_views(make_app, make):
    import time

    app = make_app(ATTENDANCE_FLUSH_SECONDS=0.2, ATTENDANCE_FLUSH_TIMER=True)
    with app.app_context():
        event = make.event()
        _view(app.test_client(), f"/events/{event.slug}/")
        deadline = time.monotonic() + 10
        written = {}
        while not written and time.monotonic() < deadline:
            time.sleep(0.05)
            db.session.rollback()  # see other connections' commits
            written = _views(EventPageViews, event_id=event.id)
        assert written == {(None, _today(event)): 1}
        db.session.remove()


def test_organisers_viewing_their_own_event_are_not_counted(app, client, make, auth):
    event = make.event()
    organiser = make.user()
    make.role(organiser, "organiser", event=event)
    auth.login(organiser.email)
    _view(client, f"/events/{event.slug}/")
    assert buffer_of(app).pending == 0
    auth.logout()
    attendee = make.user()
    auth.login(attendee.email)
    _view(client, f"/events/{event.slug}/")
    assert buffer_of(app).pending == 1
