"""The sections this plugin adds to every report: introduction, policy areas with
their ranked key recommendations, capacity-building conclusions, and conclusions."""

from __future__ import annotations

from confsite.api import (
    Block,
    BulletList,
    Heading,
    Paragraph,
    ReportScope,
    ReportSection,
    Table,
)

from .models import ReportSettings
from .targets import Target, areas_in_scope, settings_of
from .voting import METHOD, rankings

INTRODUCTION_ORDER = 5
POLICY_AREAS_ORDER = 60
CAPACITY_BUILDING_ORDER = 70
CONCLUSIONS_ORDER = 900


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Plain text with blank lines between paragraphs -> Paragraph blocks."""
    chunks = [" ".join(chunk.split()) for chunk in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(Paragraph(chunk) for chunk in chunks if chunk)


def _target_settings(scope: ReportScope) -> ReportSettings | None:
    target = Target(event=scope.event) if scope.event is not None else Target(series=scope.series)
    return settings_of(target) if target.obj is not None else None


def _policy_areas_section(scope: ReportScope) -> ReportSection | None:
    areas = areas_in_scope(scope)
    if not areas:
        return None
    ranked = rankings(areas)
    blocks: list[Block] = []
    for area in areas:
        blocks.append(Heading(area.title, 3))
        blocks.extend(paragraphs(area.rationale))
        if area.session is not None:
            blocks.append(
                Paragraph(
                    f"Discussed in the session “{area.session.title}” ({area.session.event.title}).",
                    emphasis=True,
                )
            )
        items = ranked[area.id]
        blocks.append(Heading("Key recommendations", 4))
        if not items:
            blocks.append(Paragraph("No recommendation has been accepted yet."))
            continue
        if not all(item.recommendation.final_rank is not None for item in items):
            blocks.append(
                Paragraph(
                    "Provisional order: the partners' priorities have not been frozen yet.",
                    emphasis=True,
                )
            )
        blocks.append(
            BulletList(
                tuple(
                    item.recommendation.text
                    + (
                        f" (Addressed to: {item.recommendation.addressee.label}.)"
                        if item.recommendation.addressee
                        else ""
                    )
                    for item in items
                ),
                ordered=True,
            )
        )
        blocks.append(
            Table(
                ("Priority", "Recommendation", "Mean score", "Votes", "Spread"),
                tuple(
                    (
                        str(item.rank),
                        _short(item.recommendation.text),
                        item.mean_text,
                        str(item.votes),
                        item.spread,
                    )
                    for item in items
                ),
                caption=f"Partners' priorities for “{area.title}”",
            )
        )
    blocks.append(Paragraph(f"How the order was set: {METHOD}"))
    return ReportSection(
        "policy-areas", "Policy areas and key recommendations", tuple(blocks), order=POLICY_AREAS_ORDER
    )


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _capacity_building_section(scope: ReportScope) -> ReportSection | None:
    texts: list[tuple[str, str]] = []
    targets = [Target(series=scope.series)] if scope.event is None and scope.series else []
    targets += [Target(event=event) for event in scope.events]
    for target in targets:
        settings = settings_of(target)
        if settings is not None and settings.capacity_building.strip():
            texts.append((target.title, settings.capacity_building))
    if not texts:
        return None
    blocks: list[Block] = []
    for title, text in texts:
        if len(texts) > 1:
            blocks.append(Heading(title, 3))
        blocks.extend(paragraphs(text))
    return ReportSection(
        "capacity-building", "Capacity-building conclusions", tuple(blocks), order=CAPACITY_BUILDING_ORDER
    )


def report_sections(scope: ReportScope) -> list[ReportSection]:
    sections: list[ReportSection] = []
    settings = _target_settings(scope)
    if settings is not None and settings.introduction.strip():
        sections.append(
            ReportSection(
                "introduction", "Introduction", paragraphs(settings.introduction), order=INTRODUCTION_ORDER
            )
        )
    for section in (_policy_areas_section(scope), _capacity_building_section(scope)):
        if section is not None:
            sections.append(section)
    if settings is not None and settings.conclusions.strip():
        sections.append(
            ReportSection(
                "conclusions", "Conclusions", paragraphs(settings.conclusions), order=CONCLUSIONS_ORDER
            )
        )
    return sections
