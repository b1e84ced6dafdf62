"""Who may do what with take-home messages.

The capture team of an event is its organisers (and site admins), rapporteurs and
chairs; besides them, a person listed as a session's chair, with their account linked,
captures that one session without holding any role on the event.
"""

from __future__ import annotations

from typing import TypeGuard

from confsite.api import Event, RoleName, Session, User, can_manage_event, has_event_role

CAPTURE_ROLES = (RoleName.ORGANISER, RoleName.RAPPORTEUR, RoleName.CHAIR)


def signed_in(user: User | None) -> TypeGuard[User]:
    """A signed-in user (not None, not Flask-Login's anonymous user)."""
    return user is not None and bool(getattr(user, "is_authenticated", False))


def chairs_session(user: User | None, session: Session) -> bool:
    """The user's own person record chairs this session."""
    return signed_in(user) and any(p.user_id == user.id for p in session.chairs)


def can_capture_event(user: User | None, event: Event) -> bool:
    """Rapporteurs, chairs and organisers of the event (and admins)."""
    return has_event_role(user, event, *CAPTURE_ROLES)


def can_capture(user: User | None, session: Session) -> bool:
    """May write, reorder and publish the messages of ``session``."""
    return can_capture_event(user, session.event) or chairs_session(user, session)


def can_see_history(user: User | None, event: Event) -> bool:
    """The history and the suggestions switch are for the event's organisers."""
    return can_manage_event(user, event)
