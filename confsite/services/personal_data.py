"""Everything the site holds about one person, for their download (GDPR right of
access) and their erasure: an account holder's rows plus each plugin's part
(``personal_data`` / ``erase_personal_data`` hooks), or a guest's registration reached
through its private link. The retention period and the purge of past events'
registrations live in :mod:`confsite.services.retention`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.models import (
    Event,
    LoginSession,
    Registration,
    RegistrationAnswer,
    RegistrationStatus,
    Session,
    Star,
    User,
    utcnow,
)
from confsite.models.registrations import registration_search_key
from confsite.plugins import host
from confsite.services import registration
from confsite.services.registration_questions import answers_by_registration


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
    answers = answers_by_registration(registrations)
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
        "registrations": [_registration_entry(r, answers[r.id]) for r in registrations],
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


def _registration_entry(r: Registration, answers: list[RegistrationAnswer]) -> dict[str, Any]:
    return {
        "event": r.event.slug,
        "event_title": r.event.title,
        "name": r.name,
        "email": r.email,
        "organisation": r.organisation,
        "country": r.country,
        "sector": r.sector.value,
        "language": r.language,
        "status": r.status.value,
        "consent_at": _when(r.consent_at),
        "confirmed_at": _when(r.confirmed_at),
        "waitlisted_at": _when(r.waitlisted_at),
        "cancelled_at": _when(r.cancelled_at),
        "checked_in_at": _when(r.checked_in_at),
        "answers": [{"question": a.label, "answer": a.value, "asked_by": a.plugin} for a in answers],
    }


def export_registration(item: Registration) -> dict[str, Any]:
    """A guest's download from their private link: the registration and its answers
    (a guest has nothing else here; an account's data is on the account page)."""
    return {
        "exported_at": utcnow().isoformat(),
        "registration": _registration_entry(item, answers_by_registration([item])[item.id]),
    }


FORMER_MEMBER = "Former member"
ERASED_DOMAIN = "@erased.invalid"


def is_anonymised(item: Registration) -> bool:
    return item.email.startswith("erased-") and item.email.endswith(ERASED_DOMAIN)


def anonymise_registrations(where: sa.ColumnElement[bool]) -> int:
    """Strip the registrations matching ``where`` (not yet anonymised) to what the
    attendance figures need: status, country, sector, dates and check-in, under the
    name "Former member" and an address that cannot receive mail; their answers to
    plugins' questions go. Returns how many rows changed. Does not commit."""
    not_yet = sa.not_(Registration.email.like("erased-%" + ERASED_DOMAIN))
    ids = db.session.scalars(sa.select(Registration.id).where(where, not_yet)).all()
    if not ids:
        return 0
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        db.session.execute(sa.delete(RegistrationAnswer).where(RegistrationAnswer.registration_id.in_(part)))
        db.session.execute(
            sa.update(Registration)
            .where(Registration.id.in_(part))
            .values(
                name=FORMER_MEMBER,
                email=sa.literal("erased-") + sa.cast(Registration.id, sa.String) + ERASED_DOMAIN,
                organisation="",
                # the key of the new name, organisation and address (the address ends it)
                search_key=sa.literal(registration_search_key(FORMER_MEMBER, "", "erased-"))
                + sa.cast(Registration.id, sa.String)
                + ERASED_DOMAIN,
                language=None,
                manage_token_hash=None,
                user_id=None,
            )
            .execution_options(synchronize_session=False)
        )
    db.session.expire_all()
    return len(ids)


def erase_registration(item: Registration, now: datetime | None = None) -> None:
    """A guest erases their registration from its private link: a coming event's
    place is cancelled first (the seat goes to the waiting list), then the row is
    anonymised like an erased account's. The link stops working. Commits."""
    now = now or utcnow()
    if item.status != RegistrationStatus.CANCELLED and item.event.end_at > now:
        registration.cancel_registration(item, now)
    anonymise_registrations(Registration.id == item.id)
    db.session.commit()


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
    anonymised = anonymise_registrations(Registration.user_id == user.id)
    host().call("erase_personal_data", user=user)
    db.session.delete(user)
    db.session.commit()
    return anonymised
