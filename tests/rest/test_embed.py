"""The embeddable agenda: a frameable page (only this route) in the viewer's language
and time zone, a static script snippet, and the organisers' page with both snippets."""

from __future__ import annotations

from confsite.models import RoleName
from tests.factories import utc


def _ka4(make):
    event = make.event(
        slug="ka4",
        title="Innovation Flow in the Healthcare",
        timezone="Europe/Madrid",
        start_at=utc(2021, 7, 13, 7, 0),
        end_at=utc(2021, 7, 14, 12, 0),
    )
    room = make.room(event, "Stream")
    session = make.session(
        event,
        title="Financial instruments",
        start_at=utc(2021, 7, 13, 8, 30),
        end_at=utc(2021, 7, 13, 10, 0),
        room=room,
    )
    make.talk(session, [make.person(name="Cristina Bescós")], title="EIT Health funding")
    return event


def test_the_agenda_frame_shows_the_programme_and_may_be_framed(client, make):
    _ka4(make)
    response = client.get("/embed/events/ka4/agenda")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert (
        "frame-ancestors *" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "X-Frame-Options" not in response.headers
    assert "Financial instruments" in html and "EIT Health funding — Cristina Bescós" in html
    assert ">10:30</time>" in html and "Times in Europe/Madrid" in html  # 08:30 UTC in Madrid
    assert 'target="_top"' in html and "embed-frame.js" in html
    # Other pages keep their own framing policy.
    assert "frame-ancestors 'none'" in client.get("/events/ka4/").headers["Content-Security-Policy"]


def test_the_viewer_language_and_time_zone_are_respected(client, make):
    _ka4(make)
    html = client.get("/embed/events/ka4/agenda?lang=es&tz=America/New_York").get_data(as_text=True)
    assert '<html lang="es">' in html
    assert "martes, 13 de julio de 2021" in html
    assert ">04:30</time>" in html and "America/New_York" in html
    fallback = client.get("/embed/events/ka4/agenda?lang=xx&tz=Nowhere/Land").get_data(as_text=True)
    assert '<html lang="en">' in fallback and "Times in Europe/Madrid" in fallback


def test_drafts_are_not_embedded(client, make):
    make.event(slug="draft", status="draft")
    assert client.get("/embed/events/draft/agenda").status_code == 404


def test_the_script_is_a_static_file_and_organisers_get_the_snippets(client, auth, make):
    event = _ka4(make)
    script = client.get("/static/embed.js")
    assert script.status_code == 200 and "data-confsite-agenda" in script.get_data(as_text=True)
    organiser = make.user("org@example.org")
    make.role(organiser, RoleName.ORGANISER, event=event)
    auth.login("org@example.org")
    page = client.get("/manage/events/ka4/embed").get_data(as_text=True)
    assert 'data-confsite-agenda="http://confsite.test/embed/events/ka4/agenda"' in page
    assert "/static/embed.js" in page and "&lt;iframe" in page
