"""Lifecycle events: what happened, delivered to plugins through one typed hook.

Core code calls :func:`confsite.plugins.notify` with one of these after the change is
committed, so a plugin never sees a change that was rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from confsite.models import Event, Registration, Session, User


@dataclass(frozen=True)
class RegistrationCreated:
    registration: Registration


@dataclass(frozen=True)
class RegistrationCancelled:
    registration: Registration


@dataclass(frozen=True)
class RegistrationPromoted:
    """A waitlisted registration became confirmed."""

    registration: Registration


@dataclass(frozen=True)
class CheckedIn:
    registration: Registration
    undone: bool = False


@dataclass(frozen=True)
class EventPublished:
    event: Event
    by: User | None = None


@dataclass(frozen=True)
class SessionChanged:
    """A session was created, changed, cancelled or deleted; ``fields`` names what."""

    session: Session
    fields: tuple[str, ...]
    by: User | None = None


LifecycleEvent = (
    RegistrationCreated
    | RegistrationCancelled
    | RegistrationPromoted
    | CheckedIn
    | EventPublished
    | SessionChanged
)


def event_of(happening: LifecycleEvent) -> Event:
    """The confsite event a lifecycle event belongs to (for per-event enablement)."""
    if isinstance(happening, EventPublished):
        return happening.event
    if isinstance(happening, SessionChanged):
        return happening.session.event
    return happening.registration.event
