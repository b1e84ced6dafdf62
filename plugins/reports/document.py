"""Assembling a report: the sections its document template chooses from the enabled
plugins, in the organiser's order, with the deliverable's cover metadata; and
converting sections to and from JSON for published snapshots."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from confsite.api import (
    BulletList,
    Figure,
    Figures,
    Heading,
    Paragraph,
    ReportSection,
    Table,
    _,
    event_dates,
    local_dt,
    utcnow,
)

from .deliverable import Deliverable
from .document_templates import TEMPLATES, template_of
from .gc_pause import without_gc
from .models import ReportSettings
from .targets import Target, scope_of, settings_of

BLOCK_TYPES = {cls.__name__: cls for cls in (Heading, Paragraph, BulletList, Table, Figure, Figures)}


@dataclass(frozen=True)
class ReportDocument:
    title: str
    subtitle: str
    sections: tuple[ReportSection, ...]
    status: str  # "Draft of 23 Nov 2026" or "Version 2, published 23 Nov 2026"
    created_at: datetime = field(default_factory=utcnow)
    deliverable: Deliverable = field(default_factory=Deliverable)
    template: str = "standard"


def order_sections(
    sections: list[ReportSection], settings: ReportSettings | None, include_hidden: bool = False
) -> list[ReportSection]:
    """Apply the organiser's order: keys they placed come in their order; sections they
    never placed (e.g. from a plugin enabled later) slot in by their default order
    after the placed ones. Hidden keys are dropped unless ``include_hidden``."""
    saved = list(settings.section_order) if settings and settings.section_order else []
    hidden = set(settings.hidden_sections or []) if settings else set()
    position = {key: index for index, key in enumerate(saved)}
    ordered = sorted(
        sections,
        key=lambda s: (0, position[s.key], 0) if s.key in position else (1, s.order, s.key),
    )
    return [s for s in ordered if include_hidden or s.key not in hidden]


def default_title(target: Target) -> str:
    return _("Report: %(title)s", title=target.title)


SUBTITLE_MAX = 300  # the published versions' column


def subtitle_for(target: Target) -> str:
    """The events covered, by title and dates; when that would not fit the published
    versions' subtitle column (a series of many events), their number and time span."""
    scope = scope_of(target)
    if not scope.events:
        return target.title[:SUBTITLE_MAX]
    parts = [f"{event.title} ({event_dates(event)})" for event in scope.events]
    text = _("Covering %(events)s", events="; ".join(parts))
    if len(text) <= SUBTITLE_MAX:
        return text
    first, last = scope.events[0], scope.events[-1]
    return _(
        "Covering %(count)s events, from %(first)s to %(last)s",
        count=len(scope.events),
        first=event_dates(first),
        last=event_dates(last),
    )


def all_sections(target: Target) -> list[ReportSection]:
    """Every section of the target's template in the organiser's order, hidden ones
    included (the builder lists them)."""
    settings = settings_of(target)
    sections = template_of(settings).sections(scope_of(target), settings)
    return order_sections(sections, settings, include_hidden=True)


@without_gc
def build_document(target: Target, template: str | None = None, progress=None) -> ReportDocument:
    """The current (draft) report of an event or series, in its chosen document
    template unless ``template`` names another. ``progress(percent, step)`` hears how
    far the collection got."""
    settings = settings_of(target)
    chosen = TEMPLATES[template] if template in TEMPLATES else template_of(settings)
    if progress is not None:
        progress(5, _("Collecting the sections of %(title)s", title=target.title))
    sections = order_sections(chosen.sections(scope_of(target), settings), settings)
    title = (settings.title if settings and settings.title else "") or default_title(target)
    return ReportDocument(
        title=title,
        subtitle=subtitle_for(target),
        sections=tuple(sections),
        status=_("Draft generated on %(when)s UTC", when=local_dt(utcnow(), "UTC", "%d %b %Y, %H:%M")),
        deliverable=Deliverable.from_json(settings.deliverable if settings else None),
        template=chosen.key,
    )


# -- JSON snapshots -------------------------------------------------------------------
def sections_to_json(sections: tuple[ReportSection, ...] | list[ReportSection]) -> list[dict]:
    return [
        {
            "key": s.key,
            "title": s.title,
            "order": s.order,
            "plugin": s.plugin,
            "blocks": [{"type": type(b).__name__, **asdict(b)} for b in s.blocks],
        }
        for s in sections
    ]


def _block_from_json(data: dict):
    kind = data.pop("type")
    if kind == "BulletList":
        return BulletList(tuple(data["items"]), data.get("ordered", False))
    if kind == "Table":
        return Table(tuple(data["headers"]), tuple(tuple(r) for r in data["rows"]), data.get("caption", ""))
    if kind == "Figure":
        table = data.get("table")
        return Figure(
            data["svg"], data["caption"], _block_from_json({"type": "Table", **table}) if table else None
        )
    if kind == "Figures":
        return Figures(tuple(tuple(pair) for pair in data["items"]))
    return BLOCK_TYPES[kind](**data)


def sections_from_json(data: list[dict]) -> tuple[ReportSection, ...]:
    return tuple(
        ReportSection(
            key=s["key"],
            title=s["title"],
            order=s.get("order", 100),
            plugin=s.get("plugin", ""),
            blocks=tuple(_block_from_json(dict(b)) for b in s["blocks"]),
        )
        for s in data
    )
