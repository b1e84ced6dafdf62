"""The event page for anonymous visitors is kept a few seconds per process
(confsite.caching.pages): built once, changes to the event row shown at once, views still
counted, never shared with signed-in people or carrying anyone's session."""

from __future__ import annotations

import gzip

import pytest
import sqlalchemy as sa
from confsite_plugins.attendance.counting import buffer_of
from flask import render_template_string
from markupsafe import Markup

from confsite import hookimpl
from confsite.caching.render import cache_of
from confsite.extensions import db
from confsite.hooktypes import Panel
from confsite.models import Event, EventStatus
from confsite.services import events as programme
from confsite.services import registration as registrations

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}


class PanelCounter:
    """A plugin whose event-page panel counts how often it is built."""

    def __init__(self, template: str = "built {{ n }}") -> None:
        self.built = 0
        self.template = template

    @hookimpl
    def page_panels(self, page):
        if page.kind != "event":
            return None
        self.built += 1
        return [Panel("Counter", Markup(render_template_string(self.template, n=self.built)))]


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """A clock that moves only when a test moves it: pages are kept per period of
    PUBLIC_PAGE_CACHE_SECONDS, and a real clock could cross into the next one."""
    now = [1_000_000.0]
    monkeypatch.setattr("confsite.caching.pages.time.time", lambda: now[0])
    return now


def setup(make_app, make, **config):
    """An app with the counting panel, and an event's URL. Requests run outside the
    test's app context, each in its own, as in a real server."""
    counter = PanelCounter(config.pop("template", "built {{ n }}"))
    app = make_app(extra_plugins=[("counter", counter)], **config)
    with app.app_context():
        event = make.event(capacity=50)
        session = make.session(event, title="Opening")
        make.talk(session, [make.person(name="Ada Speaker")], title="First words")
        make.user("reader@example.org")
        url = f"/events/{event.slug}/"
    return app, counter, url


def change(app, edit) -> None:
    with app.app_context():
        edit(db.session.scalars(sa.select(Event)).one())
        db.session.commit()


def test_an_anonymous_page_is_built_once_and_views_still_count(make_app, make):
    app, counter, url = setup(make_app, make)
    client = app.test_client()
    pages = [client.get(url, headers=BROWSER) for _ in range(3)]
    assert counter.built == 1
    assert len({p.get_data() for p in pages}) == 1
    assert "built 1" in pages[0].get_data(as_text=True)
    assert buffer_of(app).pending == 3  # every visit counted by the attendance plugin


def test_changes_to_the_event_show_at_once(make_app, make):
    app, counter, url = setup(make_app, make)
    client = app.test_client()
    assert "First words" in client.get(url).get_data(as_text=True)

    def retitle(event):
        talk = event.sessions[0].talks[0]
        programme.update_talk(talk, "Last words", "", tuple(talk.speakers), None)

    change(app, retitle)
    assert "Last words" in client.get(url).get_data(as_text=True)  # programme
    change(app, lambda event: setattr(event, "confirmed_count", 50))
    assert "Full: all 50 places are taken" in client.get(url).get_data(as_text=True)  # places
    change(app, lambda event: setattr(event, "status", EventStatus.CANCELLED))
    assert "This event has been cancelled" in client.get(url).get_data(as_text=True)
    change(app, lambda event: setattr(event, "status", EventStatus.DRAFT))
    assert client.get(url).status_code == 404
    assert counter.built == 4


def test_registrations_keep_the_page_until_the_event_is_full(make_app, make, clock):
    """A morning rush: seats taken are not edits of the event, so its page stays kept
    (the number of places left shows within the page's seconds); the last seat taken
    shows "full" at once."""
    app, counter, url = setup(make_app, make)
    client = app.test_client()
    assert "50 of 50 places left" in client.get(url).get_data(as_text=True)
    with app.app_context():
        event = db.session.scalars(sa.select(Event)).one()
        for n, name in enumerate(("Ángel Ruiz", "Łukasz Nowak", "Øystein Berg")):
            registrations.register(
                event, registrations.Applicant(name=name, email=f"r{n}@example.org", consent=True)
            )
    page = client.get(url).get_data(as_text=True)
    assert "50 of 50 places left" in page and counter.built == 1  # kept through the rush
    clock[0] += 10
    assert "47 of 50 places left" in client.get(url).get_data(as_text=True)
    assert counter.built == 2
    with app.app_context():
        event = db.session.scalars(sa.select(Event)).one()
        for n in range(47):
            registrations.register(
                event, registrations.Applicant(name=f"Žiga {n}", email=f"z{n}@example.org", consent=True)
            )
    assert "Full: all 50 places are taken" in client.get(url).get_data(as_text=True)
    assert counter.built == 3


def test_other_data_shows_within_the_configured_seconds(make_app, make, clock):
    app, _counter, url = setup(make_app, make, PUBLIC_PAGE_CACHE_SECONDS=10)
    client = app.test_client()
    client.get(url)
    clock[0] += 9
    assert "built 1" in client.get(url).get_data(as_text=True)
    clock[0] += 1
    assert "built 2" in client.get(url).get_data(as_text=True)


def test_switched_off_every_visit_builds_the_page(make_app, make):
    app, counter, url = setup(make_app, make, PUBLIC_PAGE_CACHE_SECONDS=0)
    client = app.test_client()
    for _ in range(2):
        client.get(url)
    assert counter.built == 2


def test_signed_in_people_and_waiting_messages_get_their_own_page(make_app, make):
    app, _counter, url = setup(make_app, make)
    anonymous = app.test_client()
    anonymous.get(url)
    reader = app.test_client()
    reader.post("/login", data={"email": "reader@example.org", "password": make.PASSWORD})
    page = reader.get(url).get_data(as_text=True)
    assert "Log out" in page and "built 2" in page
    assert "Log out" not in anonymous.get(url).get_data(as_text=True)

    with anonymous.session_transaction() as session:
        session["_flashes"] = [("info", "A message for this visitor only")]
    assert "A message for this visitor only" in anonymous.get(url).get_data(as_text=True)
    assert "A message for this visitor only" not in app.test_client().get(url).get_data(as_text=True)


def test_a_page_that_wrote_to_the_session_is_not_kept(make_app, make):
    template = '<form><input name="csrf_token" value="{{ csrf_token() }}"></form>'
    app, counter, url = setup(make_app, make, template=template)
    tokens = set()
    for _ in range(2):
        page = app.test_client().get(url).get_data(as_text=True)
        tokens.add(page.split('name="csrf_token" value="')[1].split('"')[0])
    assert counter.built == 2
    assert len(tokens) == 2  # each visitor their own token


def test_browsers_that_accept_gzip_get_it_compressed(make_app, make):
    app, counter, url = setup(make_app, make)
    client = app.test_client()
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert plain.headers.get("Content-Encoding") is None
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    refused = client.get(url, headers={"Accept-Encoding": "gzip;q=0"})
    assert refused.get_data() == plain.get_data()
    assert counter.built == 1


def test_an_evicted_page_is_built_again_with_its_compressed_copy(make_app, make):
    app, counter, url = setup(make_app, make)
    client = app.test_client()
    gzipped = {"Accept-Encoding": "gzip"}
    first = client.get(url, headers=gzipped).get_data()
    with app.app_context():
        # The page is kept once, compressed (and plain: it is small), not twice.
        assert not [k for k in cache_of()._entries if k[-1] == "gzip"]
    assert client.get(url, headers=gzipped).get_data() == first
    assert counter.built == 1
    with app.app_context():
        cache_of().clear()
    again = client.get(url, headers=gzipped)
    assert again.headers["Content-Encoding"] == "gzip" and b"built 2" in gzip.decompress(again.get_data())
    assert counter.built == 2


def test_a_large_page_is_kept_compressed_only_and_sent_plain_all_the_same(make_app, make, monkeypatch):
    from confsite.caching import compressed

    monkeypatch.setattr(compressed, "PLAIN_MAX", 0)  # as a page of 6,000 sessions
    app, counter, url = setup(make_app, make)
    client = app.test_client()
    packed = client.get(url, headers={"Accept-Encoding": "gzip"}).get_data()
    plain = client.get(url)
    assert plain.headers.get("Content-Encoding") is None
    assert int(plain.headers["Content-Length"]) == len(plain.get_data())
    assert plain.get_data() == gzip.decompress(packed)
    assert counter.built == 1
    with app.app_context():
        [kept] = [entry for entry, _size in cache_of()._entries.values() if hasattr(entry, "body")]
        assert kept.body.plain is None
