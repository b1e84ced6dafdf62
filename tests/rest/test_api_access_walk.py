"""Every REST API route is walked, as the access walk does for /manage: writes need a
token (401), a write scope (403) and the right to the event (403/404); drafts do not leak.
Routes come from the URL map, so a new one is covered the day it is added."""

from __future__ import annotations

import re

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import (
    Event,
    PluginEventValues,
    Registration,
    RoleAssignment,
    RoleName,
    Room,
    Session,
    Webhook,
)
from confsite.services.api_tokens import create_token


def _api_rules(app):
    return [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/")]


def _path(rule, values) -> str:
    unknown = set(rule.arguments) - values.keys()
    assert not unknown, f"{rule.rule}: teach this test the argument(s) {unknown}"
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(r"<(?:[a-z]+:)?" + name + ">", str(values[name]), path)
    return path


def test_every_api_route_refuses_who_may_not(app, client, make):
    series = make.series(slug="secret-series")
    event = make.event(slug="secret-draft", status="draft", series=series)
    session = make.session(event, title="Secret session")
    owner = make.user("owner@example.org")
    make.role(owner, RoleName.ORGANISER, event=event)
    outsider = make.user("outsider@example.org")
    make.role(outsider, RoleName.ORGANISER, event=make.event(slug="theirs"))
    db.session.commit()
    registration = Registration(event_id=event.id, name="Secret", email="s@example.org", status="confirmed")
    db.session.add(registration)
    webhook = Webhook(event=event, url="https://hooks.example.org/in", topics="event.published", secret="s")
    db.session.add(webhook)
    read_token = create_token(owner, name="read", scope="read").secret
    outsider_token = create_token(outsider, name="write", scope="write").secret
    db.session.commit()
    values = {
        "slug": event.slug,
        "event_slug": event.slug,
        "session_id": session.id,
        "registration_id": registration.id,
        "assignment_id": db.session.scalar(sa.select(RoleAssignment.id)),
        "plugin": "take_home",
        "webhook_id": webhook.id,
    }
    session_body = {"title": "X", "start": "2030-01-01T10:00:00", "end": "2030-01-01T11:00:00"}
    bodies = {  # a valid body for each write, so only the permission check can refuse it
        "rooms": {"name": "X"},
        "people": {"name": "X"},
        "check-in": {"checked_in": True},
        "registrations": {"name": "X", "email": "x@example.org", "consent": True},
        "cancel": {},
        "roles": {"email": "x@example.org", "role": "organiser"},
        "<int:assignment_id>": {},
        "<plugin>": {"values": {"suggestions_open": True}},
        "webhooks": {"url": "https://93.184.216.34/in", "topics": ["event.published"]},
        "<int:webhook_id>": {},
        "talks": {"title": "X"},
        "publish": {},
        "sessions": session_body,
        "<int:session_id>": session_body,
        "<slug>": {"title": "X"},
        "events": {
            **session_body,
            "slug": "new-one",
            "kind": "workshop",
            "format": "online",
            "timezone": "UTC",
            "series": "secret-series",
        },
    }
    writes = reads = 0
    for rule in _api_rules(app):
        path = _path(rule, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "GET":
                if rule.endpoint in ("api-docs.openapi_json", "rest_docs.page") or not rule.arguments:
                    continue
                response = client.get(path)
                assert response.status_code == 404, (path, response.status_code)
                outsider = client.get(path, headers={"Authorization": f"Bearer {outsider_token}"})
                assert outsider.status_code in (403, 404), (path, outsider.status_code)
                reads += 1
                continue
            body = bodies[rule.rule.rsplit("/", 1)[-1]]
            anonymous = client.open(path, method=method, json=body)
            assert anonymous.status_code == 401, (method, path, anonymous.status_code)
            for secret in (read_token, outsider_token):
                response = client.open(
                    path, method=method, json=body, headers={"Authorization": f"Bearer {secret}"}
                )
                if rule.rule == "/api/v1/people" and secret == outsider_token:
                    # People form a shared directory: any organiser may add one (as in /manage).
                    assert response.status_code == 201
                    continue
                assert response.status_code in (403, 404), (method, path, response.status_code)
                assert response.content_type == "application/problem+json"
            writes += 1
    assert writes >= 12 and reads >= 12
    db.session.expire_all()
    assert db.session.get(Event, event.id).status.value == "draft"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Room)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 1
    assert db.session.get(Registration, registration.id).checked_in_at is None
    assert db.session.get(Registration, registration.id).status.value == "confirmed"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoleAssignment)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PluginEventValues)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Webhook)) == 1


def test_the_token_pages_need_a_login_and_tokens_are_personal(client, auth, make):
    assert client.get("/me/tokens").status_code == 302
    first = make.user("first@example.org")
    token = create_token(first, name="mine", scope="read").token
    db.session.commit()
    make.user("second@example.org")
    auth.login("second@example.org")
    assert client.post(f"/me/tokens/{token.id}/revoke").status_code == 404
    assert "mine" not in client.get("/me/tokens").get_data(as_text=True)
    db.session.expire_all()
    assert token.revoked_at is None
