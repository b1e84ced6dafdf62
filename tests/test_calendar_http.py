"""Conditional requests: an unchanged feed is answered 304 without building anything."""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug.http import http_date

from confsite.extensions import db
from confsite.services import frab, ical
from confsite.services.changes import record_session_change, session_snapshot
from tests.calendar_helpers import programme
from tests.test_ical_feeds import count_queries


def refuse(*args, **kwargs):
    raise AssertionError("the feed was built although the client's copy is current")


FEEDS = [
    "/events/{slug}/calendar.ics",
    "/events/{slug}/sessions/{sid}/calendar.ics",
    "/events/{slug}/schedule.xml",
    "/events/{slug}/schedule.json",
]


@pytest.mark.parametrize("template", FEEDS)
def test_if_none_match_gives_304_without_building(app, client, monkeypatch, template):
    prog = programme()
    url = template.format(slug=prog.event.slug, sid=prog.opening.id)
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]

    for name in ("build_calendar", "load_feed_sessions", "stream_feed_sessions"):
        monkeypatch.setattr(ical, name, refuse)
    monkeypatch.setattr(frab, "schedule", refuse)
    queries = count_queries(lambda: client.get(url, headers={"If-None-Match": etag}))
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag
    assert queries <= 2  # the event (and the session for a session feed), nothing more


def test_if_modified_since_gives_304_until_the_programme_changes(app, client, monkeypatch):
    prog = programme()
    url = f"/events/{prog.event.slug}/calendar.ics"
    first = client.get(url)
    last_modified = first.headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    older = http_date(prog.event.content_changed_at - timedelta(hours=1))
    assert client.get(url, headers={"If-Modified-Since": older}).status_code == 200

    snapshot = session_snapshot(prog.panel)
    prog.panel.title = "Financial instruments for innovation"
    record_session_change(prog.panel, snapshot)
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert b"Financial instruments for innovation" in changed.data


def test_a_stale_etag_with_a_recent_date_still_gets_the_new_feed(app, client):
    """If-None-Match takes precedence over If-Modified-Since (RFC 9110)."""
    prog = programme()
    url = f"/events/{prog.event.slug}/calendar.ics"
    response = client.get(
        url,
        headers={
            "If-None-Match": '"stale"',
            "If-Modified-Since": http_date(prog.event.content_changed_at + timedelta(days=1)),
        },
    )
    assert response.status_code == 200


def test_feeds_of_different_kinds_have_different_etags(app, client):
    prog = programme()
    etags = {client.get(t.format(slug=prog.event.slug, sid=prog.opening.id)).headers["ETag"] for t in FEEDS}
    assert len(etags) == len(FEEDS)


def test_headers_of_a_public_feed(app, client):
    prog = programme()
    response = client.get(f"/events/{prog.event.slug}/calendar.ics")
    assert response.headers["Cache-Control"] in ("no-cache, public", "public, no-cache")
    json_response = client.get(f"/events/{prog.event.slug}/schedule.json")
    assert json_response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert json_response.headers["Content-Disposition"] == (
        f'attachment; filename="{prog.event.slug}-schedule.json"'
    )
    xml_response = client.get(f"/events/{prog.event.slug}/schedule.xml")
    assert xml_response.headers["Content-Type"] == "application/xml; charset=utf-8"


def test_draft_feed_is_private_for_its_organiser(app, client, make, auth):
    from confsite.models import RoleName

    event = make.event(status="draft")
    organiser = make.user()
    make.role(organiser, RoleName.ORGANISER, event=event)
    url = f"/events/{event.slug}/calendar.ics"
    assert client.get(url).status_code == 404
    auth.login(organiser.email)
    response = client.get(url)
    assert response.status_code == 200
    assert any(word in response.headers["Cache-Control"] for word in ("private", "no-store"))


def test_series_feed_304_and_change_when_an_event_joins(app, client, make, monkeypatch):
    series = make.series()
    programme(series_id=series.id)
    url = f"/series/{series.slug}/calendar.ics"
    first = client.get(url)
    with monkeypatch.context() as patch:
        patch.setattr(ical, "build_calendar", refuse)
        assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    make.event(series_id=series.id, title="Follow-up workshop")
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert b"Follow-up workshop" in again.data


def test_head_requests_answer_with_the_same_validators(app, client, monkeypatch):
    prog = programme()
    url = f"/events/{prog.event.slug}/calendar.ics"
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    monkeypatch.setattr(ical, "build_calendar", refuse)
    assert client.head(url, headers={"If-None-Match": get.headers["ETag"]}).status_code == 304
