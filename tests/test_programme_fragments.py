"""Session and speaker pages keep what they show of the programme in the render cache
under the event's content version (``views.public``): a visit reads only the rows it
names and the plugins' panels. These tests check that what is kept follows the
programme (every programme service moves ``content_changed_at`` through
``changes.touch_event``) and that nothing of one visitor is kept for another."""

from __future__ import annotations

from confsite.extensions import db
from confsite.services.changes import touch_event


def _text(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def _programme_edited(event) -> None:
    touch_event(event)
    db.session.commit()


def test_session_page_follows_programme_edits(client, make):
    event = make.event(slug="frag")
    speaker = make.person(name="Ana Fragment")
    item = make.session(event, title="Cached session", description="First *text*")
    talk = make.talk(item, [speaker], title="First title")
    url = f"/events/frag/sessions/{item.id}"
    page = _text(client, url)
    assert "First title" in page and "Ana Fragment" in page and "<em>text</em>" in page
    assert _text(client, url) == page  # the next visit, from the cache

    talk.title = "Second title"
    item.description = "Second text"
    _programme_edited(event)
    page = _text(client, url)
    assert "Second title" in page and "Second text" in page and "First title" not in page


def test_speaker_page_follows_the_programme_and_stays_404_elsewhere(client, make):
    event = make.event(slug="frag2")
    person = make.person(name="Bo Speaker", bio="Works on *fragments*")
    item = make.session(event, title="Where Bo speaks")
    url = f"/events/frag2/speakers/{person.id}"
    _text(client, url, 404)
    _text(client, url, 404)  # kept as "not in this event"

    make.talk(item, [person], title="Bo's talk")
    _programme_edited(event)
    page = _text(client, url)
    assert "Bo Speaker" in page and "Bo&#39;s talk" in page and "<em>fragments</em>" in page
    assert "Where Bo speaks" in page


def test_kept_fragments_hold_nothing_of_the_visitor(client, make, auth):
    event = make.event(slug="frag3")
    item = make.session(event, title="Shared session")
    make.talk(item, [make.person(name="Cy Shared")])
    url = f"/events/frag3/sessions/{item.id}"
    anonymous = _text(client, url)
    assert "Log in</a> to add this session" in anonymous

    user = make.user()
    auth.login(user.email)
    signed_in = _text(client, url)  # the same kept fragments, another visitor
    assert "Add to my agenda" in signed_in and "Log in</a> to add this session" not in signed_in
    assert user.email not in anonymous
    auth.logout()
    _text(client, url)  # (shows the "logged out" message once)
    assert _text(client, url) == anonymous
