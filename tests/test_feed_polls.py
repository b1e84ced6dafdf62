"""The feed poll shortcut (confsite.caching.feed_polls) answers a current copy of a public event
feed with the app's own 304, in one query, without reaching Flask; everything else it
passes on to the app untouched."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from confsite.caching import event_memory, feed_polls
from confsite.extensions import db
from confsite.models import EventStatus
from confsite.services.changes import record_session_change, session_snapshot
from confsite.testing import count_queries, wait_for
from tests.calendar_helpers import programme

FEEDS = ["calendar.ics", "schedule.xml", "schedule.json"]


def memory_of(app) -> event_memory.EventMemory:
    return event_memory.of(app)


def wall_off_the_app(app, monkeypatch) -> None:
    """Make Flask itself unreachable: from now on only the shortcut can answer."""

    def unreachable(environ, start_response):
        raise AssertionError(f"the app was reached for {environ['PATH_INFO']}")

    assert isinstance(app.wsgi_app, feed_polls.FeedPollShortcut)
    monkeypatch.setattr(app.wsgi_app, "wsgi_app", unreachable)


def first_copy(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.headers["ETag"]


@pytest.mark.parametrize("feed", FEEDS)
def test_a_current_copy_gets_the_apps_own_304_in_one_query(make_app, feed):
    headers_of = {}
    for shortcut in (False, True):
        app = make_app(FEED_POLL_SHORTCUT=shortcut)
        with app.app_context():
            if not shortcut:
                prog = programme()
                db.session.commit()
                url = f"/events/{prog.event.slug}/{feed}"
            client = app.test_client()
            etag = first_copy(client, url)
            with count_queries() as statements:
                response = client.get(url, headers={"If-None-Match": etag})
            assert response.status_code == 304
            assert response.data == b""
            headers_of[shortcut] = {
                name: response.headers.get(name)
                for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Type")
            }
            if shortcut:
                assert len(statements) == 1, statements
            db.session.remove()
    assert headers_of[True] == headers_of[False]
    assert headers_of[True]["Cache-Control"] == "no-cache, public"


def test_the_app_is_not_reached_for_a_current_copy(app, client, monkeypatch):
    prog = programme()
    db.session.commit()
    url = f"/events/{prog.event.slug}/calendar.ics"
    etag = first_copy(client, url)
    wall_off_the_app(app, monkeypatch)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.head(url, headers={"If-None-Match": etag}).status_code == 304
    # Weak comparison, as the app does (RFC 9110 §13.1.2), and lists of tags.
    assert client.get(url, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304


def test_a_changed_feed_is_passed_to_the_app(app, client):
    prog = programme()
    db.session.commit()
    url = f"/events/{prog.event.slug}/calendar.ics"
    etag = first_copy(client, url)
    snapshot = session_snapshot(prog.panel)
    prog.panel.title = "Regional data spaces"
    record_session_change(prog.panel, snapshot)
    db.session.commit()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag
    assert b"Regional data spaces" in response.data


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.CANCELLED])
def test_status_changes_reach_the_app(app, client, status):
    prog = programme()
    db.session.commit()
    url = f"/events/{prog.event.slug}/calendar.ics"
    etag = first_copy(client, url)
    prog.event.status = status
    db.session.commit()
    response = client.get(url, headers={"If-None-Match": etag})
    if status == EventStatus.DRAFT:
        assert response.status_code == 404  # a draft is hidden from anonymous pollers
    else:
        assert response.status_code == 200  # the ETag covers the status
        assert b"STATUS:CANCELLED" in response.data


def test_what_it_does_not_handle_goes_to_the_app(app, client):
    prog = programme()
    db.session.commit()
    slug = prog.event.slug
    etag = first_copy(client, f"/events/{slug}/calendar.ics")
    stale = {"If-None-Match": '"stale"'}
    assert client.get(f"/events/{slug}/calendar.ics", headers=stale).status_code == 200
    assert client.get("/events/no-such-event/calendar.ics", headers=stale).status_code == 404
    assert client.get(f"/events/{slug}/", headers={"If-None-Match": etag}).status_code == 200
    assert client.get(f"/events/{slug}%00/calendar.ics", headers=stale).status_code == 400
    # The ETag covers the site's address (the feed's links contain it).
    other = client.get(
        f"/events/{slug}/calendar.ics", headers={"If-None-Match": etag}, base_url="http://elsewhere.test"
    )
    assert other.status_code == 200
    assert other.headers["ETag"] != etag


def test_database_trouble_is_passed_to_the_app(app, client, monkeypatch):
    prog = programme()
    db.session.commit()
    url = f"/events/{prog.event.slug}/calendar.ics"
    etag = first_copy(client, url)
    broken = sa.create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    monkeypatch.setattr(memory_of(app), "engine", lambda: broken)
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304  # answered by the app
    assert response.headers["ETag"] == etag


def test_it_can_be_switched_off(make_app):
    app = make_app(FEED_POLL_SHORTCUT=False)
    assert not isinstance(app.wsgi_app, feed_polls.FeedPollShortcut)


def test_rows_are_kept_in_memory_only_while_changes_are_announced(app, client, database):
    """PostgreSQL announces changes, so a poll needs no query at all; SQLite cannot, so
    every poll reads the event (in process)."""
    prog = programme()
    db.session.commit()
    url = f"/events/{prog.event.slug}/calendar.ics"
    etag = first_copy(client, url)
    memory = memory_of(app)

    def poll():
        return client.get(url, headers={"If-None-Match": etag})

    assert poll().status_code == 304
    if not database.is_postgres:
        assert not memory.memory.listening.is_set()
        with count_queries() as statements:
            assert poll().status_code == 304
        assert len(statements) == 1
        return

    assert memory.memory.listening.wait(10)
    assert poll().status_code == 304  # read once more, and now kept
    with count_queries() as statements:
        assert poll().status_code == 304
    assert statements == []

    generation = memory.memory.generation()
    snapshot = session_snapshot(prog.panel)
    prog.panel.title = "Interoperable health records"
    record_session_change(prog.panel, snapshot)
    db.session.commit()
    assert memory.memory.generation() != generation  # this worker forgot at once
    response = poll()
    assert response.status_code == 200
    assert b"Interoperable health records" in response.data

    # A change made elsewhere (another worker, a SQL prompt) arrives as an announcement.
    etag, generation = response.headers["ETag"], memory.memory.generation()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    with db.engine.begin() as elsewhere:
        elsewhere.execute(
            sa.text("UPDATE events SET status = 'cancelled' WHERE id = :id"), {"id": prog.event.id}
        )
    assert wait_for(lambda: memory.memory.generation() != generation)
    db.session.remove()  # the test's own session still holds the event as it was
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_rows_are_kept_only_while_listening_and_never_across_a_change():
    versions = event_memory.Memory()
    row = sa.table("e", sa.column("x"))  # any object stands for a row here
    versions.keep("a", row, versions.generation())
    assert versions.get("a") is None  # not listening: nothing kept

    versions.invalidate(listening=True)
    read_before_change = versions.generation()
    versions.invalidate()  # a change announced while that read was under way
    versions.keep("a", row, read_before_change)
    assert versions.get("a") is None
    versions.keep("a", row, versions.generation())
    assert versions.get("a") is row

    versions.invalidate(listening=False)  # connection lost
    assert versions.get("a") is None


def test_the_listener_reconnects_after_losing_its_connection(app, client, database):
    prog = programme()
    db.session.commit()
    url = f"/events/{prog.event.slug}/calendar.ics"
    etag = first_copy(client, url)
    memory = memory_of(app)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    if not database.is_postgres:
        assert memory.listener is None  # SQLite announces nothing
        return
    listener = memory.listener
    listener.reconnect_seconds = 0.2
    assert memory.memory.listening.wait(10)
    first_pid = listener.backend_pid

    db.session.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": first_pid})
    db.session.commit()
    assert wait_for(lambda: memory.memory.listening.is_set() and listener.backend_pid != first_pid)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_without_delivered_notifications_every_poll_reads_the_event(app, client, database, monkeypatch):
    """Behind a pooler in transaction mode notifications never arrive: the listener's
    delivery check fails, nothing is kept, and polls are still answered correctly."""

    def undelivered(self, connection):
        raise RuntimeError("no notification arrived")

    monkeypatch.setattr(event_memory.ChangeListener, "_check_delivery", undelivered)
    prog = programme()
    db.session.commit()
    url = f"/events/{prog.event.slug}/calendar.ics"
    etag = first_copy(client, url)
    memory = memory_of(app)
    for _ in range(3):
        with count_queries() as statements:
            assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        assert len(statements) == 1
        time.sleep(0.1)
    assert not memory.memory.listening.is_set()
    if database.is_postgres:
        assert memory.listener.is_alive()  # still trying, ever more slowly
