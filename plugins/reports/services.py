"""Writes of the report builder: texts, template and chosen events, section order,
deliverable metadata and images. Every function checks the user is an organiser of
the target and raises :class:`ReportError` with a message for the user on bad input;
callers commit. (Recommendations, votes and publishing have their own modules:
recommendations.py, voting.py, publishing.py, builds.py.)"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from confsite.api import Event, EventStatus, User, _, db

from .deliverable import DISSEMINATION_LEVELS, Deliverable, image_data_uri, parse_history
from .document_templates import TEMPLATES
from .models import ReportSettings
from .targets import NotAllowed, ReportError, Target, is_organiser, settings_of

MOVES = ("up", "down", "hide", "show")


def _settings_for_organiser(user: User, target: Target) -> ReportSettings:
    if not is_organiser(user, target):
        raise NotAllowed(_("Only organisers can change the report."))
    return settings_of(target, create=True)


def save_texts(
    user: User,
    target: Target,
    *,
    title: str,
    introduction: str,
    capacity_building: str,
    conclusions: str,
    period: tuple[date | None, date | None] | None = None,
) -> ReportSettings:
    """The report's own texts and, for a series, the period it covers."""
    settings = _settings_for_organiser(user, target)
    if period is not None:
        start, end = period
        if start and end and end < start:
            raise ReportError(_("The period must end on or after its start."))
        settings.period_start, settings.period_end = start, end
    settings.title = (title or "").strip()
    settings.introduction = introduction or ""
    settings.capacity_building = capacity_building or ""
    settings.conclusions = conclusions or ""
    return settings


def series_events(target: Target) -> list[Event]:
    """The events a series report can cover: the series' published events."""
    if target.series is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(Event.series_id == target.series.id, Event.status == EventStatus.PUBLISHED)
            .order_by(Event.start_at, Event.id)
        )
    )


def choose_layout(user: User, target: Target, *, template: str, event_ids: list[int]) -> ReportSettings:
    """The document template and, for a series, the events it covers (none chosen:
    every published event in the period)."""
    settings = _settings_for_organiser(user, target)
    if template not in TEMPLATES:
        raise ReportError(_("Unknown document template."))
    allowed = {event.id for event in series_events(target)}
    if any(event_id not in allowed for event_id in event_ids):
        raise ReportError(_("Choose events of this series."))
    settings.template = template
    settings.event_ids = sorted(set(event_ids))
    return settings


def arrange_section(user: User, target: Target, keys: list[str], key: str, move: str) -> ReportSettings:
    """Move a section up or down, or include/leave it out; saves the whole order."""
    if key not in keys or move not in MOVES:
        raise ReportError(_("Unknown section or action."))
    settings = _settings_for_organiser(user, target)
    keys = list(keys)
    index = keys.index(key)
    if move in ("up", "down"):
        other = index - 1 if move == "up" else index + 1
        if 0 <= other < len(keys):
            keys[index], keys[other] = keys[other], keys[index]
    hidden = set(settings.hidden_sections or [])
    if move == "hide":
        hidden.add(key)
    elif move == "show":
        hidden.discard(key)
    settings.section_order = keys
    settings.hidden_sections = sorted(hidden)
    return settings


def save_deliverable(
    user: User,
    target: Target,
    values: dict[str, str],
    *,
    history: str = "",
    logo: bytes | None = None,
    emblem: bytes | None = None,
    remove_logo: bool = False,
    remove_emblem: bool = False,
) -> Deliverable:
    """The cover metadata; images are replaced only when a new one is uploaded."""
    settings = _settings_for_organiser(user, target)
    current = Deliverable.from_json(settings.deliverable)
    level = values.get("dissemination_level") or "PU"
    if level not in DISSEMINATION_LEVELS:
        raise ReportError(_("Unknown dissemination level."))
    data = current.to_json()
    text_fields = set(data) - {"history", "logo", "emblem"}
    for name in text_fields:
        if name in values:
            value = (values[name] or "").strip()
            if len(value) > 2000:
                raise ReportError(_("A deliverable field is longer than 2000 characters."))
            data[name] = value
    data["dissemination_level"] = level
    data["history"] = [entry.__dict__ for entry in parse_history(history)]
    if logo:
        data["logo"] = image_data_uri(logo)
    elif remove_logo:
        data["logo"] = ""
    if emblem:
        data["emblem"] = image_data_uri(emblem)
    elif remove_emblem:
        data["emblem"] = ""
    settings.deliverable = data
    return Deliverable.from_json(data)
