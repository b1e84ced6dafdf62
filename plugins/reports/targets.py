"""What a report, its policy areas and its votes belong to: one event or one series.

A :class:`Target` wraps either, so services and views treat both alike; the URL
names it as ``events/<slug>`` or ``series/<slug>``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, overload

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.api import (
    Event,
    Organisation,
    ReportScope,
    RoleAssignment,
    RoleName,
    Series,
    Session,
    User,
    can_manage_event,
    can_manage_series,
    db,
    event_by_slug,
    scope_for_event,
    scope_for_series,
    series_by_slug,
)

from .models import PolicyArea, ReportSettings

Kind = Literal["events", "series"]


class ReportError(ValueError):
    """A request the report plugin refuses; the message tells the user why."""


class NotAllowed(ReportError):
    """The user may not do this (answered with 403)."""


@dataclass(frozen=True)
class Target:
    event: Event | None = None
    series: Series | None = None

    @property
    def kind(self) -> Kind:
        return "events" if self.event is not None else "series"

    @property
    def obj(self) -> Event | Series | None:
        """The wrapped event or series; None only when built from a missing one."""
        return self.event if self.event is not None else self.series

    def require_obj(self) -> Event | Series:
        obj = self.obj
        assert obj is not None, "an empty Target names nothing"
        return obj

    def require_series(self) -> Series:
        """The series, for code past an ``event is not None`` branch: a Target wraps
        an event or a series, so without an event it wraps a series."""
        assert self.series is not None, "a Target wraps an event or a series"
        return self.series

    @property
    def slug(self) -> str:
        return self.require_obj().slug

    @property
    def title(self) -> str:
        return self.require_obj().title

    def owns(self, row) -> bool:
        """Whether ``row`` (anything with event_id and series_id) belongs to this target."""
        if self.event is not None:
            return row.event_id == self.event.id
        return row.series_id == self.require_series().id

    def filter(self, model):
        """A WHERE clause selecting ``model`` rows that belong to this target."""
        if self.event is not None:
            return model.event_id == self.event.id
        return model.series_id == self.require_series().id

    @property
    def url_args(self) -> dict[str, str]:
        """The URL argument naming this target in the plugin's scoped routes."""
        if self.event is not None:
            return {"event_slug": self.event.slug}
        return {"series_slug": self.require_series().slug}

    def scope_kwargs(self) -> dict:
        return {"event": self.event} if self.event is not None else {"series": self.series}


def target_from_cli(text: str) -> Target:
    """An event or series from ``slug``, ``event:slug`` or ``series:slug``."""
    prefix, _, slug = text.rpartition(":")
    event = event_by_slug(slug) if prefix in ("", "event") else None
    series = series_by_slug(slug) if prefix in ("", "series") else None
    if event is not None and series is not None:
        raise ReportError(f"{slug!r} is both an event and a series: write event:{slug} or series:{slug}")
    if event is None and series is None:
        raise ReportError(f"no event or series with slug {slug!r}")
    return Target(event=event, series=series)


@overload
def settings_of(target: Target, create: Literal[True]) -> ReportSettings: ...
@overload
def settings_of(target: Target, create: bool = False) -> ReportSettings | None: ...
def settings_of(target: Target, create: bool = False) -> ReportSettings | None:
    """The target's report settings; with ``create``, made (and added) when missing."""
    found = db.session.scalar(sa.select(ReportSettings).where(target.filter(ReportSettings)))
    if found is None and create:
        found = ReportSettings(**target.scope_kwargs(), section_order=[], hidden_sections=[])
        db.session.add(found)
    return found


def scope_of(target: Target) -> ReportScope:
    """The report scope: the event, or the series' events within the chosen period;
    when the organisers chose events explicitly, only those."""
    if target.event is not None:
        return scope_for_event(target.event)
    settings = settings_of(target)
    scope = scope_for_series(
        target.require_series(),
        settings.period_start if settings else None,
        settings.period_end if settings else None,
    )
    chosen = set(settings.event_ids or []) if settings else set()
    if chosen:
        scope = replace(scope, events=tuple(e for e in scope.events if e.id in chosen))
    return scope


def is_organiser(user: User | None, target: Target) -> bool:
    if target.event is not None:
        return can_manage_event(user, target.event)
    return can_manage_series(user, target.require_series())


def partner_organisation(user: User | None, target: Target) -> Organisation | None:
    """The organisation ``user`` represents as a partner of the target (an event's
    partners include its series' partners); None if they are no partner."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if target.event is not None:
        scope = [RoleAssignment.event_id == target.event.id]
        if target.event.series_id is not None:
            scope.append(RoleAssignment.series_id == target.event.series_id)
    else:
        scope = [RoleAssignment.series_id == target.require_series().id]
    assignment = db.session.scalar(
        sa.select(RoleAssignment)
        .where(
            RoleAssignment.user_id == user.id,
            RoleAssignment.role == RoleName.PARTNER,
            RoleAssignment.organisation_id.is_not(None),
            sa.or_(*scope),
        )
        .order_by(RoleAssignment.id)
        .limit(1)
    )
    return assignment.organisation if assignment is not None else None


def can_take_part(user: User | None, target: Target) -> bool:
    """Organisers and partners see the workspace, recommendations and results."""
    return is_organiser(user, target) or partner_organisation(user, target) is not None


def areas_of(target: Target) -> list[PolicyArea]:
    return list(
        db.session.scalars(
            sa.select(PolicyArea)
            .where(target.filter(PolicyArea))
            .order_by(PolicyArea.position, PolicyArea.id)
        )
    )


def areas_in_scope(scope: ReportScope) -> list[PolicyArea]:
    """Areas of the series itself (series reports) and of every event covered."""
    conditions = []
    if scope.series is not None and scope.event is None:
        conditions.append(PolicyArea.series_id == scope.series.id)
    event_ids = [event.id for event in scope.events]
    if event_ids:
        conditions.append(PolicyArea.event_id.in_(event_ids))
    if not conditions:
        return []
    areas = db.session.scalars(
        sa.select(PolicyArea)
        .where(sa.or_(*conditions))
        .options(selectinload(PolicyArea.session).selectinload(Session.event))
    ).all()
    event_rank = {event_id: index for index, event_id in enumerate(event_ids)}
    return sorted(
        areas,
        key=lambda a: (-1 if a.event_id is None else event_rank[a.event_id], a.position, a.id),
    )


def owner_target(area: PolicyArea) -> Target:
    return Target(event=area.event) if area.event_id is not None else Target(series=area.series)
