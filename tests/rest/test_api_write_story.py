"""A partner's script with a write token builds an event with sessions and talks; it then
shows on the site, in its .ics feed and in the change log (as docs/api.md shows with curl)."""

from __future__ import annotations

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import ApiToken, Event, RoleName, SessionChange
from confsite.services.api_tokens import create_token
from confsite.services.registration import Applicant, register


def _token(user, scope="write", **restriction):
    created = create_token(user, name="sync script", scope=scope, **restriction)
    db.session.commit()
    return {"Authorization": f"Bearer {created.secret}"}


def test_write_token_creates_an_event_with_sessions_and_talks(client, make):
    series = make.series(slug="regions4permed", title="Regions4PerMed")
    organiser = make.user("ángel@example.org", display_name="Ángel Núñez")
    make.role(organiser, RoleName.ORGANISER, series=series)
    make.organisation(name="Gemelli Generator")
    headers = _token(organiser)

    response = client.post(
        "/api/v1/events",
        headers=headers,
        json={
            "slug": "ka5-conference",
            "title": "Key Area 5 conference",
            "kind": "conference",
            "format": "online",
            "timezone": "Europe/Madrid",
            "start": "2027-07-13T09:00:00",
            "end": "2027-07-14T14:00:00",
            "series": "regions4permed",
        },
    )
    assert response.status_code == 201, response.get_json()
    event = response.get_json()
    assert event["status"] == "draft" and event["start"].startswith("2027-07-13T07:00:00")  # Madrid is UTC+2

    assert (
        client.post(
            "/api/v1/events/ka5-conference/rooms", headers=headers, json={"name": "Stream A"}
        ).status_code
        == 201
    )
    person = client.post(
        "/api/v1/people",
        headers=headers,
        json={"name": "Łukasz Żiga-Øystein", "organisation": "Gemelli Generator", "country": "PL"},
    ).get_json()
    assert person["organisation"] == "Gemelli Generator" and person["country"] == "PL"

    publish = client.post("/api/v1/events/ka5-conference/publish", headers=headers)
    assert publish.status_code == 200 and publish.get_json()["status"] == "published"

    session = client.post(
        "/api/v1/events/ka5-conference/sessions",
        headers=headers,
        json={
            "title": "Financial instruments for innovation",
            "kind": "panel",
            "start": "2027-07-13T10:00:00+02:00",
            "end": "2027-07-13T11:30:00+02:00",
            "room": "Stream A",
            "chairs": [person["id"]],
        },
    )
    assert session.status_code == 201, session.get_json()
    session_id = session.get_json()["id"]
    talk = client.post(
        f"/api/v1/events/ka5-conference/sessions/{session_id}/talks",
        headers=headers,
        json={"title": "Pre-commercial procurement in practice", "speakers": [person["id"]]},
    )
    assert talk.status_code == 201, talk.get_json()
    assert talk.get_json()["speakers"] == [{"id": person["id"], "name": "Łukasz Żiga-Øystein"}]

    # On the site, in the feed, in the change log (with the token's owner).
    page = client.get("/events/ka5-conference/").get_data(as_text=True)
    assert "Key Area 5 conference" in page and "Financial instruments for innovation" in page
    ics = client.get("/events/ka5-conference/calendar.ics").get_data(as_text=True)
    assert "SUMMARY:Financial instruments for innovation" in ics
    event_id = db.session.scalar(sa.select(Event.id).where(Event.slug == "ka5-conference"))
    logged = db.session.scalars(sa.select(SessionChange).where(SessionChange.event_id == event_id)).all()
    assert {c.field for c in logged} >= {"created", "speakers"}
    assert {c.user_id for c in logged} == {organiser.id}
    changes = client.get("/api/v1/events/ka5-conference/changes", headers=headers).get_json()
    assert changes[0]["by"] == "Ángel Núñez"
    # The programme reads back through the API, publicly.
    programme = client.get("/api/v1/events/ka5-conference/sessions").get_json()
    assert [t["title"] for t in programme[0]["talks"]] == ["Pre-commercial procurement in practice"]


def test_changing_a_session_bumps_its_sequence_and_is_logged(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4", title="KA4")
    make.role(organiser, RoleName.ORGANISER, event=event)
    session = make.session(event, title="Session I")
    headers = _token(organiser)
    body = {
        "title": "Session I (moved)",
        "start": event.start_at.isoformat(),
        "end": (event.start_at.replace(hour=(event.start_at.hour + 2) % 24)).isoformat(),
    }
    if body["end"] <= body["start"]:
        body["end"] = event.end_at.isoformat()
    response = client.put(f"/api/v1/events/ka4/sessions/{session.id}", headers=headers, json=body)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["sequence"] == 1
    fields = set(db.session.scalars(sa.select(SessionChange.field).where(SessionChange.event_id == event.id)))
    assert {"title", "time"} <= fields


def test_tokens_are_checked_scope_by_scope(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4")
    other = make.event(slug="other")
    make.role(organiser, RoleName.ORGANISER, event=event)
    make.role(organiser, RoleName.ORGANISER, event=other)
    room = {"name": "Hall"}
    assert client.post("/api/v1/events/ka4/rooms", json=room).status_code == 401
    assert (
        client.post(
            "/api/v1/events/ka4/rooms", json=room, headers={"Authorization": "Bearer cs_nope"}
        ).status_code
        == 401
    )
    read = _token(organiser, scope="read")
    forbidden = client.post("/api/v1/events/ka4/rooms", json=room, headers=read)
    assert forbidden.status_code == 403 and forbidden.content_type == "application/problem+json"
    only_other = _token(organiser, event=other)
    assert client.post("/api/v1/events/ka4/rooms", json=room, headers=only_other).status_code == 403
    assert client.post("/api/v1/events/other/rooms", json=room, headers=only_other).status_code == 201
    stranger = _token(make.user("stranger@example.org"))
    assert client.post("/api/v1/events/ka4/rooms", json=room, headers=stranger).status_code == 403
    # A revoked token stops working at once.
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.event_id == other.id))
    token.revoked_at = token.created_at
    db.session.commit()
    assert (
        client.post("/api/v1/events/other/rooms", json={"name": "B"}, headers=only_other).status_code == 401
    )
    assert [r.name for r in db.session.get(Event, other.id).rooms] == ["Hall"]


def test_bad_input_gets_a_problem_naming_the_field_and_writes_nothing(client, make):
    admin = make.user("admin@example.org", admin=True)
    headers = _token(admin)
    base = {
        "slug": "new-event",
        "title": "New",
        "kind": "workshop",
        "format": "hybrid",
        "timezone": "Europe/Madrid",
        "start": "2027-11-16T09:00:00",
        "end": "2027-11-17T13:00:00",
    }
    cases = [
        ({**base, "timezone": "Mars/Olympus"}, "timezone"),
        ({**base, "end": "2027-11-15T09:00:00"}, "end"),
        ({**base, "capacity": -1}, "capacity"),
        ({**base, "capacity": "many"}, "capacity"),
        ({**base, "colour": "red"}, "colour"),
        ({**base, "slug": "Not A Slug"}, "slug"),
        ({**base, "title": "x" * 201}, "title"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/events", headers=headers, json=body)
        assert response.status_code == 422, (field, response.get_json())
        problem = response.get_json()
        assert response.content_type == "application/problem+json"
        assert problem["status"] == 422 and field in [e["field"] for e in problem["errors"]], problem
    broken = client.post("/api/v1/events", headers=headers, data="{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.content_type == "application/problem+json"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_drafts_are_invisible_without_a_token_that_may_see_them(client, make):
    organiser = make.user("org@example.org")
    draft = make.event(slug="secret-draft", status="draft")
    make.role(organiser, RoleName.ORGANISER, event=draft)
    make.event(slug="public-one")
    assert client.get("/api/v1/events/secret-draft").status_code == 404
    slugs = [e["slug"] for e in client.get("/api/v1/events").get_json()["items"]]
    assert slugs == ["public-one"]
    headers = _token(organiser, scope="read")
    assert client.get("/api/v1/events/secret-draft", headers=headers).status_code == 200
    slugs = {e["slug"] for e in client.get("/api/v1/events", headers=headers).get_json()["items"]}
    assert slugs == {"public-one", "secret-draft"}


def test_reads_are_paginated_filtered_and_conditional(client, make):
    series = make.series(slug="partnership")
    for n in range(3):
        make.event(slug=f"meeting-{n}", series=series)
    make.event(slug="elsewhere")
    first = client.get("/api/v1/events?series=partnership&per_page=2")
    body = first.get_json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert (
        client.get("/api/v1/events?series=partnership&per_page=2&page=2").get_json()["items"][0]["slug"]
        == "meeting-2"
    )
    etag = first.headers["ETag"]
    again = client.get("/api/v1/events?series=partnership&per_page=2", headers={"If-None-Match": etag})
    assert again.status_code == 304
    one = client.get("/api/v1/events/meeting-0")
    assert one.headers["Last-Modified"]
    assert client.get("/api/v1/events?status=draft").get_json()["items"] == []


def test_organisers_list_registrations_and_check_people_in(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4", capacity=1)
    make.role(organiser, RoleName.ORGANISER, event=event)
    confirmed, _ = register(event, Applicant(name="Alicia Piñeiro", email="alicia@example.org", consent=True))
    register(event, Applicant(name="Javier Quiles", email="javier@example.org", consent=True))
    headers = _token(organiser)
    assert client.get("/api/v1/events/ka4/registrations").status_code == 401
    listing = client.get("/api/v1/events/ka4/registrations?status=waitlisted", headers=headers).get_json()
    assert [r["name"] for r in listing["items"]] == ["Javier Quiles"] and listing["total"] == 1
    path = f"/api/v1/events/ka4/registrations/{confirmed.id}/check-in"
    checked = client.put(path, headers=headers, json={"checked_in": True})
    assert checked.status_code == 200 and checked.get_json()["checked_in_at"]
    waitlisted = listing["items"][0]["id"]
    refused = client.put(
        f"/api/v1/events/ka4/registrations/{waitlisted}/check-in", headers=headers, json={"checked_in": True}
    )
    assert refused.status_code == 409 and "confirmed" in refused.get_json()["detail"]


def test_an_event_is_changed_through_patch(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4", title="KA4")
    make.role(organiser, RoleName.ORGANISER, event=event)
    before = event.content_changed_at
    headers = _token(organiser)
    response = client.patch(
        "/api/v1/events/ka4", headers=headers, json={"title": " Key Area 4 ", "venue": "Online"}
    )
    assert response.status_code == 200 and response.get_json()["title"] == "Key Area 4"
    db.session.expire_all()
    changed = db.session.get(Event, event.id)
    assert changed.venue == "Online" and changed.content_changed_at > before
    logged = db.session.execute(
        sa.select(
            SessionChange.field, SessionChange.before, SessionChange.after, SessionChange.user_id
        ).where(SessionChange.event_id == event.id)
    ).all()
    assert ("title", "KA4", "Key Area 4", organiser.id) in logged  # audited with the token's owner
    assert ("venue", "", "Online", organiser.id) in logged
    backwards = client.patch("/api/v1/events/ka4", headers=headers, json={"end": "2000-01-01T00:00:00"})
    assert backwards.status_code == 422 and backwards.get_json()["errors"][0]["field"] == "end"
