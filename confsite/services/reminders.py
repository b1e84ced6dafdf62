"""Reminders: ``reminder_hours`` before an event starts, each confirmed registrant gets
its agenda and joining details by e-mail (organisers set the hours; 0 switches it off).

The periodic job looks for events whose reminder time has come; a message's key holds
the registration and the event's start, so a reminder is never sent twice, and an
event moved to a later date gets a fresh one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from confsite import jobs, mail
from confsite.extensions import db
from confsite.i18n import _
from confsite.models import (
    Event,
    EventStatus,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    Session,
    utcnow,
)
from confsite.services import join_links

LONGEST_REMINDER = timedelta(hours=720)


def events_due(now: datetime) -> list[Event]:
    """Published events whose reminder time has come and which have not started."""
    candidates = db.session.scalars(
        sa.select(Event).where(
            Event.status == EventStatus.PUBLISHED,
            Event.reminder_hours > 0,
            Event.start_at > now,
            Event.start_at <= now + LONGEST_REMINDER,
        )
    )
    return [e for e in candidates if e.start_at - timedelta(hours=e.reminder_hours) <= now]


def batch_name(event: Event) -> str:
    return f"reminder:{event.id}:{event.start_at.isoformat()}"


def queue_reminders(event: Event, now: datetime) -> int:
    """Queue the reminder for each confirmed registrant still without one."""
    batch = batch_name(event)
    done = set(db.session.scalars(sa.select(OutboxMessage.key).where(OutboxMessage.batch == batch)))
    registrations = [
        r
        for r in db.session.scalars(
            sa.select(Registration)
            .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
            .order_by(Registration.id)
        )
        if f"{batch}:{r.id}" not in done
    ]
    if not registrations:
        return 0
    sessions = list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.event_id == event.id)
            .order_by(Session.start_at, Session.position)
        )
    )
    for registration in registrations:
        message = mail.compose(
            "reminder",
            to=registration.email,
            subject=_("Reminder: %(title)s starts soon", title=event.title),
            registration=registration,
            event=event,
            sessions=sessions,
            join_url=join_links.join_url_for(registration, now),
            join_release_at=join_links.release_at(event) if event.online_url else None,
            links={"event_url": ("public.event", {"slug": event.slug})},
        )
        mail.queue(message, key=f"{batch}:{registration.id}", batch=batch)
    return len(registrations)


@jobs.periodic(minute="*/5")
def send_reminders(now: str | None = None) -> None:
    """Queue the reminders whose time has come (every five minutes)."""
    moment = datetime.fromisoformat(now) if now else utcnow()
    for event in events_due(moment):
        queue_reminders(event, moment)
        db.session.commit()
