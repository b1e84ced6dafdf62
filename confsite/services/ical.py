"""iCalendar feeds (RFC 5545 + RFC 7986) of programmes, built with ``icalendar``.

What calendar apps rely on, and why each line is there (see docs/calendars.md):

* one VEVENT per session, its UID the session's random ``uid`` (never a row id), so an
  edited or moved session replaces the old entry instead of duplicating it;
* local times with the event's IANA TZID and a matching VTIMEZONE, so a subscriber in
  another zone sees the right time, across DST changes too;
* SEQUENCE from the change log, LAST-MODIFIED/DTSTAMP from the data (not "now"), so
  the same data always gives byte-identical output (a strong ETag is honest);
* cancelled sessions and events stay in the feed with STATUS:CANCELLED;
* the online join URL only when the caller passes it (the personal feed of a confirmed
  registrant), never in public feeds.
"""

from __future__ import annotations

import heapq
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from confsite import links, rich_text
from confsite.caching import cached
from confsite.extensions import db
from confsite.hooktypes import AgendaItem
from confsite.models import (
    Event,
    EventFormat,
    EventStatus,
    Person,
    Series,
    Session,
)
from confsite.services import programme_batches
from confsite.services.agenda import programme_loaders
from confsite.services.feed_validators import event_validator

PRODID = "-//confsite//Programme calendars//EN"
REFRESH_INTERVAL = timedelta(hours=1)
# Namespace of the UIDs derived for events that have no programme yet.
EVENT_UID_NAMESPACE = uuid.UUID("6f1d3c52-58a4-4f8e-9d37-0c9b2f3e7a41")

_KEEP = {"\n", "\t"}


def clean_text(text: str | None) -> str:
    """Text safe for an iCal value: control characters (forbidden by RFC 5545) removed,
    line breaks normalised. Escaping and folding are left to ``icalendar``."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cs"))


@dataclass(frozen=True)
class FeedEntry:
    """One VEVENT to write: a session, or a whole event that has no programme yet."""

    event: Event
    session: Session | None = None
    join_url: str | None = None
    waitlisted: bool = False  # the feed's owner is on the event's waiting list


# -- loading (bounded queries) -------------------------------------------------


def load_feed_sessions(condition: sa.ColumnElement[bool]) -> list[Session]:
    """Sessions matching ``condition`` with everything a VEVENT shows, in six queries
    whatever the number of sessions or events."""
    return list(
        db.session.scalars(
            sa.select(Session)
            .where(condition)
            .options(selectinload(Session.event), *programme_loaders())
            .order_by(Session.start_at, Session.position, Session.id)
        )
    )


def entries_for(
    events: Iterable[Event],
    sessions: Iterable[Session],
    join_urls: dict[int, str] | None = None,
    waitlisted: frozenset[int] | set[int] = frozenset(),
) -> list[FeedEntry]:
    """Feed entries: each session, plus one entry for every event without sessions
    (so a registered or announced event is in the calendar before its programme).
    ``waitlisted``: ids of events where the feed's owner waits for a place."""
    join_urls = join_urls or {}
    entries = [FeedEntry(s.event, s, join_urls.get(s.event_id), s.event_id in waitlisted) for s in sessions]
    with_sessions = {e.event.id for e in entries}
    entries += [
        FeedEntry(event, None, join_urls.get(event.id), event.id in waitlisted)
        for event in events
        if event.id not in with_sessions
    ]
    return sorted(entries, key=_order)


def stream_feed_sessions(condition: sa.ColumnElement[bool]) -> Iterator[Session]:
    """As :func:`load_feed_sessions`, ordered by (start, event), read a batch at a time
    (``programme_batches``): for feeds, which write each session and forget it."""
    return programme_batches.iter_sessions(condition)


def feed_entries(
    events: list[Event],
    condition: sa.ColumnElement[bool],
    join_urls: dict[int, str] | None = None,
    waitlisted: frozenset[int] | set[int] = frozenset(),
) -> Iterator[FeedEntry]:
    """What :func:`entries_for` gives for ``events`` and the sessions matching
    ``condition``, in the same order, as a stream of the sessions read in batches."""
    join_urls = join_urls or {}
    with_sessions = (
        set(db.session.scalars(sa.select(Session.event_id).where(condition).distinct())) if events else set()
    )
    alone = sorted(
        (
            FeedEntry(event, None, join_urls.get(event.id), event.id in waitlisted)
            for event in events
            if event.id not in with_sessions
        ),
        key=_order,
    )
    sessions = (
        FeedEntry(s.event, s, join_urls.get(s.event_id), s.event_id in waitlisted)
        for s in stream_feed_sessions(condition)
    )
    # Sessions come by (start, event) already; merge() puts them before an event of the
    # same key, as the stable sort of entries_for does.
    return heapq.merge(sessions, alone, key=_order)


def _order(entry: FeedEntry) -> tuple[datetime, int]:
    return (_start(entry), entry.event.id)


# -- what each VEVENT says -----------------------------------------------------


def event_uid(event: Event) -> str:
    """A stable UID for an event shown as a single entry: derived from values that never
    change (id and creation instant), so it survives restarts, edits and slug changes."""
    return str(uuid.uuid5(EVENT_UID_NAMESPACE, f"{event.id}:{event.created_at.isoformat()}"))


def location(event: Event, session: Session | None = None) -> str:
    """Room and venue, or "Online"; hybrid events say they are also online."""
    parts = [p for p in ((session.room.name if session and session.room else ""), event.venue) if p]
    if not parts:
        return "Online" if event.format != EventFormat.IN_PERSON else ""
    text = ", ".join(parts)
    return f"{text} (also online)" if event.format == EventFormat.HYBRID else text


def _person(person: Person) -> str:
    return f"{person.name} ({person.affiliation})" if person.affiliation else person.name


def session_description(
    session: Session,
    *,
    event_title: str | None = None,
    join_url: str | None = None,
    page_url: str | None = None,
) -> str:
    """Plain-text DESCRIPTION: status, event, description, chairs, talks with speakers."""
    lines: list[str] = []
    if session.is_cancelled or session.event.is_cancelled:
        lines += ["CANCELLED", ""]
    if event_title:
        lines.append(f"Event: {event_title}")
    if join_url:
        lines.append(f"Join online: {join_url}")
    if lines and lines[-1] != "":
        lines.append("")
    if session.description:
        lines += [rich_text.to_text(session.description), ""]
    if session.chairs:
        lines += ["Chairs: " + "; ".join(_person(p) for p in session.chairs), ""]
    if session.talks:
        lines.append("Talks:")
        for talk in session.talks:
            speakers = "; ".join(_person(p) for p in talk.speakers)
            lines.append(f"- {talk.title}" + (f" — {speakers}" if speakers else ""))
        lines.append("")
    if page_url:
        lines.append(page_url)
    return clean_text("\n".join(lines).strip())


def sequence(entry: FeedEntry) -> int:
    """SEQUENCE: the session's counter from the change log, plus one while its whole
    event is cancelled (that cancels the session too, a change subscribers must take)."""
    base = entry.session.sequence if entry.session else entry.event.sequence
    cancelled_by_event = entry.event.is_cancelled and not (entry.session and entry.session.is_cancelled)
    return (base or 0) + (1 if cancelled_by_event else 0)


def last_modified(entry: FeedEntry) -> datetime:
    """When anything the entry shows last changed (session, its talks, or the event's
    cancellation); also its DTSTAMP, as RFC 5545 asks for feeds without METHOD."""
    if entry.session is None:
        return entry.event.content_changed_at
    stamps = [entry.session.updated_at, *(t.updated_at for t in entry.session.talks)]
    if entry.event.is_cancelled:
        stamps.append(entry.event.content_changed_at)
    return max(stamps)


def _start(entry: FeedEntry) -> datetime:
    return (entry.session or entry.event).start_at


def _end(entry: FeedEntry) -> datetime:
    return (entry.session or entry.event).end_at


def vevent(entry: FeedEntry, *, with_event_title: bool = False) -> icalendar.Event:
    """The VEVENT of one feed entry."""
    event, session = entry.event, entry.session
    cancelled = event.is_cancelled or bool(session and session.is_cancelled)
    if session is not None:
        page_url = links.session_page(event, session)
        uid, title, created = session.uid, session.title, session.created_at
        kind = session.kind.label
        description = session_description(
            session,
            event_title=event.title if with_event_title else None,
            join_url=entry.join_url,
            page_url=page_url,
        )
    else:
        page_url = links.event_page(event)
        uid, title, created = event_uid(event), event.title, event.created_at
        kind = event.kind.label
        parts = [
            "CANCELLED" if cancelled else "",
            rich_text.to_text(event.description),
            f"Join online: {entry.join_url}" if entry.join_url else "",
            page_url,
        ]
        description = clean_text("\n\n".join(p for p in parts if p))
    modified = last_modified(entry)

    component = icalendar.Event()
    component.add("uid", uid)
    component.add("dtstamp", modified)
    component.add("created", created)
    component.add("last-modified", modified)
    component.add("sequence", sequence(entry))
    component.add("dtstart", event.local(_start(entry)))
    component.add("dtend", event.local(_end(entry)))
    prefix = "Cancelled: " if cancelled else "Waiting list: " if entry.waitlisted else ""
    component.add("summary", clean_text(prefix + title))
    component.add("status", "CANCELLED" if cancelled else "TENTATIVE" if entry.waitlisted else "CONFIRMED")
    component.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    component.add("class", "PUBLIC")
    where = clean_text(location(event, session))
    if entry.join_url:
        # Clients show LOCATION and URL as links; CONFERENCE (RFC 7986) is for those that know it.
        where = entry.join_url if where in ("", "Online") else f"{where}: {entry.join_url}"
    if where:
        component.add("location", where)
    component.add("categories", [clean_text(kind)])
    component.add("url", entry.join_url or page_url)
    component.add("description", description)
    if entry.join_url:
        component.add(
            "conference",
            entry.join_url,
            parameters={
                "VALUE": "URI",
                "FEATURE": "AUDIO,VIDEO",
                "LABEL": "Join online",
            },
        )
    return component


# -- calendars ---------------------------------------------------------------


def agenda_item_vevent(item: AgendaItem) -> icalendar.Event:
    """The VEVENT of a plugin's private appointment (times in UTC)."""
    entry = icalendar.Event()
    entry.add("uid", item.uid)
    entry.add("dtstamp", item.updated_at)
    entry.add("last-modified", item.updated_at)
    entry.add("dtstart", item.start_at)
    entry.add("dtend", item.end_at)
    entry.add("summary", clean_text(item.title))
    if item.location:
        entry.add("location", clean_text(item.location))
    if item.description:
        entry.add("description", clean_text(item.description))
    if item.url:
        entry.add("url", item.url, parameters={"VALUE": "URI"})
    entry.add("transp", "OPAQUE")
    return entry


def build_calendar(
    name: str,
    entries: Iterable[FeedEntry],
    *,
    modified: datetime,
    source_url: str,
    description: str = "",
    with_event_titles: bool = False,
    extra: Iterable[icalendar.cal.Component] = (),
) -> bytes:
    """The VCALENDAR of ``entries`` (then ``extra``) with a VTIMEZONE for every zone
    used, covering the entries' dates.

    Each VEVENT is written as soon as it is made (its ``to_ical()`` is exactly what the
    whole calendar would write of it), so ``entries`` may be a stream: neither the
    sessions nor their components are all held at once. The calendar's own lines and
    VTIMEZONEs, which come first, are made last, from what the stream used."""
    written: list[bytes] = []
    zones: dict[str, ZoneInfo] = {}
    first: datetime | None = None
    last: datetime | None = None
    for entry in entries:
        written.append(vevent(entry, with_event_title=with_event_titles).to_ical())
        zones.setdefault(entry.event.timezone, entry.event.tz)
        start, end = _start(entry), _end(entry)
        first = start if first is None or start < first else first
        last = end if last is None or end > last else last
    written += [component.to_ical() for component in extra]
    shell = calendar_shell(
        name, modified=modified, source_url=source_url, description=description, zones=zones
    )
    if first is not None and last is not None:
        add_timezones(shell, zones, *year_range(first, last))
    head = shell.to_ical()
    if not head.endswith(CALENDAR_END):  # pragma: no cover - icalendar always ends so
        raise ValueError("unexpected end of a VCALENDAR")
    return b"".join([head[: -len(CALENDAR_END)], *written, CALENDAR_END])


CALENDAR_END = b"END:VCALENDAR\r\n"


def calendar_shell(
    name: str, *, modified: datetime, source_url: str, description: str, zones: dict[str, ZoneInfo]
) -> icalendar.Calendar:
    """The VCALENDAR's own properties (no components yet)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = " ".join(clean_text(name).split())  # a calendar's name is one line
    calendar.add("name", icalendar.vText(name))  # escaped (a comma no longer cuts the name)
    # Non-standard properties are not escaped unless given as text values.
    calendar.add("x-wr-calname", icalendar.vText(name))
    if description:
        calendar.add("description", clean_text(description))
        calendar.add("x-wr-caldesc", icalendar.vText(clean_text(description)))
    if len(zones) == 1:
        calendar.add("x-wr-timezone", next(iter(zones)))
    calendar.add("last-modified", modified)
    calendar.add("url", source_url)
    calendar.add("source", source_url, parameters={"VALUE": "URI"})
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    # Outlook's older name for the same hint.
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL).to_ical().decode())
    return calendar


def add_timezones(calendar: icalendar.Calendar, zones: dict[str, ZoneInfo], first: date, last: date) -> None:
    """The VTIMEZONEs of ``zones`` from ``first`` to ``last``, as ``icalendar`` adds them
    for the events that use them (a stand-in event per zone shows which it needs: none
    for UTC, written with a ``Z``)."""
    stand_ins = []
    for tz in zones.values():
        stand_in = icalendar.Event()
        stand_in.add("dtstart", datetime(first.year, 1, 1, 12, tzinfo=tz))
        stand_ins.append(stand_in)
    calendar.subcomponents.extend(stand_ins)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    calendar.subcomponents = [c for c in calendar.subcomponents if all(c is not s for s in stand_ins)]
    split_timezone_observances(calendar)


def split_timezone_observances(calendar: icalendar.Calendar) -> None:
    """One STANDARD/DAYLIGHT per transition instead of one with a multi-valued RDATE.

    ``icalendar`` lists a zone's later transitions as ``RDATE:a,b,c``; Mozilla's
    ical.js (Thunderbird) reads only the first value, so in a feed spanning years its
    summer-time sessions came out an hour late. A plain DTSTART per observance is read
    the same way by every client.
    """
    for zone in calendar.walk("VTIMEZONE"):
        split: list[icalendar.cal.Component] = []
        for observance in zone.subcomponents:
            rdates = observance.pop("RDATE", None)
            split.append(observance)
            if rdates is None:
                continue
            for rdate in rdates if isinstance(rdates, list) else [rdates]:
                for moment in rdate.dts:
                    copy = type(observance)()
                    for name, value in observance.property_items(recursive=False):
                        if name not in ("BEGIN", "END", "DTSTART"):
                            copy.add(name, value)
                    copy.add("dtstart", moment.dt)
                    split.append(copy)
        zone.subcomponents = sorted(split, key=lambda o: o.decoded("DTSTART"))


def date_range(entries: list[FeedEntry]) -> tuple[date, date]:
    """The whole years of the entries (see :func:`year_range`)."""
    return year_range(min(_start(e) for e in entries), max(_end(e) for e in entries))


def year_range(start: datetime, end: datetime) -> tuple[date, date]:
    """The whole years from ``start`` to ``end``: the dates the VTIMEZONEs cover, so each
    zone carries both its summer and winter rules (some apps expect both) and output
    stays stable."""
    return date(start.year, 1, 1), date(end.year + 1, 1, 1)


def feed_name(title: str) -> str:
    return f"{title} · {current_app.config['SITE_NAME']}"


def event_calendar(event: Event, *, join_url: str | None = None) -> bytes:
    """Every session of an event (the event itself while it has no programme);
    ``join_url`` only for a confirmed registrant's own copy."""
    return build_calendar(
        feed_name(event.title),
        feed_entries([event], Session.event_id == event.id, {event.id: join_url} if join_url else None),
        modified=event.content_changed_at,
        source_url=links.event_ics(event),
        description=f"Programme of {event.title}",
    )


def session_calendar(event: Event, session: Session) -> bytes:
    """One session, for "add this to my calendar"."""
    return build_calendar(
        feed_name(f"{session.title} ({event.title})"),
        feed_entries([], Session.id == session.id),
        modified=event.content_changed_at,
        source_url=links.session_ics(event, session),
    )


def public_series_events(series: Series) -> list[Event]:
    """Events of a series shown to everyone (published or cancelled, never drafts)."""
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(Event.series_id == series.id, Event.status != EventStatus.DRAFT)
            .order_by(Event.start_at, Event.id)
        )
    )


def series_calendar(series: Series) -> bytes:
    """Every public event of a series with its sessions."""
    events = public_series_events(series)
    modified = max([series.updated_at, *(e.content_changed_at for e in events)])
    return build_calendar(
        feed_name(series.title),
        feed_entries(events, Session.event_id.in_([e.id for e in events])) if events else [],
        modified=modified,
        source_url=links.series_ics(series),
        description=f"Events of {series.title}",
        with_event_titles=True,
    )


def event_calendar_bytes(event: Event) -> bytes:
    """The event's .ics (attached to registration confirmations). Rendering a large
    programme takes a second, so each process renders it once per version of the event
    (the same validator as the feed's ETag) and site address."""
    key = ("event.ics-attachment", links.site_home(), *event_validator(event).parts)
    return cached(key, lambda: event_calendar(event))


def registrant_calendar_bytes(event: Event, join_url: str | None) -> bytes:
    """The .ics a registrant gets by e-mail: the event's, with the join link when
    they may see it. The link is the event's own, the same for every confirmed
    registrant, so that copy is kept too, under the link itself: only a caller who
    already holds the link finds it, and a changed link is another key."""
    if not join_url:
        return event_calendar_bytes(event)
    key = ("registrant.ics-attachment", links.site_home(), *event_validator(event).parts, join_url)
    return cached(key, lambda: event_calendar(event, join_url=join_url))
