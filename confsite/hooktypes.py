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

PageKind = Literal["event", "session", "speaker", "series", "agenda"]


@dataclass(frozen=True)
class NavLink:
    """A link in the site's main navigation."""

    label: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class PageContext:
    """What a panel hook is told about the page being rendered.

    ``event`` is set on event, session and speaker pages; ``series`` on series pages;
    neither on the signed-in user's *My agenda* page (``kind == "agenda"``).
    ``user`` is the signed-in user or None. On a page served from the page cache,
    ``page_viewed`` gets detached copies of the rows (columns only).
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


SettingKind = Literal["bool", "int", "text", "choice"]


class SettingInvalid(ValueError):
    """A value that does not fit a :class:`SettingField`; the message says why."""


@dataclass(frozen=True)
class SettingField:
    """One field of a plugin's per-event settings (the ``plugin_settings_schema`` hook).

    Organisers edit it on the event's Plugins page; the plugin reads the current value
    with ``confsite.api.plugin_settings(plugin, event)[key]`` (``default`` until
    someone changes it). ``kind`` is "bool", "int" (within ``minimum``/``maximum``),
    "text" (at most ``max_length`` characters) or "choice" (one of ``choices``,
    ``(value, label)`` pairs).
    """

    key: str
    label: str
    kind: SettingKind
    default: bool | int | str
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 200
    choices: tuple[tuple[str, str], ...] = ()

    def clean(self, raw: object) -> bool | int | str:
        """``raw`` (form or file input) as a valid value, or :class:`SettingInvalid`."""
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            return str(raw).strip().lower() in ("1", "true", "on", "yes", "y")
        if self.kind == "int":
            try:
                number = int(str(raw).strip()) if not isinstance(raw, bool) else None
            except ValueError:
                number = None
            if number is None:
                raise SettingInvalid(f"{self.label}: enter a whole number.")
            if self.minimum is not None and number < self.minimum:
                raise SettingInvalid(f"{self.label}: at least {self.minimum}.")
            if self.maximum is not None and number > self.maximum:
                raise SettingInvalid(f"{self.label}: at most {self.maximum}.")
            return number
        text = "" if raw is None else str(raw).strip()
        if self.kind == "choice":
            if text not in {value for value, _label in self.choices}:
                raise SettingInvalid(f"{self.label}: choose one of the offered values.")
            return text
        if len(text) > self.max_length:
            raise SettingInvalid(f"{self.label}: at most {self.max_length} characters.")
        return text


QuestionKind = Literal["text", "choice", "bool"]


@dataclass(frozen=True)
class Question:
    """An extra question a plugin adds to an event's registration form (the
    ``registration_questions`` hook): dietary needs, accessibility requirements...

    Answers are stored per registration, shown to organisers, in the registrations
    CSV and the attendee's data export, and erased with the registration. ``kind`` is
    "text" (at most ``max_length`` characters), "choice" (one of ``choices``,
    ``(value, label)`` pairs) or "bool" (a tick box).
    """

    key: str
    label: str
    kind: QuestionKind = "text"
    required: bool = False
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = 500
    plugin: str = field(default="", compare=False)  # filled in by the plugin manager


@dataclass(frozen=True)
class MailBlock:
    """A paragraph a plugin adds to an e-mail about a registration (the ``mail_blocks``
    hook), plain text: it is escaped in the HTML part."""

    text: str
    order: int = 100
    plugin: str = field(default="", compare=False)
