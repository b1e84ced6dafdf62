"""Small value types that hooks receive and return (pages, navigation, exports).

Kept apart from ``hookspecs`` so plugins can build them without importing the specs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from markupsafe import Markup

if TYPE_CHECKING:
    from confsite.models import Event, Person, Series, Session, User

PageKind = Literal["event", "session", "speaker", "series"]


@dataclass(frozen=True)
class NavLink:
    """A link in the site's main navigation."""

    label: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class PageContext:
    """What a panel hook is told about the page being rendered.

    ``event`` is set on event, session and speaker pages; ``series`` on series pages.
    ``user`` is the signed-in user or None. On an event page served from the page
    cache, ``page_viewed`` gets a detached copy of the event's row (columns only).
    """

    kind: PageKind
    user: User | None
    event: Event | None = None
    series: Series | None = None
    session: Session | None = None
    person: Person | None = None


@dataclass(frozen=True)
class Panel:
    """A titled block of HTML a plugin adds to a page. ``html`` must be safe markup
    (render it with a template, which escapes)."""

    title: str
    html: Markup
    order: int = 100
    plugin: str = ""  # filled in by the plugin manager


@dataclass(frozen=True)
class ManageTab:
    """A page in the organiser area of one event (shown as a tab)."""

    label: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class Exporter:
    """A downloadable export of one event (pretalx-style small exporter).

    ``render(event)`` returns the body; the site serves it at
    ``/events/<slug>/export/<identifier>`` with ``content_type``.
    ``public`` exporters are offered to everyone on published events; others only to
    the event's organisers.
    """

    identifier: str
    label: str
    content_type: str
    extension: str
    render: Callable[[Event], str | bytes]
    public: bool = True
    plugin: str = field(default="", compare=False)
    # True when the body depends only on the event's public content (its programme):
    # the download then gets the event's ETag/Last-Modified and answers 304s.
    follows_event_content: bool = False


@dataclass(frozen=True)
class AgendaItem:
    """A private appointment of one user that a plugin puts in their My agenda page
    and personal calendar feed (e.g. a 1:1 meeting booked at a workshop).

    ``uid`` must be stable and unique (it is the VEVENT's UID); ``updated_at`` is when
    the item last changed (feeds revalidate on it). Times are aware UTC instants;
    ``zone`` is the IANA zone to show them in.
    """

    uid: str
    title: str
    start_at: datetime
    end_at: datetime
    updated_at: datetime
    zone: str = "UTC"
    location: str = ""
    description: str = ""
    url: str = ""
    plugin: str = ""  # filled in by the plugin manager


@dataclass(frozen=True)
class ReportedActivity:
    """An activity a plugin reports for a series' partnership-monitoring report (e.g. a
    call and how many applications it drew). ``category`` is one of the report's
    tables: ``"meeting"``, ``"workshop"`` or ``"dissemination"``; ``day`` places it in
    a reporting period."""

    title: str
    category: Literal["meeting", "workshop", "dissemination"]
    day: date
    place: str = ""
    plugin: str = ""  # filled in by the plugin manager
