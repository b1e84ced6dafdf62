"""Personal tokens on the account page (shown once, stored hashed, revocable) and the
per-token rate limit."""

from __future__ import annotations

import hashlib
import re

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import ApiToken, RoleName
from confsite.services.api_tokens import create_token


def test_a_token_is_created_shown_once_used_and_revoked(client, auth, make):
    user = make.user("żaneta@example.org")
    event = make.event(slug="ka4", title="KA4 conference")
    make.role(user, RoleName.ORGANISER, event=event)
    auth.login("żaneta@example.org")
    page = client.get("/me/tokens").get_data(as_text=True)
    assert "Event: KA4 conference" in page
    created = client.post(
        "/me/tokens", data={"name": "Website sync", "scope": "write", "restriction": f"event:{event.id}"}
    )
    html = created.get_data(as_text=True)
    secret = re.search(r'<code id="new-token">([^<]+)</code>', html).group(1)
    token = db.session.scalar(sa.select(ApiToken))
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest() and secret not in token.token_hash
    assert token.scope == "write" and token.event_id == event.id
    assert secret not in client.get("/me/tokens").get_data(as_text=True)  # shown once only

    auth.logout()
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.post("/api/v1/events/ka4/rooms", json={"name": "Hall"}, headers=headers).status_code == 201

    auth.login("żaneta@example.org")
    assert client.post(f"/me/tokens/{token.id}/revoke").status_code == 302
    assert (
        client.post("/api/v1/events/ka4/rooms", json={"name": "Hall 2"}, headers=headers).status_code == 401
    )


def test_a_token_needs_a_name(client, auth, make):
    make.user("user@example.org")
    auth.login("user@example.org")
    response = client.post("/me/tokens", data={"name": "", "scope": "read", "restriction": ""})
    assert "Give the token a name." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_each_token_has_its_own_rate_limit(make_app, make):
    app = make_app(API_RATE_LIMIT=3, API_RATE_WINDOW=3600)
    with app.app_context():
        first = create_token(make.user("a@example.org"), name="a", scope="read").secret
        second = create_token(make.user("b@example.org"), name="b", scope="read").secret
        db.session.commit()
        client = app.test_client()
        statuses = [
            client.get("/api/v1/events", headers={"Authorization": f"Bearer {first}"}).status_code
            for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        limited = client.get("/api/v1/events", headers={"Authorization": f"Bearer {first}"})
        assert limited.content_type == "application/problem+json" and "wait" in limited.get_json()["detail"]
        assert int(limited.headers["Retry-After"]) > 0
        assert client.get("/api/v1/events", headers={"Authorization": f"Bearer {second}"}).status_code == 200
