"""What a URL names, or a 404: the views' side of ``services.lookup``."""

from __future__ import annotations

from typing import Any

from flask import abort

from confsite.models import Event, Session
from confsite.services.lookup import session_of_event, visible_event


def visible_event_or_404(slug: str, user: Any = None) -> Event:
    """The event, or 404 if it does not exist or is a draft the user may not see."""
    event = visible_event(slug, user)
    if event is None:
        abort(404)
    return event


def session_of_event_or_404(event: Event, session_id: int, *, with_details: bool = False) -> Session:
    """The session, or 404 if it is not one of ``event``'s (see
    ``services.lookup.session_of_event`` for ``with_details``)."""
    session = session_of_event(event, session_id, with_details=with_details)
    if session is None:
        abort(404)
    return session
