"""The "add to calendar" links of event and session pages.

Web calendars (Google, Outlook) take a single entry through a pre-filled form link;
desktop and phone apps take the .ics file, or subscribe to it with ``webcal://`` so
later programme changes reach them. Public links never carry the online join URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from confsite import links, rich_text
from confsite.models import Event, Session
from confsite.services.ical import clean_text, location
from confsite.services.personal_feed import webcal_url

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0/deeplink/compose"
OUTLOOK_365 = "https://outlook.office.com/calendar/0/deeplink/compose"
DETAILS_LIMIT = 1000  # web forms and URL lengths stay reasonable


@dataclass(frozen=True)
class CalendarLinks:
    ics: str
    webcal: str
    google: str
    outlook_com: str
    outlook_365: str


def _utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


def _google(title: str, start: datetime, end: datetime, details: str, where: str, tz: str) -> str:
    dates = f"{_utc(start):%Y%m%dT%H%M%SZ}/{_utc(end):%Y%m%dT%H%M%SZ}"
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": dates,
        "details": details,
        "location": where,
        "ctz": tz,
    }
    return f"{GOOGLE}?{urlencode(query)}"


def _outlook(base: str, title: str, start: datetime, end: datetime, details: str, where: str) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": _utc(start).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(end).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
        "location": where,
    }
    return f"{base}?{urlencode(query)}"


def calendar_links(event: Event, session: Session | None = None) -> CalendarLinks:
    """Links for the whole event, or for one session when given."""
    if session is not None:
        ics = links.session_ics(event, session)
        page = links.session_page(event, session)
        title, start, end = f"{session.title} ({event.title})", session.start_at, session.end_at
        cancelled = session.is_cancelled or event.is_cancelled
    else:
        ics = links.event_ics(event)
        page = links.event_page(event)
        title, start, end = event.title, event.start_at, event.end_at
        cancelled = event.is_cancelled
    title = clean_text(("Cancelled: " if cancelled else "") + title)
    details = clean_text(f"{page}\n\n{rich_text.to_text((session or event).description)}".strip())[
        :DETAILS_LIMIT
    ]
    where = clean_text(location(event, session))
    return CalendarLinks(
        ics=ics,
        webcal=webcal_url(links.event_ics(event)),
        google=_google(title, start, end, details, where, event.timezone),
        outlook_com=_outlook(OUTLOOK_COM, title, start, end, details, where),
        outlook_365=_outlook(OUTLOOK_365, title, start, end, details, where),
    )
