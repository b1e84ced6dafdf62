"""Registrations over the API (organisers): created and cancelled through the same
service as the organiser pages, so capacity, the waiting list, promotion and e-mails
follow; full, duplicate and invalid requests get 409/422 problems with nothing written."""

from __future__ import annotations

import sqlalchemy as sa

from confsite import jobs
from confsite.extensions import db
from confsite.models import OutboxMessage, Registration, RegistrationStatus, RoleName, SessionChange
from confsite.services.api_tokens import create_token


def _headers(user, scope="write"):
    secret = create_token(user, name="crm sync", scope=scope).secret
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def _person(name, email, **extra):
    return {"name": name, "email": email, "consent": True, **extra}


def _mail_to(address):
    """Subjects of the messages to ``address`` in the outbox, once the worker has run."""
    jobs.run_pending()
    return db.session.scalars(
        sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == address)
    ).all()


def _count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


def test_organisers_register_people_up_to_capacity_then_on_the_waiting_list(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4", capacity=1, title="KA4 training")
    make.role(organiser, RoleName.ORGANISER, event=event)
    headers = _headers(organiser)
    first = client.post(
        "/api/v1/events/ka4/registrations",
        headers=headers,
        json=_person("Žiga Øystein", "ziga@example.org", organisation="ACIS", country="Slovenia"),
    )
    assert first.status_code == 201, first.get_json()
    body = first.get_json()
    assert (body["status"], body["name"], body["country"]) == ("confirmed", "Žiga Øystein", "SI")
    assert _mail_to("ziga@example.org")  # the same confirmation e-mail as from the organiser page
    second = client.post(
        "/api/v1/events/ka4/registrations", headers=headers, json=_person("Ángel Ruiz", "angel@example.org")
    )
    assert second.status_code == 201 and second.get_json()["status"] == "waitlisted"
    assert _mail_to("angel@example.org")
    one = client.get(f"/api/v1/events/ka4/registrations/{second.get_json()['id']}", headers=headers)
    assert one.status_code == 200 and one.get_json()["email"] == "angel@example.org"
    logged = db.session.execute(
        sa.select(SessionChange.field, SessionChange.after, SessionChange.user_id).where(
            SessionChange.event_id == event.id
        )
    ).all()
    assert logged == [
        ("registration", f"#{body['id']} confirmed", organiser.id),
        ("registration", f"#{second.get_json()['id']} waitlisted", organiser.id),
    ]  # audited with the token's owner, without the person's name or address


def test_full_duplicate_and_closed_are_conflicts_and_write_nothing(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4", capacity=1)
    make.role(organiser, RoleName.ORGANISER, event=event)
    draft = make.event(slug="draft-one", status="draft")
    make.role(organiser, RoleName.ORGANISER, event=draft)
    headers = _headers(organiser)
    url = "/api/v1/events/ka4/registrations"
    assert client.post(url, headers=headers, json=_person("Ana", "ana@example.org")).status_code == 201
    duplicate = client.post(url, headers=headers, json=_person("Ana again", "ANA@example.org"))
    assert duplicate.status_code == 409 and duplicate.content_type == "application/problem+json"
    assert "already registered" in duplicate.get_json()["detail"]
    full = client.post(url, headers=headers, json=_person("Łukasz", "lukasz@example.org", waitlist=False))
    assert full.status_code == 409 and "full" in full.get_json()["detail"]
    closed = client.post(
        "/api/v1/events/draft-one/registrations", headers=headers, json=_person("Bo", "bo@example.org")
    )
    assert closed.status_code == 409 and "not published" in closed.get_json()["detail"]
    assert _count() == 1 and not _mail_to("lukasz@example.org")
    assert db.session.get(type(event), event.id).confirmed_count == 1


def test_invalid_registrations_name_the_field(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4")
    make.role(organiser, RoleName.ORGANISER, event=event)
    headers = _headers(organiser)
    cases = [
        ({"name": "Ana", "email": "not-an-address", "consent": True}, "email"),
        ({"name": "Ana", "email": "ana@example.org", "consent": False}, "consent"),
        ({"name": "Ana", "email": "ana@example.org"}, "consent"),
        ({"name": "   ", "email": "ana@example.org", "consent": True}, "name"),
        ({"name": "Ana", "email": "ana@example.org", "consent": True, "country": "Atlantis"}, "country"),
        ({"name": "Ana", "email": "ana@example.org", "consent": True, "sector": "pirates"}, "sector"),
        ({"name": "Ana", "email": "ana@example.org", "consent": True, "vip": True}, "vip"),
        ({"name": "A" * 201, "email": "ana@example.org", "consent": True}, "name"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/events/ka4/registrations", headers=headers, json=body)
        assert response.status_code == 422, (field, response.get_json())
        assert field in [e["field"] for e in response.get_json()["errors"]]
    assert _count() == 0


def test_cancelling_over_the_api_promotes_the_next_in_line(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4", capacity=1)
    make.role(organiser, RoleName.ORGANISER, event=event)
    headers = _headers(organiser)
    url = "/api/v1/events/ka4/registrations"
    first = client.post(url, headers=headers, json=_person("Ana", "ana@example.org")).get_json()
    waiting = client.post(url, headers=headers, json=_person("Øystein", "oystein@example.org")).get_json()
    assert waiting["status"] == "waitlisted"
    assert len(_mail_to("oystein@example.org")) == 1  # the waiting list
    cancelled = client.post(f"{url}/{first['id']}/cancel", headers=headers)
    assert cancelled.status_code == 200, cancelled.get_json()
    body = cancelled.get_json()
    assert body["registration"]["status"] == "cancelled"
    assert [(p["id"], p["status"]) for p in body["promoted"]] == [(waiting["id"], "confirmed")]
    assert db.session.get(Registration, waiting["id"]).status == RegistrationStatus.CONFIRMED
    assert len(_mail_to("oystein@example.org")) == 2  # then promoted
    again = client.post(f"{url}/{first['id']}/cancel", headers=headers)
    assert again.status_code == 409 and "already cancelled" in again.get_json()["detail"]


def test_only_the_events_organisers_with_a_write_token(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4")
    make.role(organiser, RoleName.ORGANISER, event=event)
    attendee = make.user("someone@example.org")
    url = "/api/v1/events/ka4/registrations"
    body = _person("Ana", "ana@example.org")
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, headers=_headers(organiser, scope="read"), json=body).status_code == 403
    assert client.post(url, headers=_headers(attendee), json=body).status_code == 403
    assert client.get(f"{url}/1", headers=_headers(attendee)).status_code == 403
    assert client.post(f"{url}/1/cancel", headers=_headers(attendee)).status_code == 403
    assert _count() == 0
