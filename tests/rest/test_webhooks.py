"""Webhooks: deliveries are signed, sent outside the request to a receiver on 127.0.0.1,
recorded with their response, retried with back-off, and listed for organisers."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from confsite import jobs
from confsite.extensions import db
from confsite.models import RoleName, Webhook, WebhookDelivery
from confsite.services import webhooks
from confsite.services.api_tokens import create_token
from confsite.services.registration import Applicant, register


class Receiver:
    """A tiny HTTP server on 127.0.0.1 answering with the status codes it is given."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.received: list[tuple[dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                status = outer.statuses.pop(0) if outer.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"thanks")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def local_receivers_allowed(app):
    """The receivers here listen on 127.0.0.1, which only this setting lets webhooks reach
    (tests/rest/test_webhook_safety.py shows the default refusing it)."""
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = True


@pytest.fixture
def receiver():
    started: list[Receiver] = []

    def start(*statuses: int) -> Receiver:
        started.append(Receiver(list(statuses)))
        return started[-1]

    yield start
    for item in started:
        item.close()


def _run_jobs(app) -> None:
    """Be the worker for a moment: run what the job queue holds."""
    jobs.run_pending(app)
    db.session.expire_all()


def test_a_registration_reaches_the_subscriber_signed_and_outside_the_request(app, client, make, receiver):
    server = receiver(200)
    event = make.event(slug="ka4", capacity=50)
    hook = webhooks.subscribe(event, server.url, ["registration.created"], None)
    db.session.commit()
    register(event, Applicant(name="Øystein Ångström", email="oystein@example.org", consent=True))
    # The request (here: the service call) only asked for a job; the queue records the
    # delivery and sends it.
    assert db.session.scalar(sa.select(WebhookDelivery.status)) is None and server.received == []
    _run_jobs(app)
    assert db.session.scalar(sa.select(WebhookDelivery.status)) == "delivered"
    delivery = db.session.scalar(sa.select(WebhookDelivery))
    assert delivery.response_code == 200 and delivery.attempts == 1 and delivery.response_excerpt == "thanks"
    headers, body = server.received[0]
    expected = hmac.new(
        hook.secret.encode(), headers["X-Confsite-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Confsite-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["topic"] == "registration.created"
    assert payload["data"]["registration"]["name"] == "Øystein Ångström"


def test_a_failing_receiver_is_retried_with_growing_pauses_then_given_up(app, make, receiver):
    app.config["WEBHOOK_MAX_ATTEMPTS"] = 3
    server = receiver(500, 503, 502)
    event = make.event(slug="ka4")
    hook = webhooks.subscribe(event, server.url, ["session.changed"], None)
    db.session.add(WebhookDelivery(webhook=hook, topic="session.changed", payload="{}"))
    db.session.commit()
    delivery_id = db.session.scalar(sa.select(WebhookDelivery.id))
    first = webhooks.deliver(delivery_id)
    second = webhooks.deliver(delivery_id)
    assert first is not None and second is not None and second > first
    assert webhooks.deliver(delivery_id) is None
    delivery = db.session.get(WebhookDelivery, delivery_id)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 3, 502)
    assert webhooks.deliver(delivery_id) is None and len(server.received) == 3  # never sent again


def test_an_unreachable_receiver_is_recorded_and_rescheduled(app, make):
    event = make.event(slug="ka4")
    hook = webhooks.subscribe(event, "http://127.0.0.1:9/closed", ["event.published"], None)
    db.session.add(WebhookDelivery(webhook=hook, topic="event.published", payload="{}"))
    db.session.commit()
    delivery_id = db.session.scalar(sa.select(WebhookDelivery.id))
    assert webhooks.deliver(delivery_id) == webhooks.backoff_seconds(1)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    assert delivery.status == "pending" and delivery.error and delivery.next_attempt_at is not None


def test_organisers_subscribe_and_see_deliveries_on_the_manage_page(app, client, auth, make, receiver):
    server = receiver(201)
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4", status="draft")
    make.role(organiser, RoleName.ORGANISER, event=event)
    auth.login("org@example.org")
    bad = client.post("/manage/events/ka4/webhooks", data={"url": "ftp://x", "topics": ["event.published"]})
    assert "Give a full http:// or https:// address." in bad.get_data(as_text=True)
    response = client.post(
        "/manage/events/ka4/webhooks", data={"url": server.url, "topics": ["event.published"]}
    )
    assert response.status_code == 302
    secret = create_token(organiser, name="script", scope="write").secret
    db.session.commit()
    published = client.post("/api/v1/events/ka4/publish", headers={"Authorization": f"Bearer {secret}"})
    assert published.status_code == 200
    _run_jobs(app)
    assert db.session.scalar(sa.select(WebhookDelivery.response_code)) == 201
    page = client.get("/manage/events/ka4/webhooks").get_data(as_text=True)
    assert "event.published" in page and "HTTP 201" in page and server.url in page
    assert db.session.scalar(sa.select(Webhook.topics)) == "event.published"


def test_the_retry_command_sends_what_is_due(app, runner, make, receiver):
    server = receiver(200)
    event = make.event(slug="ka4")
    hook = webhooks.subscribe(event, server.url, ["event.published"], None)
    db.session.add(
        WebhookDelivery(webhook=hook, topic="event.published", payload="{}", next_attempt_at=event.created_at)
    )
    db.session.commit()
    result = runner.invoke(args=["webhooks-retry"])
    assert result.exit_code == 0 and "Tried 1" in result.output
    db.session.expire_all()
    assert db.session.scalar(sa.select(WebhookDelivery.status)) == "delivered" and len(server.received) == 1


def test_the_queue_retries_a_failing_receiver_after_the_back_off(app, make, receiver):
    server = receiver(503, 200)
    event = make.event(slug="ka4")
    webhooks.subscribe(event, server.url, ["event.published"], None)
    event.status = "draft"
    db.session.commit()
    from confsite.services.events import publish

    publish(event, None)
    _run_jobs(app)
    delivery = db.session.scalar(sa.select(WebhookDelivery))
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 1, 503)
    jobs.run_pending(app, now=delivery.next_attempt_at + timedelta(seconds=1))
    db.session.expire_all()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 2, 200)
    assert len(server.received) == 2
