"""Who may see and do what. Every write view checks one of these server-side."""

from __future__ import annotations

from typing import TypeGuard

import sqlalchemy as sa
from flask import g, has_request_context

from confsite.extensions import db
from confsite.models import Event, EventStatus, RoleAssignment, RoleName, Series, User


def _signed_in(user: User | None) -> TypeGuard[User]:
    return user is not None and getattr(user, "is_authenticated", False)


def event_roles(user: User | None, event: Event) -> frozenset[RoleName]:
    """Roles ``user`` holds on ``event``, directly or through its series (cached per request)."""
    if not _signed_in(user):
        return frozenset()
    key = ("event_roles", user.id, event.id)
    cache = g.setdefault("_confsite_roles", {}) if has_request_context() else {}
    if key not in cache:
        scope = [RoleAssignment.event_id == event.id]
        if event.series_id is not None:
            scope.append(RoleAssignment.series_id == event.series_id)
        rows = db.session.scalars(
            sa.select(RoleAssignment.role).where(RoleAssignment.user_id == user.id, sa.or_(*scope))
        ).all()
        cache[key] = frozenset(rows)
    return cache[key]


def series_roles(user: User | None, series: Series) -> frozenset[RoleName]:
    if not _signed_in(user):
        return frozenset()
    rows = db.session.scalars(
        sa.select(RoleAssignment.role).where(
            RoleAssignment.user_id == user.id, RoleAssignment.series_id == series.id
        )
    ).all()
    return frozenset(rows)


def is_admin(user: User | None) -> bool:
    return _signed_in(user) and bool(user.is_admin)


def can_manage_event(user: User | None, event: Event) -> bool:
    return is_admin(user) or RoleName.ORGANISER in event_roles(user, event)


def can_manage_series(user: User | None, series: Series) -> bool:
    return is_admin(user) or RoleName.ORGANISER in series_roles(user, series)


def has_event_role(user: User | None, event: Event, *roles: RoleName) -> bool:
    """True if the user holds any of ``roles`` on the event (admins hold every role)."""
    return is_admin(user) or bool(event_roles(user, event) & set(roles))


def can_view_event(user: User | None, event: Event) -> bool:
    """Published and cancelled events are public; drafts only for people with a role."""
    if event.status != EventStatus.DRAFT:
        return True
    return is_admin(user) or bool(event_roles(user, event))


def managed_event_ids(user: User | None) -> sa.Select | None:
    """A subquery of ids of events the user organises (None = all, for admins)."""
    if is_admin(user):
        return None
    if not _signed_in(user):
        return sa.select(Event.id).where(sa.false())
    series_ids = sa.select(RoleAssignment.series_id).where(
        RoleAssignment.user_id == user.id,
        RoleAssignment.role == RoleName.ORGANISER,
        RoleAssignment.series_id.is_not(None),
    )
    event_ids = sa.select(RoleAssignment.event_id).where(
        RoleAssignment.user_id == user.id,
        RoleAssignment.role == RoleName.ORGANISER,
        RoleAssignment.event_id.is_not(None),
    )
    return sa.select(Event.id).where(sa.or_(Event.id.in_(event_ids), Event.series_id.in_(series_ids)))
