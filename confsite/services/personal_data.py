"""Everything the site holds about one account holder, for their download (GDPR right
of access): the core's rows plus each plugin's part (``personal_data`` hook)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.models import (
    Event,
    LoginSession,
    Registration,
    RegistrationStatus,
    Session,
    Star,
    User,
    utcnow,
)
from confsite.plugins import host
from confsite.services import registration


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_user(user: User) -> dict[str, Any]:
    """A JSON-ready mapping of the user's data (a handful of queries, whatever the size)."""
    registrations = db.session.scalars(
        sa.select(Registration)
        # Only the account's own: a guest registration under the same address may
        # predate (or not belong to) this account.
        .where(Registration.user_id == user.id)
        .options(selectinload(Registration.event))
        .order_by(Registration.id)
    ).all()
    stars = db.session.scalars(
        sa.select(Star)
        .where(Star.user_id == user.id)
        .options(selectinload(Star.session).selectinload(Session.event))
        .order_by(Star.created_at)
    ).all()
    sessions = db.session.scalars(sa.select(LoginSession).where(LoginSession.user_id == user.id)).all()
    document: dict[str, Any] = {
        "exported_at": utcnow().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "created_at": _when(user.created_at),
            "is_admin": user.is_admin,
            "roles": [
                {
                    "role": r.role.value,
                    "event": r.event.slug if r.event else None,
                    "series": r.series.slug if r.series else None,
                }
                for r in user.roles
            ],
        },
        "registrations": [
            {
                "event": r.event.slug,
                "event_title": r.event.title,
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "country": r.country,
                "sector": r.sector.value,
                "status": r.status.value,
                "consent_at": _when(r.consent_at),
                "confirmed_at": _when(r.confirmed_at),
                "cancelled_at": _when(r.cancelled_at),
                "checked_in_at": _when(r.checked_in_at),
            }
            for r in registrations
        ],
        "stars": [{"event": s.session.event.slug, "session": s.session.title} for s in stars],
        "login_sessions": [
            {"browser": s.user_agent, "since": _when(s.created_at), "last_seen": _when(s.last_seen_at)}
            for s in sessions
        ],
        "plugins": {},
    }
    for plugin_name, section in host().call("personal_data", user=user):
        if isinstance(section, dict):
            document["plugins"][plugin_name] = section
    return document


FORMER_MEMBER = "Former member"


def erase_user(user: User, now: datetime | None = None) -> int:
    """Erase an account (GDPR right to erasure); returns how many registrations were
    anonymised. Commits once, all or nothing.

    Registrations for events still to come are cancelled first (their seats go to the
    waiting list); then every registration of the account keeps only what the
    attendance figures need (status, country, sector, check-in) under the name
    "Former member". Plugins anonymise their part (``erase_personal_data``); the
    account row goes, and with it roles, stars and login sessions.
    """
    now = now or utcnow()
    upcoming = db.session.scalars(
        sa.select(Registration)
        .join(Registration.event)
        .where(
            Registration.user_id == user.id,
            Registration.status != RegistrationStatus.CANCELLED,
            Event.end_at > now,
        )
    ).all()
    for item in upcoming:
        registration.cancel_registration(item, now)
    anonymised = cast(
        sa.CursorResult[Any],
        db.session.execute(
            sa.update(Registration)
            .where(Registration.user_id == user.id)
            .values(
                name=FORMER_MEMBER,
                email=sa.literal("erased-") + sa.cast(Registration.id, sa.String) + "@erased.invalid",
                organisation="",
                manage_token_hash=None,
                user_id=None,
            )
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    host().call("erase_personal_data", user=user)
    db.session.delete(user)
    db.session.commit()
    return int(anonymised)
