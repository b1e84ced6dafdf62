"""Who gets an online event's join link, and when.

The link goes to confirmed registrants only: never to the waiting list, never into
public pages or feeds. Organisers may hold it back until ``join_release_minutes``
before the start; the periodic :func:`send_joining_details` then mails it out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from confsite import jobs, mail
from confsite.extensions import db
from confsite.i18n import _
from confsite.models import Event, EventStatus, Registration, RegistrationStatus, utcnow


def release_at(event: Event) -> datetime | None:
    """When a held-back link appears (None: it is not held back)."""
    if event.join_release_minutes is None:
        return None
    return event.start_at - timedelta(minutes=event.join_release_minutes)


def is_released(event: Event, now: datetime | None = None) -> bool:
    moment = release_at(event)
    return moment is None or (now or utcnow()) >= moment


def join_url_for(registration: Registration | None, now: datetime | None = None) -> str | None:
    """The join URL ``registration`` may see now, or None."""
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return None
    event = registration.event
    if not event.online_url or event.is_cancelled or not is_released(event, now):
        return None
    return event.online_url


def _events_to_release(now: datetime) -> list[Event]:
    candidates = db.session.scalars(
        sa.select(Event).where(
            Event.join_release_minutes.is_not(None),
            Event.join_details_sent_at.is_(None),
            Event.online_url.is_not(None),
            Event.status == EventStatus.PUBLISHED,
            Event.end_at > now,
        )
    )
    return [event for event in candidates if is_released(event, now)]


def queue_joining_details(event: Event) -> int:
    """Queue the "joining details" e-mail to each confirmed registrant (once each)."""
    registrations = db.session.scalars(
        sa.select(Registration).where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED
        )
    )
    queued = 0
    for registration in registrations:
        message = mail.compose(
            "joining_details",
            to=registration.email,
            subject=_("Joining details for %(title)s", title=event.title),
            registration=registration,
            event=event,
            join_url=event.online_url,
            links={"event_url": ("public.event", {"slug": event.slug})},
        )
        key = f"join:{event.id}:{registration.id}:{event.start_at.isoformat()}"
        queued += mail.queue(message, key=key, batch=f"join:{event.id}") is not None
    return queued


@jobs.periodic(minute="*")
def send_joining_details(now: str | None = None) -> None:
    """Mail held-back join links whose time has come (runs every minute)."""
    moment = datetime.fromisoformat(now) if now else utcnow()
    for event in _events_to_release(moment):
        queue_joining_details(event)
        event.join_details_sent_at = moment
        db.session.commit()
