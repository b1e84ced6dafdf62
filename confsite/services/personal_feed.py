"""The personal calendar feed: a secret URL per user listing their registered events
and starred sessions.

The token is the only credential a calendar app can send, so it is long and random,
can be regenerated (the old URL then answers 404 like any unknown one) or revoked.
Only a confirmed registrant's feed carries the event's online join URL.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from confsite import links
from confsite.extensions import db
from confsite.hooktypes import AgendaItem
from confsite.models import (
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
    Star,
    User,
    utcnow,
)
from confsite.services import ical, join_links
from confsite.services.feed_validators import Validator
from confsite.services.transaction import committing

TOKEN_BYTES = 32  # 256 bits, 43 URL-safe characters
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")
# Registrations that put an event in the feed (a waiting-list place may still come).
LISTED_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def regenerate_token(user: User) -> str:
    """Give the user a new feed token; the previous URL stops working. Commits."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with committing():
        user.calendar_token = token
    return token


def revoke_token(user: User) -> None:
    """Switch the personal feed off. Commits."""
    with committing():
        user.calendar_token = None


def user_by_token(token: str) -> User | None:
    """The active user owning ``token``, or None (malformed tokens cost no query)."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    user = db.session.scalar(sa.select(User).where(User.calendar_token == token))
    return user if user is not None and user.is_active else None


def feed_url(user: User, *, webcal: bool = False) -> str | None:
    if not user.calendar_token:
        return None
    url = links.personal_ics(user.calendar_token)
    return webcal_url(url) if webcal else url


def webcal_url(url: str) -> str:
    """The same feed with the ``webcal://`` scheme that opens a subscription dialog."""
    return "webcal://" + url.split("://", 1)[1]


@dataclass(frozen=True)
class RegistrationRow:
    event_id: int
    status: RegistrationStatus
    updated_at: datetime


@dataclass(frozen=True)
class StarRow:
    session_id: int
    event_id: int
    created_at: datetime


@dataclass(frozen=True)
class PersonalSelection:
    """What the user put in their feed, read with two small queries (plus what
    plugins add through the ``personal_agenda_items`` hook)."""

    registrations: tuple[RegistrationRow, ...]
    stars: tuple[StarRow, ...]
    items: tuple[AgendaItem, ...] = ()

    @property
    def registered_event_ids(self) -> list[int]:
        return sorted({r.event_id for r in self.registrations})

    @property
    def event_ids(self) -> list[int]:
        return sorted({r.event_id for r in self.registrations} | {s.event_id for s in self.stars})

    @property
    def confirmed_event_ids(self) -> set[int]:
        return {r.event_id for r in self.registrations if r.status == RegistrationStatus.CONFIRMED}

    @property
    def waitlisted_event_ids(self) -> set[int]:
        return {r.event_id for r in self.registrations if r.status == RegistrationStatus.WAITLISTED}


def personal_selection(user: User) -> PersonalSelection:
    """The user's live registrations and stars on public (non-draft) events."""
    registrations = db.session.execute(
        sa.select(Registration.event_id, Registration.status, Registration.updated_at)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.user_id == user.id,
            Registration.status.in_(LISTED_STATUSES),
            Event.status != EventStatus.DRAFT,
        )
        .order_by(Registration.event_id)
    ).all()
    stars = db.session.execute(
        sa.select(Star.session_id, Session.event_id, Star.created_at)
        .join(Session, Session.id == Star.session_id)
        .join(Event, Event.id == Session.event_id)
        .where(Star.user_id == user.id, Event.status != EventStatus.DRAFT)
        .order_by(Star.session_id)
    ).all()
    return PersonalSelection(
        tuple(RegistrationRow(*r) for r in registrations),
        tuple(StarRow(*s) for s in stars),
        tuple(agenda_items(user)),
    )


def agenda_items(user: User) -> list[AgendaItem]:
    """Plugins' private appointments of ``user`` (e.g. 1:1 meetings), by start."""
    from confsite.plugins import host  # noqa: PLC0415  (the plugin host imports services: import late)

    return sorted(host().collect("personal_agenda_items", user=user), key=lambda i: (i.start_at, i.uid))


def personal_validator(user: User, selection: PersonalSelection) -> Validator:
    """Changes with the user's registrations and stars and with every event involved."""
    events = (
        db.session.execute(
            sa.select(
                Event.id,
                Event.status,
                Event.content_changed_at,
                Event.online_url,
                Event.start_at,
                Event.join_release_minutes,
            )
            .where(Event.id.in_(selection.event_ids))
            .order_by(Event.id)
        ).all()
        if selection.event_ids
        else []
    )
    # The join URL is not public content (it need not move content_changed_at) but it
    # is in this feed: cover it too, and whether its hold-back time has passed.
    now = utcnow()
    parts = (
        user.id,
        user.calendar_token,
        *(f"r{r.event_id}:{r.status.value}:{r.updated_at.isoformat()}" for r in selection.registrations),
        *(f"s{s.session_id}" for s in selection.stars),
        *(
            f"e{e.id}:{e.status.value}:{e.content_changed_at.isoformat()}:{e.online_url or ''}:"
            f"{join_released(e.start_at, e.join_release_minutes, now)}"
            for e in events
        ),
        *(f"i{i.uid}:{i.updated_at.isoformat()}" for i in selection.items),
    )
    stamps = [
        user.created_at,
        *(r.updated_at for r in selection.registrations),
        *(s.created_at for s in selection.stars),
        *(e.content_changed_at for e in events),
        *(i.updated_at for i in selection.items),
    ]
    # Removing a star leaves no newer timestamp behind: only the ETag notices it.
    return Validator(parts, max(stamps), trust_modified_since=False)


def join_released(start_at: datetime, minutes: int | None, now: datetime) -> bool:
    """Whether an event's join link is out at ``now`` (the feed's validator covers it)."""
    return minutes is None or now >= start_at - timedelta(minutes=minutes)


def personal_calendar(user: User, selection: PersonalSelection) -> bytes:
    """Every session of the user's registered events, plus their starred sessions."""
    registered = selection.registered_event_ids
    starred = [s.session_id for s in selection.stars]
    condition = sa.or_(Session.event_id.in_(registered), Session.id.in_(starred))
    events = (
        list(db.session.scalars(sa.select(Event).where(Event.id.in_(registered)).order_by(Event.start_at)))
        if registered
        else []
    )
    # The events of starred sessions too (their rows only: the sessions come in batches).
    others = sorted({s.event_id for s in selection.stars} - set(registered))
    of_stars = list(db.session.scalars(sa.select(Event).where(Event.id.in_(others)))) if others else []
    by_id = {e.id: e for e in [*events, *of_stars]}
    join_urls = {
        event_id: url
        for event_id in selection.confirmed_event_ids
        if event_id in by_id
        and (url := by_id[event_id].online_url)
        and join_links.is_released(by_id[event_id])
    }
    stamps = [
        user.created_at,
        *(e.content_changed_at for e in by_id.values()),
        *(r.updated_at for r in selection.registrations),
        *(s.created_at for s in selection.stars),
        *(i.updated_at for i in selection.items),
    ]
    return ical.build_calendar(
        ical.feed_name("My agenda"),
        ical.feed_entries(events, condition, join_urls, selection.waitlisted_event_ids)
        if (registered or starred)
        else [],
        modified=max(stamps),
        source_url=links.personal_ics(user.calendar_token or ""),
        description="Events you registered for and sessions you starred",
        with_event_titles=True,
        extra=[ical.agenda_item_vevent(item) for item in selection.items],
    )
