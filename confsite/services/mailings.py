"""Organisers' messages to an event's registrants, speakers and chairs.

The message is Markdown: the HTML part is rendered and sanitised by ``confsite.rich_text``,
the plain-text part is the Markdown itself. Sending is a job that queues one
e-mail per recipient (nobody sees another's address); each message's status in the
outbox (sent, retrying, failed, refused) is the per-recipient status shown live.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from confsite import jobs, mail, rich_text
from confsite.extensions import db
from confsite.i18n import _
from confsite.models import Audience, Event, Mailing, Registration, RegistrationStatus, User, utcnow
from confsite.services import outbox
from confsite.services.agenda import event_people
from confsite.services.transaction import committing

MAX_BODY = 20_000


class MailingError(ValueError):
    """A message that cannot be sent as it is; the text says why (for the form)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


def render_markdown(text: str) -> str:
    """Sanitised HTML of an organiser's Markdown (raw HTML is not passed through)."""
    return str(rich_text.to_html(text))


def recipients(event: Event, audience: Audience) -> list[Recipient]:
    """Who ``audience`` means for ``event``, one entry per address, by address."""
    if audience == Audience.SPEAKERS:
        found = [Recipient(p.name, p.email.strip().lower()) for p in event_people(event) if p.email]
    else:
        query = sa.select(Registration.name, Registration.email).where(Registration.event_id == event.id)
        confirmed = Registration.status == RegistrationStatus.CONFIRMED
        query = query.where(
            {
                Audience.CONFIRMED: confirmed,
                Audience.WAITLISTED: Registration.status == RegistrationStatus.WAITLISTED,
                Audience.CHECKED_IN: sa.and_(confirmed, Registration.checked_in_at.is_not(None)),
                Audience.NOT_CHECKED_IN: sa.and_(confirmed, Registration.checked_in_at.is_(None)),
                Audience.ALL: Registration.status.in_(
                    [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
                ),
            }[audience]
        )
        found = [Recipient(name, email) for name, email in db.session.execute(query)]
    unique = {r.email: r for r in found}
    return sorted(unique.values(), key=lambda r: r.email)


def parse_audience(value: str | None) -> Audience:
    try:
        return Audience(value)
    except ValueError:
        raise MailingError("audience", _("Choose who the message is for.")) from None


def check(
    event: Event, audience_value: str | None, subject: str, body: str
) -> tuple[Audience, list[Recipient]]:
    """Refuse an unknown audience, an empty subject or body, or nobody to send to."""
    audience = parse_audience(audience_value)
    if not subject.strip():
        raise MailingError("subject", _("Give the message a subject."))
    if not body.strip():
        raise MailingError("body", _("Write the message."))
    if len(body) > MAX_BODY:
        raise MailingError("body", _("The message is too long (at most %(n)s characters).", n=MAX_BODY))
    found = recipients(event, audience)
    if not found:
        raise MailingError("audience", _("Nobody is in this group yet: the message would reach no one."))
    return audience, found


def create_mailing(
    event: Event, audience_value: str | None, subject: str, body: str, user: User | None
) -> Mailing:
    """Record the message and start the job that sends it (commits)."""
    audience, found = check(event, audience_value, subject, body)
    with committing():
        mailing = Mailing(
            event_id=event.id,
            audience=audience,
            subject=subject.strip()[:300],
            body=body,
            sent_by_id=user.id if user else None,
            recipient_count=len(found),
        )
        db.session.add(mailing)
        db.session.flush()
        jobs.enqueue(send_mailing, mailing.id)
    return mailing


@jobs.job(retries=3, retry_delay=60)
def send_mailing(mailing_id: int) -> None:
    """Queue one e-mail per recipient; a retry skips those already queued (keys)."""
    mailing = db.session.get(Mailing, mailing_id)
    if mailing is None or mailing.queued_at is not None:
        return
    event = db.session.get(Event, mailing.event_id)
    if event is None:  # the event was deleted since the mailing was queued
        return
    html = render_markdown(mailing.body)
    for recipient in recipients(event, mailing.audience):
        message = mail.compose(
            "organiser_message",
            to=recipient.email,
            subject=mailing.subject,
            heading=event.title,
            html_body=html,
            body_text=mailing.body,
            recipient=recipient,
            event=event,
            links={"event_url": ("public.event", {"slug": event.slug})},
        )
        mail.queue(message, key=f"{mailing.batch}:{recipient.email}", batch=mailing.batch)
    mailing.queued_at = utcnow()
    db.session.commit()


def mailings_of(event: Event) -> list[Mailing]:
    """The event's messages, newest first (the log)."""
    return list(
        db.session.scalars(
            sa.select(Mailing)
            .where(Mailing.event_id == event.id)
            .order_by(Mailing.created_at.desc(), Mailing.id.desc())
        )
    )


def mailing_of(event: Event, mailing_id: int) -> Mailing | None:
    mailing = db.session.get(Mailing, mailing_id)
    return mailing if mailing is not None and mailing.event_id == event.id else None


def progress(mailing: Mailing) -> dict[str, object]:
    """What the live progress shows: counts per status and whether it is finished."""
    counts = outbox.batch_counts(mailing.batch)
    settled = counts["sent"] + counts["failed"] + counts["bounced"]
    return {
        "total": mailing.recipient_count,
        "counts": counts,
        "done": mailing.queued_at is not None and settled >= mailing.recipient_count,
    }
