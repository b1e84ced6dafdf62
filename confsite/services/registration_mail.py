"""The e-mails attendees get about their registration, written by a background job.

Rendering one costs far more than the registration itself (the event's whole programme
as an .ics attachment, plugins' blocks, two templates), so the request that registers
only asks for :func:`send_notice`; the job renders the message and queues it in the
outbox. The job also issues the management link the message carries: only the
SHA-256 of a link is stored, so the link is born where the message is, and a secret
never travels through the queue.
"""

from __future__ import annotations

import secrets
from email.message import EmailMessage

from confsite import jobs, mail
from confsite.extensions import db
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


def new_notice(registration: Registration, what: str) -> tuple[str, str]:
    """The kind of message ``what`` happened (created / promoted / cancelled / link) calls
    for, decided now, and an outbox key unique to it: the arguments of :func:`send_notice`."""
    kind = message_kind(registration, what)
    return kind, f"registration:{registration.id}:{kind}:{secrets.token_hex(8)}"


def request_notice(registration: Registration, what: str) -> None:
    """Ask for the e-mail about ``what`` happened to ``registration``; sent by a job once
    the caller's change is committed."""
    jobs.enqueue(send_notice, registration.id, *new_notice(registration, what))


# The status a registration must still have for each kind of message to be sent.
STATUS_OF_KIND = {
    "confirmed": RegistrationStatus.CONFIRMED,
    "promoted": RegistrationStatus.CONFIRMED,
    "waitlisted": RegistrationStatus.WAITLISTED,
    "cancelled": RegistrationStatus.CANCELLED,
}


def still_current(registration: Registration, kind: str) -> bool:
    """Whether a message of ``kind`` still describes ``registration``."""
    expected = STATUS_OF_KIND.get(kind)
    if expected is None:  # a new link: for any registration not cancelled
        return registration.status != RegistrationStatus.CANCELLED
    return registration.status == expected


@jobs.job(retries=5, retry_delay=30, backoff=2.0)
def send_notice(registration_id: int, kind: str, key: str) -> None:
    """Render and queue one registration e-mail (the job :func:`request_notice` asks for).

    Idempotent: ``key``, unique to the request, names the outbox row, and the new
    management link is stored in the transaction that queues its message, so a retry
    after a failure sends once and a retry after success changes nothing. A message
    about a state the registration has already left (promoted before its waiting-list
    notice went out, cancelled before its confirmation) is not sent: the later change
    sends its own. A registration deleted meanwhile gets nothing.
    """
    registration = db.session.get(Registration, registration_id)
    if registration is None or mail.is_queued(key):
        return
    if not still_current(registration, kind):
        return
    token = None if kind == "cancelled" else issue_manage_token(registration)
    mail.queue(compose_for(registration, kind, manage_token=token), key=key)
    db.session.commit()


def issue_manage_token(registration: Registration) -> str:
    """A fresh management link's secret; its hash replaces the stored one (old links
    stop working). The caller commits."""
    # registration -> notifications -> this module: import at call time to break the cycle
    from confsite.services.registration import hash_token  # noqa: PLC0415

    token = secrets.token_urlsafe(32)
    registration.manage_token_hash = hash_token(token)
    return token


def compose_for(registration: Registration, kind: str, *, manage_token: str | None = None) -> EmailMessage:
    """The message of ``kind`` (:func:`message_kind`) to ``registration``'s person, in
    their language."""
    from confsite.services.registration import waitlist_position  # noqa: PLC0415  (as above)

    event = registration.event
    join_url = join_links.join_url_for(registration)
    attachments: list[mail.Attachment] = []
    if kind in ("confirmed", "promoted"):
        attachments.append(
            (f"{event.slug}.ics", "text/calendar", ical.registrant_calendar_bytes(event, join_url))
        )
    return mail.compose(
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
