"""Every anonymous public page and feed is answered from what the worker kept (no query
on the app's database), shows a change at once, is never handed to signed-in people,
and still tells plugins of the visit (confsite.caching.pages, caching.personal_feeds,
views.calendar.event_feed)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from confsite_plugins.attendance.counting import buffer_of

from confsite import hookimpl
from confsite.extensions import db
from confsite.models import Event, EventStatus, Person, Session
from confsite.services import events as programme
from confsite.services import people, personal_feed, stars
from confsite.testing import count_queries
from tests import factories

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}


class ViewRecorder:
    """A plugin noting every page it is told was viewed."""

    def __init__(self) -> None:
        self.seen: list[tuple] = []

    @hookimpl
    def page_viewed(self, page):
        self.seen.append(
            (
                page.kind,
                page.event.id if page.event else None,
                page.event.title if page.event else None,
                page.series.id if page.series else None,
                page.session.title if page.session else None,
                page.person.name if page.person else None,
            )
        )


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Pages are kept per period of PUBLIC_PAGE_CACHE_SECONDS: a clock that moves only
    when a test moves it."""
    now = [1_000_000.0]
    monkeypatch.setattr("confsite.caching.pages.time.time", lambda: now[0])
    return now


@pytest.fixture
def site(make_app):
    recorder = ViewRecorder()
    app = make_app(extra_plugins=[("recorder", recorder)])
    with app.app_context():
        series = factories.series(slug="talks", title="Talk series")
        event = factories.event(slug="summit", title="Summit", series=series)
        session = factories.session(event, title="Opening")
        speaker = factories.person(name="Ada Speaker")
        factories.talk(session, [speaker], title="First words")
        factories.user("reader@example.org")
        urls = {
            "home": "/",
            "series page": "/series/talks/",
            "session page": f"/events/summit/sessions/{session.id}",
            "speakers list": "/events/summit/speakers/",
            "speaker page": f"/events/summit/speakers/{speaker.id}",
        }
    yield app, recorder, urls
    with app.app_context():
        db.session.remove()


PAGES = ["home", "series page", "session page", "speakers list", "speaker page"]


def queries(client, url: str, **kwargs) -> tuple[int, str]:
    with count_queries() as statements:
        response = client.get(url, headers=BROWSER, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return len(statements), response.get_data(as_text=True)


def edit(app, change) -> None:
    with app.app_context():
        change(db.session.scalars(sa.select(Event).where(Event.slug == "summit")).one())
        db.session.commit()


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_page_is_built_once(site, page):
    app, _recorder, urls = site
    client = app.test_client()
    built, first = queries(client, urls[page])
    kept, again = queries(client, urls[page])
    assert built > 2
    # On PostgreSQL the event rows come from memory (none); SQLite reads them once.
    assert kept <= 1
    assert again == first


@pytest.mark.parametrize(
    ("page", "change", "shown"),
    [
        ("home", lambda e: setattr(e, "title", "Summit renamed"), "Summit renamed"),
        ("series page", lambda e: setattr(e, "title", "Summit renamed"), "Summit renamed"),
        (
            "session page",
            lambda e: programme.update_talk(e.sessions[0].talks[0], "Last words", "", (), None),
            "Last words",
        ),
        (
            "speakers list",
            lambda e: people.save_person(e.sessions[0].talks[0].speakers[0], name="Ada Lovelace"),
            "Ada Lovelace",
        ),
        (
            "speaker page",
            lambda e: people.save_person(e.sessions[0].talks[0].speakers[0], name="Ada Lovelace"),
            "Ada Lovelace",
        ),
    ],
)
def test_a_change_shows_at_once(site, page, change, shown):
    app, _recorder, urls = site
    client = app.test_client()
    queries(client, urls[page])
    edit(app, change)
    assert shown in queries(client, urls[page])[1]


@pytest.mark.parametrize("page", ["session page", "speakers list", "speaker page"])
def test_pages_of_an_event_made_draft_are_gone_at_once(site, page):
    app, _recorder, urls = site
    client = app.test_client()
    queries(client, urls[page])
    edit(app, lambda e: setattr(e, "status", EventStatus.DRAFT))
    assert client.get(urls[page], headers=BROWSER).status_code == 404


def test_an_event_made_draft_leaves_the_home_page_at_once(site):
    app, _recorder, _urls = site
    client = app.test_client()
    assert "Summit" in queries(client, "/")[1]
    edit(app, lambda e: setattr(e, "status", EventStatus.DRAFT))
    assert "Summit" not in queries(client, "/")[1]


@pytest.mark.parametrize("page", PAGES)
def test_signed_in_people_get_their_own_page(site, page):
    app, _recorder, urls = site
    queries(app.test_client(), urls[page])
    reader = app.test_client()
    reader.post("/login", data={"email": "reader@example.org", "password": factories.PASSWORD})
    count, html = queries(reader, urls[page])
    assert "Log out" in html and count > 2
    assert "Log out" not in queries(app.test_client(), urls[page])[1]


def test_plugins_are_told_of_every_visit_with_the_page_it_showed(site):
    app, recorder, urls = site
    client = app.test_client()
    for page in ("session page", "speaker page", "series page"):
        for _ in range(3):
            queries(client, urls[page])
    kinds = [seen[0] for seen in recorder.seen]
    assert kinds == ["session"] * 3 + ["speaker"] * 3 + ["series"] * 3
    for first in (0, 3, 6):  # each hit is told of the same page as the build
        assert recorder.seen[first] == recorder.seen[first + 1] == recorder.seen[first + 2]
    assert recorder.seen[0][4] == "Opening" and recorder.seen[3][5] == "Ada Speaker"
    # The attendance plugin counted the session page's three visits.
    with app.app_context():
        session_id = db.session.scalar(sa.select(Session.id))
    assert sum(n for (_e, s, _d), n in buffer_of(app)._pending.items() if s == session_id) == 3


# -- feeds ----------------------------------------------------------------------


@pytest.mark.parametrize("feed", ["calendar.ics", "schedule.xml", "schedule.json"])
def test_a_public_event_feed_is_sent_from_memory_and_changes_at_once(site, feed):
    app, _recorder, _urls = site
    client = app.test_client()
    url = f"/events/summit/{feed}"
    first = client.get(url)
    with count_queries() as statements:
        again = client.get(url)
    assert len(statements) <= 1 and again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    edit(app, lambda e: programme.update_talk(e.sessions[0].talks[0], "Last words", "", (), None))
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "Last words" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != first.headers["ETag"]


def test_a_draft_events_feed_is_still_only_for_its_organisers(site):
    app, _recorder, _urls = site
    client = app.test_client()
    assert client.get("/events/summit/calendar.ics").status_code == 200
    edit(app, lambda e: setattr(e, "status", EventStatus.DRAFT))
    assert client.get("/events/summit/calendar.ics").status_code == 404


@pytest.fixture
def subscriber(site):
    app, _recorder, _urls = site
    with app.app_context():
        user = factories.user("subscriber@example.org")
        token = personal_feed.regenerate_token(user)
        session = db.session.scalar(sa.select(Session))
        stars.star(user, session)
        db.session.commit()
    return app, token


def test_the_personal_feed_is_worked_out_once_while_nothing_changes(subscriber):
    app, token = subscriber
    client = app.test_client()
    url = f"/calendar/{token}.ics"
    first = client.get(url)
    assert "Opening" in first.get_data(as_text=True)
    with count_queries() as statements:
        again = client.get(url)
    # One read of the owner's rows (and on SQLite one of the events'), nothing else.
    assert len(statements) <= 2
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]


def test_the_personal_feed_shows_event_changes_at_once_and_its_owners_within_a_period(subscriber, clock):
    app, token = subscriber
    client = app.test_client()
    url = f"/calendar/{token}.ics"
    etag = client.get(url).headers["ETag"]
    with app.app_context():
        user = personal_feed.user_by_token(token)
        stars.unstar(user, db.session.scalar(sa.select(Session)))
        db.session.commit()
    # The owner's rows are read once per period: the star shows in the next one.
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    clock[0] += 10
    unstarred = client.get(url, headers={"If-None-Match": etag})
    assert unstarred.status_code == 200 and "Opening" not in unstarred.get_data(as_text=True)
    with app.app_context():
        user = personal_feed.user_by_token(token)
        stars.star(user, db.session.scalar(sa.select(Session)))
        db.session.commit()
    clock[0] += 10
    starred = client.get(url, headers={"If-None-Match": unstarred.headers["ETag"]})
    assert starred.status_code == 200 and "Opening" in starred.get_data(as_text=True)
    # An edit of the event moves its row, which is never kept past a change.
    edit(app, lambda e: programme.update_talk(e.sessions[0].talks[0], "Last words", "", (), None))
    assert client.get(url, headers={"If-None-Match": starred.headers["ETag"]}).status_code == 200
    with app.app_context():
        personal_feed.revoke_token(personal_feed.user_by_token(token))
    clock[0] += 10
    assert client.get(url).status_code == 404


class PanelCounter:
    """A plugin counting how often a speaker page's panels are built (once per build)."""

    def __init__(self) -> None:
        self.built = 0

    @hookimpl
    def page_panels(self, page):
        if page.kind == "speaker":
            self.built += 1


def test_switched_off_nothing_is_kept(make_app):
    counter = PanelCounter()
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=0, extra_plugins=[("counter", counter)])
    with app.app_context():
        event = factories.event(slug="plain")
        factories.talk(factories.session(event), [factories.person(name="Bo")])
        person_id = db.session.scalar(sa.select(Person.id))
    client = app.test_client()
    for _ in range(2):
        queries(client, f"/events/plain/speakers/{person_id}")
    assert counter.built == 2


def test_a_malformed_token_gets_the_404_at_once_a_deactivated_owner_within_a_period(subscriber, clock):
    app, token = subscriber
    client = app.test_client()
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    with count_queries() as statements:
        assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert statements == []
    with app.app_context():
        personal_feed.user_by_token(token).active = False
        db.session.commit()
    clock[0] += 10
    assert client.get(f"/calendar/{token}.ics").status_code == 404
