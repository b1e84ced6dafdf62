"""Accounts: creating users, logging in (throttled), password resets, profile changes,
and granting roles."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from confsite import limits
from confsite.extensions import db
from confsite.i18n import LANGUAGES
from confsite.models import (
    Event,
    LoginFailure,
    Organisation,
    RoleAssignment,
    RoleName,
    Series,
    User,
    utcnow,
)
from confsite.services import login_sessions
from confsite.services.changes import record_event_change, touch_event
from confsite.services.transaction import committing

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
MAX_DISPLAY_NAME = 200
RESET_SALT = "confsite-password-reset"


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


@lru_cache(maxsize=1024)
def _normalised_address(address: str) -> str:
    # Cached: a form's check and the service's each ask about the same address.
    return validate_email(address, check_deliverability=False).normalized.lower()


def normalise_email(email: str) -> str:
    try:
        return _normalised_address(email.strip())
    except EmailNotValidError as exc:
        raise AccountError(f"{email!r} is not a valid e-mail address: {exc}") from None


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def create_user(
    email: str,
    password: str,
    *,
    display_name: str = "",
    is_admin: bool = False,
    claim: bool = True,
) -> User:
    """Create a user. Commits.

    With ``claim`` (administrators creating accounts) role invitations sent to the
    address become the user's at once; self-service sign-ups pass ``claim=False`` and
    claim them only once they prove the address is theirs (``confirm_address``).
    """
    address = normalise_email(email)
    if user_by_email(address) is not None:
        raise AccountError(f"a user with e-mail {address} already exists")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    _check_display_name(display_name)
    with committing():
        user = User(email=address, display_name=display_name.strip(), is_admin=is_admin)
        user.set_password(password)
        db.session.add(user)
        db.session.flush()
        if claim:
            claim_invitations(user)
    return user


def sign_up(email: str, password: str, *, display_name: str) -> tuple[User, bool]:
    """Self-service sign-up; returns ``(user, created)``. Commits when it creates.

    Mistakes in the password or name are raised (they say nothing about the address).
    An address that already has an account is *not* an error: the caller answers
    exactly as for a new one and e-mails that account's holder instead
    (``account_mail.send_sign_up_attempt``), so the form never tells whether an
    address has an account. The time spent hashing is the same on both paths.
    """
    address = normalise_email(email)
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    _check_display_name(display_name)
    existing = user_by_email(address)
    if existing is None:
        try:
            return create_user(address, password, display_name=display_name, claim=False), True
        except (AccountError, IntegrityError):  # the same address signed up concurrently
            existing = user_by_email(address)
            if existing is None:
                raise
    _spend_as_long_as_a_password_check(password)
    return existing, False


def may_mail_sign_up_attempt(address: str, client: str | None) -> bool:
    """Whether another "someone tried to sign up with your address" e-mail may go out
    (the password-reset limits, counted apart), so sign-up cannot flood a mailbox."""
    per_address = limits.hit(
        f"signup-address:{address.strip().lower()}", int(current_app.config["RESET_MAILS_PER_ADDRESS"]), 3600
    )
    per_client = not client or limits.hit(
        f"signup-client:{client}", int(current_app.config["RESET_MAILS_PER_CLIENT"]), 3600
    )
    return per_address and per_client


def _check_display_name(name: str) -> None:
    if len(name.strip()) > MAX_DISPLAY_NAME:
        raise AccountError(f"the name is too long (at most {MAX_DISPLAY_NAME} characters)")
    if "\x00" in name:
        raise AccountError("the name contains a NUL character")


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"the password must have at most {MAX_PASSWORD_LENGTH} characters"
    return None


# --- logging in, throttled -------------------------------------------------------------


class LoginThrottled(AccountError):
    """Too many failed log-ins for one address recently; the message says when to retry."""


def _throttle_window() -> timedelta:
    return timedelta(seconds=int(current_app.config["LOGIN_THROTTLE_WINDOW"]))


def recent_login_failures(email: str, now: datetime | None = None) -> int:
    since = (now or utcnow()) - _throttle_window()
    return int(
        db.session.scalar(
            sa.select(sa.func.count(LoginFailure.id)).where(
                LoginFailure.email == email, LoginFailure.at > since
            )
        )
        or 0
    )


def authenticate(
    email: str, password: str, now: datetime | None = None, *, client: str | None = None
) -> User | None:
    """The user with these credentials, or None; commits the failure count.

    After ``LOGIN_THROTTLE_ATTEMPTS`` failures within ``LOGIN_THROTTLE_WINDOW`` seconds
    an address is refused without even checking the password (``LoginThrottled``), so
    guessing gets nowhere; a success clears the count. Unknown addresses are counted
    like known ones, so the answer does not reveal which addresses have accounts.

    The attempt is recorded *before* the check and the count read after it, so
    parallel attempts cannot all see a count below the limit. ``client`` (the remote
    address) is also limited across accounts (``LOGIN_CLIENT_ATTEMPTS`` per window,
    shared through ``confsite.limits``).
    """
    now = now or utcnow()
    address = email.strip().lower()[:254]
    minutes = max(int(_throttle_window().total_seconds() // 60), 1)
    window = int(_throttle_window().total_seconds())
    if client and not limits.hit(
        f"login-client:{client}", int(current_app.config["LOGIN_CLIENT_ATTEMPTS"]), window
    ):
        raise LoginThrottled(f"Too many log-in attempts from your network. Wait {minutes} minutes.")
    attempt = LoginFailure(email=address, at=now)
    db.session.add(attempt)
    db.session.commit()
    if recent_login_failures(address, now) > int(current_app.config["LOGIN_THROTTLE_ATTEMPTS"]):
        db.session.delete(attempt)  # refused attempts do not lengthen the wait
        db.session.commit()
        raise LoginThrottled(
            f"Too many failed attempts for this address. Wait {minutes} minutes, or reset your password."
        )
    user = user_by_email(address)
    if user is None:
        _spend_as_long_as_a_password_check(password)
    elif user.active and user.check_password(password):
        db.session.execute(sa.delete(LoginFailure).where(LoginFailure.email == address))
        db.session.commit()
        return user
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.at <= now - _throttle_window()))
    db.session.commit()
    return None


def may_send_reset(address: str, client: str | None) -> bool:
    """Whether another password-reset e-mail may go to ``address`` for ``client``:
    ``RESET_MAILS_PER_ADDRESS`` and ``RESET_MAILS_PER_CLIENT`` per hour, so the form
    cannot be used to flood a mailbox or to send mail in bulk."""
    per_address = limits.hit(
        f"reset-address:{address.strip().lower()}", int(current_app.config["RESET_MAILS_PER_ADDRESS"]), 3600
    )
    per_client = not client or limits.hit(
        f"reset-client:{client}", int(current_app.config["RESET_MAILS_PER_CLIENT"]), 3600
    )
    return per_address and per_client


_DUMMY_HASH: list[str] = []


def _spend_as_long_as_a_password_check(password: str) -> None:
    """Hash anyway for unknown addresses, so response times do not reveal accounts."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(generate_password_hash("not a real password"))
    check_password_hash(_DUMMY_HASH[0], password)


# --- password reset ------------------------------------------------------------------


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user: User) -> str:
    """Changes whenever the password (or address) changes, killing older reset links."""
    return hashlib.sha256(f"{user.password_hash}|{user.email}".encode()).hexdigest()[:32]


def reset_max_age() -> int:
    return int(current_app.config.get("PASSWORD_RESET_MAX_AGE", 3600))


def password_reset_token(user: User) -> str:
    """A signed, expiring token that works until the password changes (so only once)."""
    return _reset_serializer().dumps({"user": user.id, "fp": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """The user a reset token is for, or None if it is forged, expired or used."""
    if not token or len(token) > 500:
        return None
    try:
        data = _reset_serializer().loads(token, max_age=reset_max_age())
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = db.session.get(User, data["user"])
    if user is None or not user.active or data.get("fp") != _password_fingerprint(user):
        return None
    return user


def set_new_password(user: User, password: str, *, keep_session: str | None = None) -> None:
    """Set a password (reset or change); clears throttling and ends every login
    session of the account but the one with token ``keep_session``. Commits."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    user.set_password(password)
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.email == user.email))
    db.session.commit()
    login_sessions.end_others(user, keep_session)


# --- proving an address ------------------------------------------------------------------

ADDRESS_SALT = "confsite-address-confirmation"
ADDRESS_MAX_AGE = 7 * 24 * 3600


def address_token(user: User) -> str:
    """A signed token tying the user to their current address (sent to that address)."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=ADDRESS_SALT).dumps(
        {"user": user.id, "email": user.email}
    )


def confirm_address(token: str) -> User | None:
    """Claim the invitations of the address a token was sent to; None if the token is
    forged, expired, or the account's address changed since. Commits."""
    if not token or len(token) > 500:
        return None
    try:
        data = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=ADDRESS_SALT).loads(
            token, max_age=ADDRESS_MAX_AGE
        )
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = db.session.get(User, data["user"])
    if user is None or not user.active or data.get("email") != user.email:
        return None
    claim_invitations(user)
    db.session.commit()
    return user


# --- the account page ------------------------------------------------------------------


def update_profile(user: User, *, display_name: str, email: str) -> None:
    """Change name and address; a new address must be free. Commits."""
    name = display_name.strip()
    _check_display_name(name)
    address = normalise_email(email)
    if address != user.email:
        other = user_by_email(address)
        if other is not None and other.id != user.id:
            raise AccountError(f"another account already uses {address}")
    user.display_name = name
    user.email = address  # invitations to the new address wait for confirm_address
    db.session.commit()


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
    series = (
        db.session.scalar(sa.select(Series).where(Series.slug == slug)) if kind in ("", "series") else None
    )
    if event is not None and series is not None:
        raise AccountError(f"{slug!r} is both an event and a series: write event:{slug} or series:{slug}")
    found = event or series
    if found is None:
        raise AccountError(f"no event or series with slug {slug!r}")
    return found


def _role_text(role: RoleName, address: str, organisation: Organisation | None) -> str:
    """How a role appears in the change log: ``partner: ana@example.org (ACIS)``."""
    return f"{role.value}: {address}" + (f" ({organisation.name})" if organisation is not None else "")


def grant_role(
    email: str,
    role: RoleName,
    target: str | Event | Series,
    *,
    organisation: str | None = None,
    by: User | None = None,
) -> RoleAssignment:
    """Give a role on an event or series to an address (an invitation if no account yet).

    Granting a role already held returns the existing assignment. Commits; an event's
    pages name its people, so the event is marked as changed, and its change log records
    the grant with ``by`` (whoever gave it: the organiser, or an API token's owner).
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
    with committing():
        if existing is not None:
            before = _role_text(role, address, existing.organisation)
            if org is not None:
                existing.organisation = org
            assignment = existing
            after = _role_text(role, address, existing.organisation)
            if isinstance(scope, Event) and before != after:
                record_event_change(scope, "role", before, after, by)
        else:
            assignment = RoleAssignment(
                email=address,
                user=user_by_email(address),
                role=role,
                organisation=org,
                event=scope if is_event else None,
                series=None if is_event else scope,
            )
            db.session.add(assignment)
            if isinstance(scope, Event):
                record_event_change(scope, "role", "", _role_text(role, address, org), by)
        if isinstance(scope, Event):
            touch_event(scope)
    return assignment


def remove_role(assignment: RoleAssignment, *, by: User | None = None) -> None:
    """Take a role away (an unclaimed invitation simply lapses). Commits; an event's
    change log records who took it."""
    with committing():
        if assignment.event is not None:
            touch_event(assignment.event)
            text = _role_text(assignment.role, assignment.email, assignment.organisation)
            record_event_change(assignment.event, "role", text, "", by)
        db.session.delete(assignment)


def set_language(user: User, language: str) -> None:
    """Remember the language this person reads the site and their e-mails in."""
    if language not in LANGUAGES:
        raise AccountError(f"{language!r} is not one of the site's languages")
    user.language = language
    db.session.commit()
