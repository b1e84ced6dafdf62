"""The e-mails attendees get about their registration."""

from __future__ import annotations

from confsite import mail
from confsite.i18n import _l
from confsite.models import Registration, RegistrationStatus
from confsite.plugins import host
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


def recipient_language(registration: Registration) -> str | None:
    """The account's language, else the one the person registered in."""
    user = registration.user
    return (user.language if user is not None else None) or registration.language


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
        subject=lambda: str(SUBJECTS[kind]) % {"title": event.title},
        language=recipient_language(registration),
        heading=event.title,
        attachments=attachments,
        registration=registration,
        event=event,
        kind=kind,
        position=waitlist_position(registration),
        join_url=join_url,
        join_release_at=join_links.release_at(event) if event.online_url and not join_url else None,
        plugin_blocks=plugin_mail_blocks(registration, kind),
        links={
            "event_url": ("public.event", {"slug": event.slug}),
            "manage_url": ("public.manage_registration", {"slug": event.slug, "token": manage_token})
            if manage_token
            else None,
        },
    )
    return mail.send(message)


def plugin_mail_blocks(registration: Registration, kind: str) -> list[str]:
    """The paragraphs plugins enabled on the event add to this kind of e-mail
    (``mail_blocks`` hook), in their order; templates show them with
    ``{% include "email/_plugin_blocks.txt" %}``. The one place mail asks plugins: any
    e-mail about a registration (confirmation, reminder...) passes its result on."""
    blocks = sorted(
        host().collect("mail_blocks", event=registration.event, registration=registration, kind=kind),
        key=lambda block: (block.order, block.plugin),
    )
    return [block.text.strip() for block in blocks if block.text.strip()]
