"""Webhooks: organisers subscribe a URL to lifecycle topics of one event; each
happening becomes a signed delivery, sent outside the request and retried with back-off.

The body is the exact JSON that is signed: ``X-Confsite-Signature: sha256=<hex>`` is
the HMAC-SHA256 of ``<timestamp>.<body>`` with the webhook's secret, and the timestamp
travels in ``X-Confsite-Timestamp`` (receivers refuse old ones against replays).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from confsite.extensions import db
from confsite.i18n import _, _l
from confsite.lifecycle import (
    EventPublished,
    LifecycleEvent,
    RegistrationCancelled,
    RegistrationCreated,
    RegistrationPromoted,
    SessionChanged,
)
from confsite.models import Event, User, Webhook, WebhookDelivery, utcnow

TOPICS: dict[str, Any] = {  # name -> lazy label
    "registration.created": _l("A registration was created"),
    "registration.cancelled": _l("A registration was cancelled"),
    "registration.promoted": _l("A waitlisted registration was confirmed"),
    "session.changed": _l("A session was created, changed or deleted"),
    "event.published": _l("The event was published"),
}


class WebhookError(ValueError):
    """A subscription that cannot be made as asked; the message says why, ``field``
    which input is at fault (url or topics)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def url_problem(url: str) -> str | None:
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _("Give a full http:// or https:// address.")
    if len(url) > 500:
        return _("The address is too long (500 characters at most).")
    return None


def subscribe(event: Event, url: str, topics: list[str], user: User | None) -> Webhook:
    """Subscribe ``url`` to ``topics`` of ``event``; flushes, the caller commits."""
    url = (url or "").strip()
    problem = url_problem(url)
    if problem:
        raise WebhookError(problem, "url")
    unknown = [t for t in topics if t not in TOPICS]
    if unknown or not topics:
        raise WebhookError(_("Choose at least one of the listed topics."), "topics")
    webhook = Webhook(
        event=event,
        url=url,
        topics=",".join(t for t in TOPICS if t in topics),
        secret=secrets.token_hex(24),
        created_by_id=user.id if user else None,
    )
    db.session.add(webhook)
    db.session.flush()
    return webhook


def event_webhooks(event: Event) -> list[Webhook]:
    return list(
        db.session.scalars(sa.select(Webhook).where(Webhook.event_id == event.id).order_by(Webhook.id))
    )


def recent_deliveries(event: Event, limit: int = 50) -> list[WebhookDelivery]:
    return list(
        db.session.scalars(
            sa.select(WebhookDelivery)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(Webhook.event_id == event.id)
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
            .limit(limit)
        )
    )


# --- from lifecycle events to deliveries ---------------------------------------------------


def describe(happening: LifecycleEvent) -> tuple[str, Event, dict[str, Any]] | None:
    """The topic, event and data of a lifecycle event (None for topics we do not send)."""
    if isinstance(happening, EventPublished):
        return "event.published", happening.event, {}
    if isinstance(happening, SessionChanged):
        s = happening.session
        return (
            "session.changed",
            s.event,
            {
                "session": {"id": s.id, "uid": s.uid, "title": s.title, "status": s.status.value},
                "fields": list(happening.fields),
            },
        )
    topic = {
        RegistrationCreated: "registration.created",
        RegistrationCancelled: "registration.cancelled",
        RegistrationPromoted: "registration.promoted",
    }.get(type(happening))
    if topic is None:
        return None
    r = happening.registration
    return (
        topic,
        r.event,
        {
            "registration": {
                "id": r.id,
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "country": r.country,
                "status": r.status.value,
            }
        },
    )


def record(happening: LifecycleEvent) -> list[int]:
    """Write a pending delivery for each subscription to this happening; commits.

    Returns the new deliveries' ids, for the caller to schedule."""
    described = describe(happening)
    if described is None:
        return []
    topic, event, data = described
    hooks = [h for h in event_webhooks(event) if h.active and topic in h.topic_list]
    if not hooks:
        return []
    body = json.dumps(
        {
            "topic": topic,
            "event": {"id": event.id, "slug": event.slug, "title": event.title},
            "data": data,
            "occurred_at": utcnow().isoformat(),
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    deliveries = [
        WebhookDelivery(webhook=h, topic=topic, payload=body, next_attempt_at=utcnow()) for h in hooks
    ]
    db.session.add_all(deliveries)
    db.session.flush()
    ids = [d.id for d in deliveries]  # read before the commit expires them
    db.session.commit()
    return ids


# --- sending -------------------------------------------------------------------------------


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


MAX_WAIT = 6 * 3600


def backoff_seconds(attempts: int) -> int:
    """Wait before attempt ``attempts + 1``: 30 s, 2 min, 8 min, 32 min… capped at 6 h."""
    return min(30 * 4 ** (attempts - 1), MAX_WAIT)


def deliver(delivery_id: int) -> float | None:
    """Send one delivery once: sign, POST with a short timeout, record the response.

    Returns the seconds to wait before retrying, or None when done (delivered, given
    up, or nothing to do). Safe to call twice: a delivered one is not sent again."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status != "pending":
        return None
    hook = delivery.webhook
    body = delivery.payload.encode("utf-8")
    timestamp = str(int(utcnow().timestamp()))
    request = urllib.request.Request(
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "confsite-webhooks",
            "X-Confsite-Topic": delivery.topic,
            "X-Confsite-Delivery": str(delivery.id),
            "X-Confsite-Timestamp": timestamp,
            "X-Confsite-Signature": signature(hook.secret, timestamp, body),
        },
    )
    delivery.attempts += 1
    delivery.last_attempt_at = utcnow()
    code, excerpt, error = None, "", ""
    try:
        with urllib.request.urlopen(request, timeout=current_app.config["WEBHOOK_TIMEOUT"]) as response:
            code, excerpt = response.status, response.read(500).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        code, excerpt = exc.code, exc.read(500).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = str(getattr(exc, "reason", exc))[:500]
    delivery.response_code, delivery.response_excerpt, delivery.error = code, excerpt[:500], error
    wait: float | None = None
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.next_attempt_at = "delivered", None
    elif delivery.attempts >= current_app.config["WEBHOOK_MAX_ATTEMPTS"]:
        delivery.status, delivery.next_attempt_at = "failed", None
    else:
        wait = backoff_seconds(delivery.attempts)
        delivery.next_attempt_at = utcnow() + timedelta(seconds=wait)
    db.session.commit()
    return wait


def due_deliveries(limit: int = 100, overdue_seconds: float = 0) -> list[int]:
    """Ids of pending deliveries whose next attempt is due (at least ``overdue_seconds`` ago)."""
    due_before = utcnow() - timedelta(seconds=overdue_seconds)
    return list(
        db.session.scalars(
            sa.select(WebhookDelivery.id)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= due_before)
            .order_by(WebhookDelivery.next_attempt_at)
            .limit(limit)
        )
    )
