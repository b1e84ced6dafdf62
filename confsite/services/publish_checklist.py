"""What to look at before publishing an event: the gaps a visitor would notice.

Nothing here blocks publishing (a webinar may well have no chair); the organiser sees the
list on the event's workspace page while it is a draft, each item linking to where it is
fixed. Clashes come from the timetable checks, so both pages agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from confsite.i18n import _
from confsite.models import Event, Session, SessionKind
from confsite.services.timetable import find_conflicts

# Sessions that are expected to have someone chairing them.
CHAIRED = {SessionKind.TALKS, SessionKind.PANEL, SessionKind.CO_CREATION}
# Sessions that need no room, description or chair: the programme's punctuation.
PUNCTUATION = {SessionKind.BREAK}


@dataclass(frozen=True)
class CheckItem:
    message: str
    session_id: int | None = None  # where to fix it (None: the event's own details)


def checklist(event: Event, sessions: list[Session]) -> list[CheckItem]:
    """The event's open points, clashes first; ``sessions`` loaded with
    ``agenda.load_sessions`` (rooms, chairs, talks and speakers, no further queries)."""
    items = [
        CheckItem(c.message, c.session_ids[0] if c.session_ids else None)
        for c in find_conflicts(event, sessions)
    ]
    if not sessions:
        items.append(CheckItem(_("The programme has no sessions yet.")))
    if not event.description.strip():
        items.append(CheckItem(_("The event has no description.")))
    for item in sessions:
        if item.is_cancelled or item.kind in PUNCTUATION:
            continue
        if event.rooms and item.room is None:
            items.append(CheckItem(_("“%(title)s” has no room.", title=item.title), item.id))
        if item.kind in CHAIRED and not item.chairs:
            items.append(CheckItem(_("“%(title)s” has no chair.", title=item.title), item.id))
        if not item.description.strip() and not item.talks:
            items.append(
                CheckItem(_("“%(title)s” has neither a description nor talks.", title=item.title), item.id)
            )
        items.extend(
            CheckItem(_("The talk “%(title)s” has no speaker.", title=talk.title), item.id)
            for talk in item.talks
            if not talk.speaker_links
        )
    return items
