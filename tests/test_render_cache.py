"""The render cache: bounded by size, and never serving a page or feed older than the
data (its keys carry the event's content version)."""

from __future__ import annotations

from confsite.caching.render import RenderCache, cache_of
from confsite.extensions import db
from confsite.services import events as programme


def test_cache_reuses_values_and_drops_the_least_recently_used_beyond_its_size():
    cache = RenderCache(max_bytes=40)
    made = []

    def make(text: str):
        return lambda: made.append(text) or text

    assert cache.get_or_make("a", make("a" * 10)) == "a" * 10
    assert cache.get_or_make("a", make("never")) == "a" * 10  # reused, not made again
    cache.get_or_make("b", make("b" * 10))
    cache.get_or_make("a", make("never"))  # "a" is now the most recently used
    cache.get_or_make("c", make("c" * 10))
    cache.get_or_make("d", make("d" * 10))  # 40 bytes in all: still everything
    cache.get_or_make("e", make("e" * 10))  # over 40: the least recently used ("b") goes
    assert made == ["a" * 10, "b" * 10, "c" * 10, "d" * 10, "e" * 10]
    cache.get_or_make("a", make("again"))
    cache.get_or_make("b", make("b again"))
    assert made[-1] == "b again" and "again" not in made
    # A value larger than a quarter of the cache is returned but not kept.
    cache.get_or_make("big", make("x" * 11))
    cache.get_or_make("big", make("y" * 11))
    assert made[-2:] == ["x" * 11, "y" * 11]


def test_cache_can_be_switched_off(make_app):
    app = make_app(RENDER_CACHE_BYTES=0)
    with app.app_context():
        made = []
        for _ in range(2):
            cache_of().get_or_make("k", lambda: made.append(1) or "value")
        assert made == [1, 1]


def test_agenda_and_feed_show_an_edit_at_once(client, make):
    event = make.event(slug="edited")
    session = make.session(event, title="Opening")
    talk = make.talk(session, [make.person(name="Ada Speaker")], title="First words")
    page = client.get("/events/edited/").get_data(as_text=True)
    feed = client.get("/events/edited/calendar.ics").get_data(as_text=True)
    assert "First words" in page and "First words" in feed
    assert client.get("/events/edited/").get_data(as_text=True) == page  # served again, same bytes

    programme.update_talk(talk, "Last words", "", tuple(talk.speakers), None)
    db.session.commit()
    page = client.get("/events/edited/").get_data(as_text=True)
    feed = client.get("/events/edited/calendar.ics").get_data(as_text=True)
    assert "Last words" in page and "First words" not in page
    assert "Last words" in feed and "First words" not in feed


def test_registration_mail_attaches_the_current_programme(client, make):
    from confsite.services.ical import event_calendar_bytes

    event = make.event(slug="mailed")
    session = make.session(event, title="Morning")
    talk = make.talk(session, [], title="Before the edit")
    with client.application.test_request_context():
        assert b"Before the edit" in event_calendar_bytes(event)
        programme.update_talk(talk, "After the edit", "", (), None)
        db.session.commit()
        assert b"After the edit" in event_calendar_bytes(event)
