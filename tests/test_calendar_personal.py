"""The personal feed: registered events and starred sessions behind a revocable token."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import SessionStatus, Star, User
from confsite.services import ical, personal_feed
from confsite.services.changes import record_session_change, session_snapshot
from tests.calendar_helpers import as_utc, parse, programme, register, star
from tests.factories import utc
from tests.test_calendar_http import refuse
from tests.test_ical_feeds import count_queries


@pytest.fixture(autouse=True)
def _built_on_every_poll(app):
    """These tests are about the feed's contents and validator: every poll works them
    out (the page cache's period, which spares that work, has tests of its own in
    tests/test_page_cache_public.py)."""
    app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 0


def feed_path(user: User) -> str:
    return f"/calendar/{user.calendar_token}.ics"


def user_with_feed(make) -> User:
    user = make.user()
    personal_feed.regenerate_token(user)
    db.session.commit()
    return user


def test_user_creates_regenerates_and_revokes_the_feed_through_the_page(app, client, make, auth):
    user = make.user()
    auth.login(user.email)
    page = client.get("/me/calendar-feed")
    assert b"Create my calendar feed" in page.data

    response = client.post("/me/calendar-feed", data={"next": "/me/calendar-feed"})
    assert response.status_code == 302
    db.session.refresh(user)
    first_token = user.calendar_token
    assert first_token and len(first_token) >= 43
    page = client.get("/me/calendar-feed").get_data(as_text=True)
    assert f"webcal://confsite.test/calendar/{first_token}.ics" in page
    assert f"http://confsite.test/calendar/{first_token}.ics" in page
    assert client.get(f"/calendar/{first_token}.ics").status_code == 200

    client.post("/me/calendar-feed")
    db.session.refresh(user)
    assert user.calendar_token != first_token
    assert client.get(f"/calendar/{first_token}.ics").status_code == 404
    assert client.get(f"/calendar/{user.calendar_token}.ics").status_code == 200

    second_token = user.calendar_token
    client.post("/me/calendar-feed/revoke")
    db.session.refresh(user)
    assert user.calendar_token is None
    assert client.get(f"/calendar/{second_token}.ics").status_code == 404


def test_token_routes_need_a_signed_in_user(app, client):
    assert client.post("/me/calendar-feed").status_code == 302
    assert client.post("/me/calendar-feed").headers["Location"].startswith("/login")
    assert client.get("/me/calendar-feed").status_code == 302


def test_redirect_after_regenerate_stays_on_this_site(app, client, make, auth):
    user = make.user()
    auth.login(user.email)
    response = client.post("/me/calendar-feed", data={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/me/calendar-feed"


def test_unknown_malformed_and_inactive_tokens_all_give_404(app, client, make):
    user = user_with_feed(make)
    for token in ("x" * 43, "short", "../../etc", user.calendar_token + "x"):
        assert client.get(f"/calendar/{token}.ics").status_code == 404, token
    # NUL characters are refused before any lookup (app-wide guard): no hint either.
    assert client.get("/calendar/" + "%00" * 20 + ".ics").status_code == 400
    user.active = False
    db.session.commit()
    assert client.get(feed_path(user)).status_code == 404


def test_feed_lists_registered_events_and_starred_sessions(app, client, make):
    user = user_with_feed(make)
    registered = programme()
    other = programme(start_at=utc(2021, 11, 16, 8), title="Interregional workshop")
    register(user, registered.event)
    star(user, other.panel)
    draft = programme(status="draft")
    star(user, draft.panel)
    register(user, make.event(status="draft"))
    cancelled_registration = programme()
    register(user, cancelled_registration.event, status="cancelled")

    response = client.get(feed_path(user))
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"]
    cal = parse(response.data)
    assert {str(e["UID"]) for e in cal.vevents} == {
        registered.opening.uid,
        registered.panel.uid,
        other.panel.uid,
    }
    assert f"Event: {other.event.title}" in str(cal.by_uid(other.panel.uid)["DESCRIPTION"])
    assert str(cal.ical["X-WR-CALNAME"]).startswith("My agenda")


def test_join_url_only_for_a_confirmed_registrant(app, client, make):
    prog = programme()
    confirmed, waiting, starring = user_with_feed(make), user_with_feed(make), user_with_feed(make)
    register(confirmed, prog.event)
    register(waiting, prog.event, status="waitlisted")
    star(starring, prog.opening)

    cal = parse(client.get(feed_path(confirmed)).data)
    opening = cal.by_uid(prog.opening.uid)
    assert prog.event.online_url in str(opening["DESCRIPTION"])
    assert str(opening["CONFERENCE"]) == prog.event.online_url
    assert prog.event.online_url in cal.vobj_by_uid(prog.opening.uid).description.value

    for user in (waiting, starring):
        body = client.get(feed_path(user)).data
        assert prog.event.online_url.encode() not in body
        assert b"CONFERENCE" not in body


def test_subscriber_sees_a_moved_and_a_cancelled_session(app, client, make):
    """The "done when" of the issue, as a calendar app would poll."""
    user = user_with_feed(make)
    prog = programme()
    register(user, prog.event)
    first = client.get(feed_path(user))
    etag = first.headers["ETag"]

    snapshot = session_snapshot(prog.opening)
    prog.opening.start_at += timedelta(minutes=30)
    prog.opening.end_at += timedelta(minutes=30)
    record_session_change(prog.opening, snapshot)
    snapshot = session_snapshot(prog.panel)
    prog.panel.status = SessionStatus.CANCELLED
    record_session_change(prog.panel, snapshot)
    db.session.commit()

    polled = client.get(feed_path(user), headers={"If-None-Match": etag})
    assert polled.status_code == 200
    cal = parse(polled.data)
    moved = cal.by_uid(prog.opening.uid)
    assert as_utc(moved.decoded("DTSTART")) == utc(2021, 7, 13, 7, 30)
    assert moved["DTSTART"].to_ical() == b"20210713T093000"  # local Madrid time
    assert moved.decoded("SEQUENCE") == 1
    assert str(cal.by_uid(prog.panel.uid)["STATUS"]) == "CANCELLED"
    assert cal.vobj_by_uid(prog.panel.uid).status.value == "CANCELLED"


def test_personal_feed_304_and_removing_a_star_changes_it(app, client, make, monkeypatch):
    user = user_with_feed(make)
    prog = programme()
    star(user, prog.opening)
    star(user, prog.panel)
    first = client.get(feed_path(user))
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]

    with monkeypatch.context() as patch:
        patch.setattr(ical, "build_calendar", refuse)
        patch.setattr(ical, "load_feed_sessions", refuse)
        patch.setattr(ical, "stream_feed_sessions", refuse)
        assert client.get(feed_path(user), headers={"If-None-Match": etag}).status_code == 304

    db.session.execute(sa.delete(Star).where(Star.user_id == user.id, Star.session_id == prog.panel.id))
    db.session.commit()
    # The removal leaves no newer date behind, so the date alone must not give a 304.
    assert client.get(feed_path(user), headers={"If-Modified-Since": last_modified}).status_code == 200
    after = client.get(feed_path(user), headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert {str(e["UID"]) for e in parse(after.data).vevents} == {prog.opening.uid}


def test_personal_feed_page_is_accessible_markup(app, client, make, auth):
    """Labels and forms of the partial other pages include."""
    user = user_with_feed(make)
    auth.login(user.email)
    page = client.get("/me/calendar-feed").get_data(as_text=True)
    assert '<label for="calendar-feed-url">' in page and 'id="calendar-feed-url"' in page
    assert page.count('name="csrf_token"') >= 2


def test_feed_mixing_time_zones_carries_a_vtimezone_for_each(app, client, make):
    user = user_with_feed(make)
    madrid = programme()
    kolkata = make.event(start_at=utc(2022, 3, 10, 4, 30), timezone="Asia/Kolkata")
    talk = make.session(kolkata, start_at=utc(2022, 3, 10, 4, 30))
    register(user, madrid.event)
    star(user, talk)
    cal = parse(client.get(feed_path(user)).data)
    assert sorted(str(tz["TZID"]) for tz in cal.ical.walk("VTIMEZONE")) == ["Asia/Kolkata", "Europe/Madrid"]
    assert "X-WR-TIMEZONE" not in cal.ical
    assert cal.vobj_by_uid(talk.uid).dtstart.value.utcoffset() == timedelta(hours=5, minutes=30)
    assert cal.vobj_by_uid(madrid.opening.uid).dtstart.value.utcoffset() == timedelta(hours=2)


def test_a_new_join_url_reaches_confirmed_registrants(app, client, make):
    user = user_with_feed(make)
    prog = programme()
    register(user, prog.event)
    etag = client.get(feed_path(user)).headers["ETag"]
    prog.event.online_url = "https://stream.example.org/join/new-room-77"
    db.session.commit()
    response = client.get(feed_path(user), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert b"new-room-77" in response.data


def test_signed_in_users_manage_their_feed_on_my_agenda(app, client, make, auth):
    user = make.user()
    auth.login(user.email)
    agenda = client.get("/me/agenda").get_data(as_text=True)
    assert "Your calendar feed" in agenda and "Create my calendar feed" in agenda
    client.post("/me/calendar-feed", data={"next": "/me/agenda"})
    db.session.refresh(user)
    agenda = client.get("/me/agenda").get_data(as_text=True)
    assert "webcal://" in agenda and user.calendar_token in agenda


def test_personal_feed_query_count_does_not_grow_with_its_content(app, client, make):
    user = user_with_feed(make)
    register(user, programme().event)
    star(user, programme().panel)
    counted = count_queries(lambda: client.get(feed_path(user)))
    for _ in range(3):
        register(user, programme().event)
        star(user, programme().opening)
    assert count_queries(lambda: client.get(feed_path(user))) == counted


def test_empty_feeds_still_parse(app, client, make):
    user = user_with_feed(make)
    assert parse(client.get(feed_path(user)).data).vevents == []
    series = make.series()
    assert parse(client.get(f"/series/{series.slug}/calendar.ics").data).vevents == []
