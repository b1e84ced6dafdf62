"""Who is calling the REST API: a bearer token, or nobody (public reads only).

Session cookies are ignored here on purpose: the API has no CSRF protection, so only
a token (which a browser never sends by itself) may act for a user.
"""

from __future__ import annotations

from flask import abort, current_app, g, request
from werkzeug.exceptions import TooManyRequests

from confsite.models import ApiToken, Event, Series, User
from confsite.services import api_tokens
from confsite.services.lookup import event_by_slug
from confsite.services.permissions import can_manage_event, can_manage_series, can_view_event, is_admin
from confsite.services.rate_limit import hit


def authenticate() -> None:
    """Before every API request: find the token (401 if one is sent but unknown or
    revoked) and count the request against its rate limit (429 past it)."""
    g.api_token = None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        token = api_tokens.token_for_secret(secret.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            abort(401, "The token is missing, unknown or revoked: send Authorization: Bearer <token>.")
        g.api_token = token
        key = f"api-token:{token.id}"
    else:
        key = f"api-addr:{request.remote_addr or 'unknown'}"
    allowed, retry_after = hit(
        key, current_app.config["API_RATE_LIMIT"], current_app.config["API_RATE_WINDOW"]
    )
    if not allowed:
        error = TooManyRequests(f"Too many requests for this token: wait {retry_after} seconds.")
        error.data = {"headers": {"Retry-After": str(retry_after)}}  # type: ignore[attr-defined]  # flask-smorest reads .data
        raise error
    if g.api_token is not None:
        api_tokens.mark_used(g.api_token)
    elif request.method not in ("GET", "HEAD", "OPTIONS"):
        abort(401, "Writing needs an API token: send Authorization: Bearer <token>.")


def token() -> ApiToken | None:
    return g.get("api_token")


def caller() -> User | None:
    """The user the request acts for (the token's owner), or None."""
    found = token()
    return found.user if found is not None else None


def require_token(*, write: bool) -> ApiToken:
    """401 without a token; 403 when a write needs a write token."""
    found = token()
    if found is None:
        abort(401, "This needs an API token: send Authorization: Bearer <token>.")
    if write and not found.can_write:
        abort(403, "This token may only read: create a token with the write scope.")
    return found


def can_see(event: Event) -> bool:
    """Public events for everyone; drafts for the token owner's roles, within its restriction."""
    found = token()
    if found is not None and not api_tokens.covers_event(found, event):
        return can_view_event(None, event)
    return can_view_event(caller(), event)


def require_event_manager(event: Event, *, write: bool) -> User:
    """The token's owner if they organise ``event`` and the token reaches it; 403 otherwise."""
    found = require_token(write=write)
    if not api_tokens.covers_event(found, event):
        abort(403, "This token is restricted to another event or series.")
    if not can_manage_event(found.user, event):
        abort(403, "Only the event's organisers may do this.")
    return found.user


def require_series_manager(series: Series | None) -> User:
    """Who may create an event: an admin (any series or none) or the series' organiser."""
    found = require_token(write=True)
    if found.event_id is not None:
        abort(403, "This token is restricted to one event and cannot create others.")
    if found.series_id is not None and (series is None or series.id != found.series_id):
        abort(403, "This token is restricted to another series.")
    if series is None and not is_admin(found.user):
        abort(403, "Only site administrators may create events outside a series.")
    if series is not None and not can_manage_series(found.user, series):
        abort(403, "Only the series' organisers may add events to it.")
    return found.user


def event_or_404(slug: str) -> Event:
    """The event if the caller may see it (public, or a draft their token reaches); 404
    otherwise, so drafts do not leak."""
    event = event_by_slug(slug)
    if event is None or not can_see(event):
        abort(404, "No such event (or it is a draft you may not see).")
    return event
