"""Personal tokens on the account page (shown once, stored hashed, revocable) and the
per-token rate limit."""

from __future__ import annotations

import hashlib
import os
import re
import uuid

import pytest
import redis
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import ApiToken, RateCounter, RateLimitCounter, RoleName
from confsite.services.api_tokens import create_token
from confsite.services.rate_limit import retry_after

REDIS_TEST_URL = os.environ.get("CONFSITE_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


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


def _hammer(apps, secret, times):
    """Requests spread over several app instances (workers, or hosts sharing a database)."""
    statuses = []
    for n in range(times):
        app = apps[n % len(apps)]
        with app.app_context():
            response = app.test_client().get("/api/v1/events", headers={"Authorization": f"Bearer {secret}"})
            statuses.append(response.status_code)
            last = response
    return statuses, last


def test_the_token_limit_is_shared_by_every_worker_in_the_database(make_app, make):
    """Two workers share one count, kept by the site's shared limits (confsite.limits)."""
    workers = [make_app(API_RATE_LIMIT=3, API_RATE_WINDOW=3600, REDIS_URL=None) for _ in range(2)]
    with workers[0].app_context():
        secret = create_token(make.user("a@example.org"), name="a", scope="read").secret
        db.session.commit()
    statuses, limited = _hammer(workers, secret, 5)
    assert statuses == [200, 200, 200, 429, 429]
    assert limited.content_type == "application/problem+json" and limited.get_json()["status"] == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 3600
    with workers[0].app_context():
        counted = db.session.scalars(sa.select(RateLimitCounter.key)).all()
        assert any(key.startswith("api-token:") for key in counted)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RateCounter)) == 0


def test_the_token_limit_is_shared_through_redis(make_app, make):
    """With Redis configured, hosts with different databases still share the count."""
    try:
        redis.Redis.from_url(REDIS_TEST_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"no Redis at {REDIS_TEST_URL}: start one (the Redis backend must be tested)")
    site = f"confsite-test-{uuid.uuid4().hex[:12]}"  # both hosts are the same site
    workers = [
        make_app(API_RATE_LIMIT=2, API_RATE_WINDOW=3600, REDIS_URL=REDIS_TEST_URL, JOBS_QUEUE_NAME=site)
        for _ in range(2)
    ]
    with workers[0].app_context():
        user = make.user("b@example.org")
        token = create_token(user, name="b", scope="read")
        db.session.commit()
    statuses, limited = _hammer(workers, token.secret, 3)
    assert statuses == [200, 200, 429] and int(limited.headers["Retry-After"]) > 0
    keys = redis.Redis.from_url(REDIS_TEST_URL).keys(f"{site}:limit:api-token:*")
    assert len(keys) == 1
    with workers[0].app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RateLimitCounter)) == 0


def test_retry_after_counts_to_the_end_of_the_window():
    assert retry_after(60, now=120.0) == 60
    assert retry_after(60, now=179.5) == 1
    assert retry_after(3600, now=3600 * 5 + 100) == 3500
