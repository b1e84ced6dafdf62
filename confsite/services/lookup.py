"""Finding events, series and sessions by their public identifiers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from confsite.extensions import db
from confsite.models import Event, Series, Session
from confsite.services.agenda import programme_loaders


def event_by_slug(slug: str) -> Event | None:
    return db.session.scalar(sa.select(Event).where(Event.slug == slug))


def series_by_slug(slug: str) -> Series | None:
    return db.session.scalar(sa.select(Series).where(Series.slug == slug))


def visible_event_or_404(slug: str, user=None) -> Event:  # type: ignore[no-untyped-def]
    """The event, or 404 if it does not exist or is a draft the user may not see.

    Drafts answer exactly like missing events, so their existence does not leak.
    """
    from confsite.services.permissions import can_view_event

    event = event_by_slug(slug)
    if event is None or not can_view_event(user, event):
        abort(404)
    return event


def session_of_event_or_404(event: Event, session_id: int, *, with_details: bool = False) -> Session:
    """The session, or 404 if it is not one of ``event``'s. ``with_details`` loads its
    room, chairs, talks and speakers (with organisations) up front: a fixed number of
    queries however many talks and speakers it has."""
    options = programme_loaders() if with_details else []
    session = db.session.get(Session, session_id, options=options)
    if session is None or session.event_id != event.id:
        abort(404)
    return session
