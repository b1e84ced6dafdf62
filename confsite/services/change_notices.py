"""Change notices: registrants hear when a session moves or the event is cancelled.

Every qualifying change (a session's time, room or status, a deleted session, the
event's time or status) calls :func:`request`, which stamps the event and schedules a
job ``CHANGE_NOTICE_DELAY`` seconds later. Only the job of the latest stamp sends, so
several edits within a few minutes make one notice. Each confirmed registrant gets one
e-mail listing the changes, with iTIP attachments that update the entries they
imported from the confirmation (services.itip). Re-running the job sends nothing new.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from confsite import jobs, mail
from confsite.extensions import db
from confsite.i18n import _
from confsite.models import Event, Registration, RegistrationStatus, Session, SessionChange, utcnow
from confsite.services import itip, join_links

# A later stamp than the job's (beyond rounding by the database) means a later edit.
_SAME_STAMP = timedelta(milliseconds=1)
NOTICE_FIELDS = ("time", "room", "status", "deleted")


def request(event: Event, at: datetime | None = None) -> None:
    """Ask for a notice about ``event`` covering changes logged up to ``at`` (default:
    now); debounced, and sent only after the caller commits."""
    now = at or utcnow()
    event.notice_requested_at = now
    delay = int(current_app.config.get("CHANGE_NOTICE_DELAY", 300))
    jobs.enqueue(send_change_notice, event.id, now.isoformat(), delay=delay)


def changes_since(event: Event, since: datetime | None, until: datetime) -> list[SessionChange]:
    query = sa.select(SessionChange).where(
        SessionChange.event_id == event.id, SessionChange.field.in_(NOTICE_FIELDS), SessionChange.at <= until
    )
    if since is not None:
        query = query.where(SessionChange.at > since)
    return list(db.session.scalars(query.order_by(SessionChange.at, SessionChange.id)))


def _local_span(value: str, event: Event) -> str:
    """A logged "start – end" (ISO, UTC) in the event's own time."""
    try:
        start, end = (datetime.fromisoformat(part.strip()) for part in value.split("–"))
    except ValueError:
        return value
    start, end = event.local(start), event.local(end)
    return f"{start:%a %d %b %Y %H:%M}–{end:%H:%M}"


def notice_lines(event: Event, changes: list[SessionChange]) -> list[str]:
    """One line per change, in the registrant's words."""
    ids = {c.session_id for c in changes if c.session_id is not None}
    titles = (
        dict(db.session.execute(sa.select(Session.id, Session.title).where(Session.id.in_(ids))).all())
        if ids
        else {}
    )
    lines = []
    for change in changes:
        title = (titles.get(change.session_id) if change.session_id is not None else None) or change.before
        if change.field == "time":
            what = _("now %(when)s", when=_local_span(change.after, event))
        elif change.field == "room":
            what = _("now in %(room)s", room=change.after or _("no room"))
        elif change.field == "status":
            what = (
                _("cancelled")
                if change.after == "cancelled"
                else _("back on: %(status)s", status=change.after)
            )
        else:
            what = _("removed from the programme")
        lines.append(f"{title}: {what}")
    return lines


@jobs.job(retries=3, retry_delay=60)
def send_change_notice(event_id: int, requested: str) -> None:
    """Queue the notice for the edit stamped ``requested`` unless a later edit came
    (its own job will send) or this one was already covered."""
    event = db.session.get(Event, event_id)
    stamp = datetime.fromisoformat(requested)
    if event is None or event.notice_requested_at is None:
        return
    if event.notice_requested_at > stamp + _SAME_STAMP:
        return
    if event.notice_sent_for is not None and event.notice_sent_for + _SAME_STAMP >= stamp:
        return
    changes = changes_since(event, event.notice_sent_for, event.notice_requested_at)
    deleted = itip.deleted_sessions(event, event.notice_sent_for, event.notice_requested_at)
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id)
    )
    batch = f"notice:{event.id}:{requested}"
    for registration in registrations:
        join_url = join_links.join_url_for(registration)
        subject = (
            _("%(title)s is cancelled", title=event.title)
            if event.is_cancelled
            else _("Programme change: %(title)s", title=event.title)
        )
        message = mail.compose(
            "change_notice",
            to=registration.email,
            subject=subject,
            attachments=itip.notice_attachments(event, registration, deleted=deleted, join_url=join_url),
            registration=registration,
            event=event,
            changes=notice_lines(event, changes),
            links={"event_url": ("public.event", {"slug": event.slug})},
        )
        mail.queue(message, key=f"{batch}:{registration.id}", batch=batch)
    event.notice_sent_for = event.notice_requested_at
    db.session.commit()
