"""Webhooks: organisers subscribe a URL to lifecycle topics of one event; each
happening becomes a signed delivery, sent outside the request and retried with back-off.

The body is the exact JSON that is signed: ``X-Confsite-Signature: sha256=<hex>`` is
the HMAC-SHA256 of ``<timestamp>.<body>`` with the webhook's secret, and the timestamp
travels in ``X-Confsite-Timestamp`` (receivers refuse old ones against replays).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
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
from confsite.services.transaction import committing

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


class UnsafeTarget(ValueError):
    """A receiver address the site must not send to (not http(s), or inside a network)."""


def _resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to now (a module function, so tests can fake DNS)."""
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def is_public_address(address: str) -> bool:
    """Whether an IP address is out on the internet: not loopback, private, link-local,
    multicast, reserved or unspecified (an IPv4 address mapped into IPv6 counts as itself)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_multicast or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_unspecified
    )


def _allow_private() -> bool:
    return bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE_TARGETS"))


def safe_addresses(url: str) -> tuple[str, int, list[str]]:
    """The host, port and resolved addresses a delivery to ``url`` may connect to.

    Raises :class:`UnsafeTarget` when the scheme is not http(s), the host does not
    resolve, or any address it resolves to is not public (unless
    ``WEBHOOK_ALLOW_PRIVATE_TARGETS``): a subscriber must not make the site reach
    its own network (SSRF)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget(_("Give a full http:// or https:// address."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeTarget(_("Give a full http:// or https:// address.")) from None
    try:
        addresses = _resolve(parts.hostname, port)
    except (OSError, UnicodeError):
        addresses = []
    if not addresses:
        raise UnsafeTarget(_("This address's host name cannot be found."))
    if not _allow_private() and not all(is_public_address(a) for a in addresses):
        raise UnsafeTarget(
            _(
                "This address leads into a private network (loopback, private, link-local "
                "or multicast): webhooks may only reach public addresses."
            )
        )
    return parts.hostname, port, addresses


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be subscribed (not http(s), too long, unknown or private host)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _("Give a full http:// or https:// address.")
    if len(url) > 500:
        return _("The address is too long (500 characters at most).")
    try:
        safe_addresses(url)
    except UnsafeTarget as exc:
        return str(exc)
    return None


def subscribe(event: Event, url: str, topics: list[str], user: User | None) -> Webhook:
    """Subscribe ``url`` to ``topics`` of ``event`` (committed)."""
    url = (url or "").strip()
    problem = url_problem(url)
    if problem:
        raise WebhookError(problem, "url")
    unknown = [t for t in topics if t not in TOPICS]
    if unknown or not topics:
        raise WebhookError(_("Choose at least one of the listed topics."), "topics")
    with committing():
        webhook = Webhook(
            event=event,
            url=url,
            topics=",".join(t for t in TOPICS if t in topics),
            secret=secrets.token_hex(24),
            created_by_id=user.id if user else None,
        )
        db.session.add(webhook)
    return webhook


def unsubscribe(webhook: Webhook) -> None:
    """Remove a subscription with its deliveries (committed)."""
    with committing():
        db.session.delete(webhook)


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
    if topic is None or not isinstance(
        happening, RegistrationCreated | RegistrationCancelled | RegistrationPromoted
    ):
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


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, str]:
    """POST ``body`` to ``url``, connecting only to an address checked just now.

    The host is resolved and checked here, at delivery time (DNS may have changed since
    the subscription), and the connection goes to that checked address, so a second
    lookup cannot swap it (DNS rebinding); TLS still verifies the host name. Redirects
    are not followed: a 3xx is an answer like any other non-2xx."""
    host, port, addresses = safe_addresses(url)
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(host, port, timeout=timeout)
    address = addresses[0]

    def connect_to_checked(
        _target: tuple[str, int], timeout: float | None = None, source: tuple[str, int] | None = None
    ) -> socket.socket:
        return socket.create_connection((address, port), timeout, source)

    connection._create_connection = connect_to_checked  # type: ignore[attr-defined]  # http.client's hook
    try:
        path = parts.path or "/"
        connection.request("POST", f"{path}?{parts.query}" if parts.query else path, body, headers)
        response = connection.getresponse()
        return response.status, response.read(500).decode("utf-8", "replace")
    finally:
        connection.close()


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
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "confsite-webhooks",
        "X-Confsite-Topic": delivery.topic,
        "X-Confsite-Delivery": str(delivery.id),
        "X-Confsite-Timestamp": timestamp,
        "X-Confsite-Signature": signature(hook.secret, timestamp, body),
    }
    delivery.attempts += 1
    delivery.last_attempt_at = utcnow()
    code, excerpt, error = None, "", ""
    try:
        code, excerpt = _post(hook.url, body, headers, current_app.config["WEBHOOK_TIMEOUT"])
    except UnsafeTarget as exc:
        error = f"Not sent: {exc}"[:500]
    except (OSError, http.client.HTTPException, ValueError) as exc:
        error = (str(exc) or type(exc).__name__)[:500]
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
