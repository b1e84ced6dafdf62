"""The e-mails attendees get about their registration."""

from __future__ import annotations

from confsite import mail
from confsite.i18n import _l
from confsite.models import Registration, RegistrationStatus
from confsite.services import ical, join_links

SUBJECTS = {
    "confirmed": _l("Your place at %(title)s is confirmed"),
    "waitlisted": _l("You are on the waiting list for %(title)s"),
    "promoted": _l("A place opened up: you are now registered for %(title)s"),
    "cancelled": _l("Your registration for %(title)s is cancelled"),
    "link": _l("Your registration for %(title)s"),
}


def message_kind(registration: Registration, what: str) -> str:
    if what == "created":
        return "waitlisted" if registration.status == RegistrationStatus.WAITLISTED else "confirmed"
    return what


def send_for(registration: Registration, what: str, *, manage_token: str | None = None) -> bool:
    """Queue the message for ``what`` happened (created / promoted / cancelled / link)."""
    # registration -> notifications -> this module: import at call time to break the cycle
    from confsite.services.registration import waitlist_position  # noqa: PLC0415

    kind = message_kind(registration, what)
    event = registration.event
    join_url = join_links.join_url_for(registration)
    attachments: list[mail.Attachment] = []
    if kind in ("confirmed", "promoted"):
        attachments.append(
            (f"{event.slug}.ics", "text/calendar", ical.registrant_calendar_bytes(event, join_url))
        )
    message = mail.compose(
        f"registration_{kind}",
        to=registration.email,
        subject=str(SUBJECTS[kind] % {"title": event.title}),
        heading=event.title,
        attachments=attachments,
        registration=registration,
        event=event,
        kind=kind,
        position=waitlist_position(registration),
        join_url=join_url,
        join_release_at=join_links.release_at(event) if event.online_url and not join_url else None,
        links={
            "event_url": ("public.event", {"slug": event.slug}),
            "manage_url": ("public.manage_registration", {"slug": event.slug, "token": manage_token})
            if manage_token
            else None,
        },
    )
    return mail.send(message)
