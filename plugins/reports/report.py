"""The sections this plugin adds to every report: introduction, policy areas with
their ranked key recommendations, capacity-building conclusions, co-creation (how the
partners built and ranked the recommendations) and conclusions."""

from __future__ import annotations

import sqlalchemy as sa

from confsite.api import (
    Block,
    BulletList,
    Figures,
    Heading,
    Paragraph,
    ReportScope,
    ReportSection,
    Table,
    _,
    db,
)

from .models import PolicyArea, Recommendation, RecommendationStatus, ReportSettings, Vote
from .targets import Target, areas_in_scope, settings_of
from .voting import METHOD, Ranked, partner_count, rankings

INTRODUCTION_ORDER = 5
POLICY_AREAS_ORDER = 60
CAPACITY_BUILDING_ORDER = 70
CO_CREATION_ORDER = 75
CONCLUSIONS_ORDER = 900


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Plain text with blank lines between paragraphs -> Paragraph blocks."""
    chunks = [" ".join(chunk.split()) for chunk in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(Paragraph(chunk) for chunk in chunks if chunk)


def _target_settings(scope: ReportScope) -> ReportSettings | None:
    target = Target(event=scope.event) if scope.event is not None else Target(series=scope.series)
    return settings_of(target) if target.obj is not None else None


def _recommendation_text(item: Ranked) -> str:
    rec = item.recommendation
    if rec.addressee is None:
        return rec.text
    return rec.text + " " + _("(Addressed to: %(who)s.)", who=rec.addressee.label)


def key_recommendation_blocks(area_title: str, items: list[Ranked]) -> list[Block]:
    """An area's key recommendations: the ranked ones as a priority table (n of m
    partners voted, mean, spread, ranking score, visible tie-breaks), then those below
    the quorum, listed apart. Texts are never shortened."""
    blocks: list[Block] = [Heading(_("Key recommendations"), 4)]
    if not items:
        blocks.append(Paragraph(_("No recommendation has been accepted yet.")))
        return blocks
    ranked = [item for item in items if item.rank is not None]
    apart = [item for item in items if item.rank is None]
    if ranked and not all(item.recommendation.final_rank is not None for item in ranked):
        blocks.append(
            Paragraph(
                _("Provisional order: the partners' priorities have not been frozen yet."), emphasis=True
            )
        )
    if ranked:
        blocks.append(
            Table(
                (
                    _("Priority"),
                    _("Recommendation"),
                    _("Partners voted"),
                    _("Mean"),
                    _("Spread"),
                    _("Ranking score"),
                ),
                tuple(
                    (
                        str(item.rank) + (f" ({item.tie_break})" if item.tie_break else ""),
                        _recommendation_text(item),
                        item.voted_text,
                        item.mean_text,
                        item.spread,
                        item.score_text,
                    )
                    for item in ranked
                ),
                caption=_("Partners' priorities for “%(area)s”", area=area_title),
            )
        )
    if apart:
        blocks.append(
            Paragraph(
                _("Below the quorum of %(n)s partner vote(s), not ranked:", n=apart[0].quorum), emphasis=True
            )
        )
        blocks.append(
            BulletList(
                tuple(
                    _recommendation_text(item) + " " + _("(%(voted)s partners voted)", voted=item.voted_text)
                    for item in apart
                )
            )
        )
    return blocks


def area_blocks(area: PolicyArea, items: list[Ranked]) -> list[Block]:
    """One policy area: its title, rationale, the panel where it was discussed and its
    key recommendations."""
    blocks: list[Block] = [Heading(area.title, 3), *paragraphs(area.rationale)]
    if area.session is not None:
        blocks.append(
            Paragraph(
                _(
                    "Discussed in the panel “%(session)s” (%(event)s).",
                    session=area.session.title,
                    event=area.session.event.title,
                ),
                emphasis=True,
            )
        )
    blocks.extend(key_recommendation_blocks(area.title, items))
    return blocks


def _policy_areas_section(scope: ReportScope) -> ReportSection | None:
    areas = areas_in_scope(scope)
    if not areas:
        return None
    ranked = rankings(areas)
    blocks: list[Block] = []
    for area in areas:
        blocks.extend(area_blocks(area, ranked[area.id]))
    blocks.append(Paragraph(_("How the order was set: %(method)s", method=METHOD)))
    return ReportSection(
        "policy-areas", _("Policy areas and key recommendations"), tuple(blocks), order=POLICY_AREAS_ORDER
    )


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
        "capacity-building", _("Capacity-building conclusions"), tuple(blocks), order=CAPACITY_BUILDING_ORDER
    )


def _co_creation_section(scope: ReportScope) -> ReportSection | None:
    """How the partners built the recommendations: proposals, reviews, votes."""
    areas = areas_in_scope(scope)
    if not areas:
        return None
    area_ids = [area.id for area in areas]
    statuses = dict(
        db.session.execute(
            sa.select(Recommendation.status, sa.func.count(Recommendation.id))
            .where(Recommendation.area_id.in_(area_ids))
            .group_by(Recommendation.status)
        ).all()
    )
    votes, voters = db.session.execute(
        sa.select(sa.func.count(Vote.id), sa.func.count(sa.distinct(Vote.organisation_id)))
        .join(Recommendation, Recommendation.id == Vote.recommendation_id)
        .where(Recommendation.area_id.in_(area_ids))
    ).one()
    proposed = sum(statuses.values())
    if not proposed:
        return None
    owner = Target(event=scope.event) if scope.event is not None else Target(series=scope.series)
    partners = partner_count(owner) if owner.obj is not None else 0
    items = (
        (_("Policy areas"), str(len(areas))),
        (_("Recommendations proposed"), str(proposed)),
        (_("Accepted"), str(statuses.get(RecommendationStatus.ACCEPTED, 0))),
        (_("Merged into others"), str(statuses.get(RecommendationStatus.MERGED, 0))),
        (_("Partner organisations that voted"), _("%(n)s of %(m)s", n=voters, m=max(partners, voters))),
        (_("Scores cast"), str(votes)),
    )
    blocks: list[Block] = [
        Paragraph(
            _(
                "Partners proposed recommendations for each policy area, discussed them with the "
                "organisers, who accepted, merged or rejected each one, and then scored the accepted "
                "ones to set their priority."
            )
        ),
        Figures(items),
        Paragraph(_("How the order was set: %(method)s", method=METHOD)),
    ]
    return ReportSection(
        "co-creation", _("Co-creation and prioritisation"), tuple(blocks), order=CO_CREATION_ORDER
    )


def report_sections(scope: ReportScope) -> list[ReportSection]:
    sections: list[ReportSection] = []
    settings = _target_settings(scope)
    if settings is not None and settings.introduction.strip():
        sections.append(
            ReportSection(
                "introduction", _("Introduction"), paragraphs(settings.introduction), order=INTRODUCTION_ORDER
            )
        )
    for section in (
        _policy_areas_section(scope),
        _capacity_building_section(scope),
        _co_creation_section(scope),
    ):
        if section is not None:
            sections.append(section)
    if settings is not None and settings.conclusions.strip():
        sections.append(
            ReportSection(
                "conclusions", _("Conclusions"), paragraphs(settings.conclusions), order=CONCLUSIONS_ORDER
            )
        )
    return sections
