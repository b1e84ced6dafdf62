"""iTIP (RFC 5546) calendar objects for change notices.

A registrant imported the confirmation's .ics: each session is an entry with the
session's UID. A ``METHOD:REQUEST`` object with the same UIDs and a higher SEQUENCE
makes calendar clients update those entries in place; ``METHOD:CANCEL`` removes (or
marks cancelled) the ones named. Both carry ORGANIZER and ATTENDEE, as RFC 5546 asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import icalendar
import sqlalchemy as sa
from flask import current_app

from confsite.extensions import db
from confsite.models import Event, Registration, Session, SessionChange, utcnow
from confsite.services import ical


def _organizer() -> str:
    sender = current_app.config["MAIL_SENDER"]
    address = sender.split("<")[-1].rstrip(">").strip()
    return f"mailto:{address}"


def _calendar(
    method: str,
    event: Event,
    entries: list[ical.FeedEntry],
    registration: Registration,
    deleted: Sequence[tuple[str, int, str]] = (),
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", ical.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    components = [ical.vevent(entry) for entry in entries]
    for uid, sequence, title in deleted:
        gone = icalendar.Event()
        gone.add("uid", uid)
        gone.add("dtstamp", utcnow())
        gone.add("sequence", sequence)
        gone.add("dtstart", event.local(event.start_at))
        gone.add("summary", ical.clean_text(f"Cancelled: {title}"))
        components.append(gone)
    for component in components:
        component.add("organizer", _organizer(), parameters={"CN": ical.clean_text(event.title)})
        component.add(
            "attendee",
            f"mailto:{registration.email}",
            parameters={"CN": ical.clean_text(registration.name), "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"},
        )
        if method == "CANCEL":
            component["STATUS"] = icalendar.vText("CANCELLED")
        calendar.add_component(component)
    if entries or deleted:
        first, last = ical.date_range(entries) if entries else ical.year_range(event.start_at, event.end_at)
        calendar.add_missing_timezones(first_date=first, last_date=last)
        ical.split_timezone_observances(calendar)
    return calendar.to_ical()


def deleted_sessions(event: Event, since: datetime | None, until: datetime) -> list[tuple[str, int, str]]:
    """(UID, SEQUENCE for the CANCEL, title) of sessions deleted in the period: the
    sequence is one more than the changes logged for that UID."""
    query = sa.select(SessionChange).where(
        SessionChange.event_id == event.id, SessionChange.field == "deleted", SessionChange.at <= until
    )
    if since is not None:
        query = query.where(SessionChange.at > since)
    deleted = list(db.session.scalars(query))
    result = []
    for change in deleted:
        logged = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(SessionChange)
            .where(SessionChange.session_uid == change.session_uid)
        )
        result.append((change.session_uid, int(logged or 1), change.before))
    return result


def notice_attachments(
    event: Event, registration: Registration, *, deleted: list[tuple[str, int, str]], join_url: str | None
) -> list[tuple[str, str, bytes, dict[str, str]]]:
    """The .ics attachments of one registrant's change notice: REQUEST for what stands,
    CANCEL for what was cancelled or deleted."""
    sessions = ical.load_feed_sessions(Session.event_id == event.id)
    join_urls = {event.id: join_url} if join_url else None
    entries = ical.entries_for([event], sessions, join_urls)
    if event.is_cancelled:
        cancel, update = entries, []
    else:
        cancel = [e for e in entries if e.session is not None and e.session.is_cancelled]
        update = [e for e in entries if e not in cancel]
    attachments = []
    if update:
        body = _calendar("REQUEST", event, update, registration)
        attachments.append((f"{event.slug}-update.ics", "text/calendar", body, {"method": "REQUEST"}))
    if cancel or deleted:
        body = _calendar("CANCEL", event, cancel, registration, deleted)
        attachments.append((f"{event.slug}-cancel.ics", "text/calendar", body, {"method": "CANCEL"}))
    return attachments
