"""The e-mails attendees get about their registration."""

from __future__ import annotations

from flask import render_template, url_for

from confsite import mail
from confsite.models import Registration, RegistrationStatus
from confsite.plugins import host

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
    from confsite.services.registration import waitlist_position

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
    text = with_plugin_blocks(
        render_template(f"email/registration_{kind}.txt", **context), registration, kind
    )
    html = render_template("email/message.html", body=text, heading=event.title, **context)
    attachments = []
    if kind in ("confirmed", "promoted"):
        attachments = list(calendar_attachment(registration))
    message = mail.build_message(
        registration.email, SUBJECTS[kind].format(title=event.title), text, html, attachments
    )
    return mail.send(message)


def with_plugin_blocks(text: str, registration: Registration, kind: str) -> str:
    """``text`` with the paragraphs plugins enabled on the event add to this kind of
    e-mail (``mail_blocks`` hook), in their order. The one place mail asks plugins:
    any e-mail about a registration (confirmation, reminder...) goes through it."""
    blocks = sorted(
        host().collect("mail_blocks", event=registration.event, registration=registration, kind=kind),
        key=lambda block: (block.order, block.plugin),
    )
    paragraphs = [block.text.strip() for block in blocks if block.text.strip()]
    return "\n\n".join([text.rstrip(), *paragraphs]) + "\n" if paragraphs else text


def calendar_attachment(registration: Registration):  # type: ignore[no-untyped-def]
    """The event's .ics, when the calendar module provides one."""
    try:
        from confsite.services.ical import event_calendar_bytes
    except ImportError:
        return
    yield (f"{registration.event.slug}.ics", "text/calendar", event_calendar_bytes(registration.event))
