"""Finding events, series and sessions by their public identifiers.

These return None when nothing matches; the views turn that into a 404
(``confsite.views.lookup``), so the rules of who may see what stay here."""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from confsite.caching.attached_rows import remembered_event
from confsite.extensions import db
from confsite.models import Event, Series, Session
from confsite.services.agenda import programme_loaders
from confsite.services.permissions import can_view_event


def event_by_slug(slug: str) -> Event | None:
    """The event with its series (pages name the series and take its branding: one
    round trip, not two)."""
    return db.session.scalar(_event_with_series(), {"slug": slug})


@cache
def _event_with_series() -> sa.Select:
    """Built once (on first use, when the mappers are complete): putting a statement
    together costs more than running its compiled form, which SQLAlchemy keeps."""
    return sa.select(Event).where(Event.slug == sa.bindparam("slug")).options(joinedload(Event.series))


def series_by_slug(slug: str) -> Series | None:
    return db.session.scalar(sa.select(Series).where(Series.slug == slug))


def visible_event(slug: str, user: Any = None) -> Event | None:
    """The event, or None if it does not exist or is a draft the user may not see
    (drafts answer exactly like missing events, so their existence does not leak). From
    memory where it is kept (``caching.attached_rows``): every public page asks."""
    event = remembered_event(slug, lambda: event_by_slug(slug))
    if event is None or not can_view_event(user, event):
        return None
    return event


def session_of_event(event: Event, session_id: int, *, with_details: bool = False) -> Session | None:
    """The session if it is one of ``event``'s. ``with_details`` loads its room,
    chairs, talks and speakers (with organisations) up front: a fixed number of
    queries however many talks and speakers it has."""
    options = programme_loaders() if with_details else []
    session = db.session.get(Session, session_id, options=options)
    if session is None or session.event_id != event.id:
        return None
    return session
