"""The e-mails attendees get about their registration."""

from __future__ import annotations

from collections.abc import Iterator

from flask import render_template, url_for

from confsite import mail
from confsite.models import Registration, RegistrationStatus

SUBJECTS = {
    "confirmed": "Your place at {title} is confirmed",
    "waitlisted": "You are on the waiting list for {title}",
    "promoted": "A place opened up: you are now registered for {title}",
    "cancelled": "Your registration for {title} is cancelled",
    "link": "Your registration for {title}",
}


def message_kind(registration: Registration, what: str) -> str:
    if what == "created":
        return "waitlisted" if registration.status == RegistrationStatus.WAITLISTED else "confirmed"
    return what


def send_for(registration: Registration, what: str, *, manage_token: str | None = None) -> bool:
    """Send the message for ``what`` happened (created / promoted / cancelled)."""
    from confsite.services.registration import waitlist_position  # noqa: PLC0415  (services.registration sends mail through this module)

    kind = message_kind(registration, what)
    event = registration.event
    manage_url = (
        url_for("public.manage_registration", slug=event.slug, token=manage_token, _external=True)
        if manage_token
        else None
    )
    context = dict(
        registration=registration,
        event=event,
        kind=kind,
        manage_url=manage_url,
        position=waitlist_position(registration),
        event_url=url_for("public.event", slug=event.slug, _external=True),
    )
    text = render_template(f"email/registration_{kind}.txt", **context)
    html = render_template("email/message.html", body=text, heading=event.title, **context)
    attachments = []
    if kind in ("confirmed", "promoted"):
        attachments = list(calendar_attachment(registration))
    message = mail.build_message(
        registration.email, SUBJECTS[kind].format(title=event.title), text, html, attachments
    )
    return mail.send(message)


def calendar_attachment(registration: Registration) -> Iterator[tuple[str, str, bytes]]:
    """The event's .ics, when the calendar module provides one."""
    try:
        from confsite.services.ical import event_calendar_bytes  # noqa: PLC0415  (the calendar module is optional here)
    except ImportError:
        return
    yield (f"{registration.event.slug}.ics", "text/calendar", event_calendar_bytes(registration.event))
