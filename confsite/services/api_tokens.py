"""Personal API tokens: made, checked and revoked here; the secret is shown once.

Only the SHA-256 of a token is stored (as for guests' registration links), so a leaked
database does not leak working tokens. A token acts for its owner with the owner's own
permissions, narrowed by its scope (read or write) and an optional event or series.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from confsite.extensions import db
from confsite.i18n import _
from confsite.models import ApiToken, Event, Series, User, utcnow

TOKEN_PREFIX = "cs_"
SCOPES = ("read", "write")


class TokenError(ValueError):
    """A token that cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the only moment the secret exists outside its owner's hands


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    user: User, *, name: str, scope: str, event: Event | None = None, series: Series | None = None
) -> NewToken:
    """Make a token for ``user``; flushes, the caller commits."""
    name = (name or "").strip()
    if not name:
        raise TokenError(_("Give the token a name, so you recognise it later."))
    if scope not in SCOPES:
        raise TokenError(_("The scope must be read or write."))
    if event is not None and series is not None:
        raise TokenError(_("Restrict a token to one event or one series, not both."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name[:100],
        scope=scope,
        event=event,
        series=series,
        token_hash=_digest(secret),
        prefix=secret[:10],
    )
    db.session.add(token)
    db.session.flush()
    return NewToken(token, secret)


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token with this secret, or None (unknown, revoked, or its owner inactive)."""
    if not secret or len(secret) > 200 or not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    return token


def mark_used(token: ApiToken) -> None:
    """Remember when a token was last used (at most once a minute, to spare writes)."""
    now = utcnow()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        db.session.execute(sa.update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        db.session.commit()


def user_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke(user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s tokens; False if they have no such live token."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.flush()
    return True


def covers_event(token: ApiToken, event: Event) -> bool:
    """Whether a token restricted to an event or series reaches ``event``."""
    if token.event_id is not None:
        return token.event_id == event.id
    if token.series_id is not None:
        return token.series_id == event.series_id
    return True
