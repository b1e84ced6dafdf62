"""HTTP validators (ETag, Last-Modified) of feeds and exports, computed from the data's
last change with one or two small queries, so that a poll of an unchanged feed is
answered 304 without loading the programme or rendering anything.

The ETags are strong: every feed is rendered deterministically from the rows the
validator covers (no "now" in the output), so equal validators mean equal bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import flask
import sqlalchemy as sa
from werkzeug import Request, Response
from werkzeug.datastructures import Headers

from confsite.extensions import db
from confsite.models import Event, EventStatus, Series

# Bump when the layout of a feed changes, so every cached copy is refreshed.
FORMAT_VERSION = "2"  # 2: one VTIMEZONE observance per transition, NAME escaped

# Public feeds whose ETag derives from the event row alone, by endpoint. Their polls
# are answered before Flask by confsite.caching.feed_polls; the views take their kind (part of
# the ETag) from here too, so both always compute the same ETag.
EVENT_FEED_KINDS = {
    "calendar.event_ics": "event.ics",
    "calendar.schedule_xml": "schedule.xml",
    "calendar.schedule_json": "schedule.json",
}

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment


@dataclass(frozen=True)
class Validator:
    """What a response's ETag and Last-Modified derive from.

    ``trust_modified_since`` is False where a change can happen without a newer
    timestamp (a star removed from the personal feed): then only If-None-Match counts.
    """

    parts: tuple[object, ...]
    last_modified: datetime
    trust_modified_since: bool = True

    def etag(self, *context: object) -> str:
        """The ETag value (unquoted) for this data in a given context (feed kind, host)."""
        text = "\x1f".join(str(p) for p in (FORMAT_VERSION, *context, *self.parts))
        return hashlib.sha256(text.encode()).hexdigest()[:40]


def event_validator(event: Event) -> Validator:
    """An event's feeds change exactly when its ``content_changed_at`` moves."""
    return Validator(
        (event.id, event.status.value, event.content_changed_at.isoformat()), event.content_changed_at
    )


def series_validator(series: Series) -> Validator:
    """A series feed changes with the series itself and with any of its public events
    (including one that joins, leaves or is deleted: the id list changes)."""
    rows = db.session.execute(
        sa.select(Event.id, Event.status, Event.content_changed_at)
        .where(Event.series_id == series.id, Event.status != EventStatus.DRAFT)
        .order_by(Event.id)
    ).all()
    parts = (
        series.id,
        series.title,
        series.updated_at.isoformat(),
        *(f"{r.id}:{r.status.value}:{r.content_changed_at.isoformat()}" for r in rows),
    )
    return Validator(parts, max([series.updated_at, *(r.content_changed_at for r in rows)]))


def is_not_modified(request: Request, etag: str, validator: Validator) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since counts only without it."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    if since is not None and validator.trust_modified_since:
        return validator.last_modified.replace(microsecond=0) <= since
    return False


class ValidatedResponse(flask.Response):  # Flask's class, so views return it unconverted
    """A response whose 304 keeps Last-Modified: Werkzeug drops it as an entity
    header, yet RFC 9110 lets a 304 carry it and clients compare it with their copy;
    the 304 then has the same validators as its 200."""

    def get_wsgi_headers(self, environ: WSGIEnvironment) -> Headers:
        headers = super().get_wsgi_headers(environ)
        modified = self.headers.get("Last-Modified")
        if self.status_code == 304 and modified and "Last-Modified" not in headers:
            headers["Last-Modified"] = modified
        return headers


def not_modified_response() -> ValidatedResponse:
    return ValidatedResponse(status=304)


def set_validator_headers(
    response: Response, etag: str, validator: Validator, *, private: bool = False
) -> None:
    """ETag, Last-Modified and caching headers, the same on a 200 and on its 304."""
    response.set_etag(etag)
    response.last_modified = validator.last_modified
    # Always revalidate (cheap, thanks to the 304 path); never store private feeds in
    # shared caches.
    response.cache_control.no_cache = True
    # Every answer of the app may depend on the session cookie (Flask marks them all so).
    response.vary.add("Cookie")
    if private:
        response.cache_control.private = True
        response.headers["X-Robots-Tag"] = "noindex"
    else:
        response.cache_control.public = True
