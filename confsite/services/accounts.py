"""Creating users and granting roles."""
from __future__ import annotations

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from confsite.extensions import db
from confsite.models import Event, Organisation, RoleAssignment, RoleName, Series, User

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise AccountError(f"{email!r} is not a valid e-mail address: {exc}") from None


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def create_user(email: str, password: str, *, display_name: str = "", is_admin: bool = False) -> User:
    """Create a user and attach role invitations sent to their address. Caller commits."""
    address = normalise_email(email)
    if user_by_email(address) is not None:
        raise AccountError(f"a user with e-mail {address} already exists")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    user = User(email=address, display_name=display_name.strip(), is_admin=is_admin)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    claim_invitations(user)
    return user


def claim_invitations(user: User) -> None:
    """Roles granted to the user's address before they had an account become theirs."""
    db.session.execute(
        sa.update(RoleAssignment)
        .where(RoleAssignment.email == user.email, RoleAssignment.user_id.is_(None))
        .values(user_id=user.id)
    )


def resolve_scope(target: str) -> Event | Series:
    """An event or series from ``slug``, ``event:slug`` or ``series:slug``."""
    kind, _, slug = target.rpartition(":")
    event = db.session.scalar(sa.select(Event).where(Event.slug == slug)) if kind in ("", "event") else None
    series = db.session.scalar(sa.select(Series).where(Series.slug == slug)) if kind in ("", "series") else None
    if event is not None and series is not None:
        raise AccountError(f"{slug!r} is both an event and a series: write event:{slug} or series:{slug}")
    if event is None and series is None:
        raise AccountError(f"no event or series with slug {slug!r}")
    return event or series  # type: ignore[return-value]


def grant_role(
    email: str, role: RoleName, target: str | Event | Series, *, organisation: str | None = None
) -> RoleAssignment:
    """Give a role on an event or series to an address (an invitation if no account yet).

    Granting a role already held returns the existing assignment. Caller commits.
    """
    address = normalise_email(email)
    scope = resolve_scope(target) if isinstance(target, str) else target
    is_event = isinstance(scope, Event)
    org = None
    if organisation:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == organisation))
        if org is None:
            raise AccountError(f"no organisation named {organisation!r}")
    existing = db.session.scalar(
        sa.select(RoleAssignment).where(
            RoleAssignment.email == address,
            RoleAssignment.role == role,
            (RoleAssignment.event_id == scope.id) if is_event else (RoleAssignment.series_id == scope.id),
        )
    )
    if existing is not None:
        if org is not None:
            existing.organisation = org
        return existing
    user = user_by_email(address)
    assignment = RoleAssignment(
        email=address, user=user, role=role, organisation=org,
        event=scope if is_event else None, series=None if is_event else scope,
    )
    db.session.add(assignment)
    return assignment
