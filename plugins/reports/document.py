"""Assembling a report: the sections of every enabled plugin in the organiser's order,
and converting them to and from JSON for published snapshots."""

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
    event_dates,
    report_sections,
    utcnow,
)

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
    return f"Report: {target.title}"


def subtitle_for(target: Target) -> str:
    scope = scope_of(target)
    if not scope.events:
        return target.title
    parts = [f"{event.title} ({event_dates(event)})" for event in scope.events]
    return "Covering " + "; ".join(parts)


def all_sections(target: Target) -> list[ReportSection]:
    """Every contributed section in the organiser's order, hidden ones included."""
    return order_sections(report_sections(scope_of(target)), settings_of(target), include_hidden=True)


def build_document(target: Target) -> ReportDocument:
    """The current (draft) report of an event or series."""
    settings = settings_of(target)
    sections = order_sections(report_sections(scope_of(target)), settings)
    title = (settings.title if settings and settings.title else "") or default_title(target)
    return ReportDocument(
        title=title,
        subtitle=subtitle_for(target),
        sections=tuple(sections),
        status=f"Draft generated on {utcnow():%d %b %Y, %H:%M} UTC",
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


def _block_from_json(data: dict):  # type: ignore[no-untyped-def]
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
