"""Revocable log-ins: a server-side record per signed-in browser.

The signed session cookie alone cannot be taken back: a copy keeps working until it
expires. So each log-in also gets a random token, kept in the cookie and (hashed) in
``login_sessions``; every request checks it (``is_current``). Logging out deletes the
row, changing or resetting the password deletes all the others, and the account page
lists them and ends any. (Chosen over a per-user session version because the account
page must list each session.)
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import LoginSession, User, utcnow

# How often ``last_seen_at`` is written: once a minute is precise enough for the list.
SEEN_PRECISION = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User, user_agent: str = "") -> str:
    """Record a new log-in of ``user``; returns the token for the cookie. Commits."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=_hash(token), user_agent=user_agent[:200]))
    db.session.commit()
    return token


def current(user_id: int, token: str | None) -> LoginSession | None:
    """The live session of ``user_id`` with this token, or None (ended or forged)."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(
        sa.select(LoginSession).where(
            LoginSession.token_hash == _hash(token), LoginSession.user_id == user_id
        )
    )
    if found is not None and utcnow() - found.last_seen_at > SEEN_PRECISION:
        found.last_seen_at = utcnow()
        db.session.commit()
    return found


def of_user(user: User) -> list[LoginSession]:
    return list(
        db.session.scalars(
            sa.select(LoginSession)
            .where(LoginSession.user_id == user.id)
            .order_by(LoginSession.last_seen_at.desc())
        )
    )


def end(user: User, session_id: int) -> bool:
    """End one of the user's sessions (never someone else's). Commits."""
    ended = cast(
        sa.CursorResult[Any],
        db.session.execute(
            sa.delete(LoginSession).where(LoginSession.id == session_id, LoginSession.user_id == user.id)
        ),
    ).rowcount
    db.session.commit()
    return ended == 1


def end_token(token: str | None) -> None:
    """End the session with this token (logging out). Commits."""
    if token:
        db.session.execute(sa.delete(LoginSession).where(LoginSession.token_hash == _hash(token)))
        db.session.commit()


def end_others(user: User, keep_token: str | None) -> int:
    """End every session of ``user`` except the one with ``keep_token``. Commits."""
    query = sa.delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_token:
        query = query.where(LoginSession.token_hash != _hash(keep_token))
    ended = cast(sa.CursorResult[Any], db.session.execute(query)).rowcount
    db.session.commit()
    return int(ended)
