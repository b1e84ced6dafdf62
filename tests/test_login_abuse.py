"""Login abuse (issue 15, item 7): an atomic per-address throttle, a per-client limit
across accounts, limited reset e-mails, and ``confsite.limits`` on the database and on
Redis (database number 2 of the local Redis; under CI a missing Redis is a failure)."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from confsite import limits
from confsite.extensions import db
from confsite.models import RateLimitCounter
from confsite.services import accounts
from tests import outbox
from tests.test_registration_concurrency import run_together

REDIS_TEST_URL = os.environ.get("CONFSITE_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


def test_parallel_guesses_get_no_more_tries_than_the_throttle_allows(app, make):
    make.user("ana@example.org")

    def guess() -> object:
        try:
            return accounts.authenticate("ana@example.org", "wrong guess!")
        except accounts.LoginThrottled:
            return "throttled"

    results = run_together(app, [guess for _ in range(40)])
    assert [r for r in results if isinstance(r, Exception)] == []
    checked = [r for r in results if r != "throttled"]
    # Each attempt is recorded before it is counted, so when all forty land at once every
    # one may see the others and be refused: never more than the limit get checked.
    assert len(checked) <= app.config["LOGIN_THROTTLE_ATTEMPTS"]


def test_one_client_is_limited_across_accounts(make_app, make):
    app = make_app(LOGIN_CLIENT_ATTEMPTS=3)
    client = app.test_client()
    for i in range(3):
        response = client.post("/login", data={"email": f"x{i}@example.org", "password": "nope nope"})
        assert response.status_code == 200
    blocked = client.post("/login", data={"email": "x9@example.org", "password": "nope nope"})
    assert blocked.status_code == 429
    assert "Too many log-in attempts from your network" in blocked.get_data(as_text=True)
    other = app.test_client()
    response = other.post(
        "/login",
        data={"email": "x9@example.org", "password": "nope nope"},
        environ_base={"REMOTE_ADDR": "192.0.2.77"},
    )
    assert response.status_code == 200  # another client is not affected


def test_reset_mails_are_limited_per_address_and_per_client(make_app, make):
    app = make_app(RESET_MAILS_PER_ADDRESS=2, RESET_MAILS_PER_CLIENT=3)
    with app.app_context():
        make.user("ana@example.org")
        make.user("bea@example.org")
    client = app.test_client()
    for _ in range(4):
        response = client.post("/password/forgot", data={"email": "ana@example.org"})
        assert response.status_code == 302  # the same answer every time
    assert len(outbox.to(app, "ana@example.org")) == 2
    # The client has now asked 4 times: its limit of 3 stops mail to other addresses too.
    client.post("/password/forgot", data={"email": "bea@example.org"})
    assert outbox.to(app, "bea@example.org") == []
    elsewhere = app.test_client()
    elsewhere.post(
        "/password/forgot", data={"email": "bea@example.org"}, environ_base={"REMOTE_ADDR": "192.0.2.8"}
    )
    assert len(outbox.to(app, "bea@example.org")) == 1


def check_hits(key: str) -> None:
    assert [limits.hit(key, 3, 60) for _ in range(5)] == [True, True, True, False, False]
    assert limits.hit(key + "-other", 3, 60) is True


def test_limits_on_the_database(app):
    check_hits(f"test:{uuid.uuid4().hex}")


def test_limits_on_the_database_are_atomic(app):
    key = f"test:{uuid.uuid4().hex}"
    results = run_together(app, [lambda: limits.hit(key, 5, 60) for _ in range(24)])
    assert results.count(True) == 5 and results.count(False) == 19


@pytest.fixture
def redis_app(make_app):
    """An app whose limits live in Redis. No Redis is a failure, never a skip."""
    try:
        redis.Redis.from_url(REDIS_TEST_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"no Redis at {REDIS_TEST_URL}: start one (the Redis backend must be tested)")
    app = make_app(REDIS_URL=REDIS_TEST_URL)
    with app.app_context():
        yield app


def test_limits_on_redis(redis_app):
    check_hits(f"test:{uuid.uuid4().hex}")
    assert db.session.query(RateLimitCounter).count() == 0  # nothing went to the database


def test_limits_on_redis_are_atomic(redis_app):
    key = f"test:{uuid.uuid4().hex}"
    results = run_together(redis_app, [lambda: limits.hit(key, 5, 60) for _ in range(24)])
    assert results.count(True) == 5 and results.count(False) == 19
