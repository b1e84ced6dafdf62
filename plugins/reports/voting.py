"""Prioritising accepted recommendations: one voice per partner organisation.

Method (shown to partners and printed in the report): during the collection window
each partner organisation gives every accepted recommendation of an area a score
from 1 (low priority) to 5 (top priority); a later vote by anyone of the same
organisation replaces the organisation's earlier one. Recommendations are ranked by
mean score, ties broken by the number of votes (broader support first), then by age.
The spread (lowest–highest score and standard deviation) shows how far partners
agree. Organisers then freeze the order: the ranks are stored and voting ends.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from confsite.api import User, db, utcnow

from .models import PolicyArea, Recommendation, RecommendationStatus, ReportSettings, Vote
from .targets import (
    NotAllowed,
    ReportError,
    Target,
    areas_of,
    is_organiser,
    partner_organisation,
    settings_of,
)

SCORES = (1, 2, 3, 4, 5)
METHOD = (
    "Each partner organisation scored every accepted recommendation from 1 (low) to 5 "
    "(top priority), one vote per organisation. Recommendations are ranked by mean score; "
    "ties go to the one with more votes. The spread gives the lowest and highest score."
)


@dataclass(frozen=True)
class Ranked:
    recommendation: Recommendation
    rank: int
    mean: float | None
    votes: int
    low: int | None
    high: int | None
    stdev: float | None

    @property
    def spread(self) -> str:
        if self.low is None:
            return "–"
        return f"{self.low}–{self.high}"

    @property
    def mean_text(self) -> str:
        return "–" if self.mean is None else f"{self.mean:.2f}"


def window_state(settings: ReportSettings | None, now: datetime | None = None) -> str:
    """'unset', 'not_open', 'open', 'closed' or 'frozen'."""
    now = now or utcnow()
    if settings is None or settings.voting_opens_at is None or settings.voting_closes_at is None:
        return "frozen" if settings is not None and settings.order_frozen_at else "unset"
    if settings.order_frozen_at is not None:
        return "frozen"
    if now < settings.voting_opens_at:
        return "not_open"
    if now >= settings.voting_closes_at:
        return "closed"
    return "open"


def set_window(user: User, target: Target, opens: datetime, closes: datetime) -> ReportSettings:
    if not is_organiser(user, target):
        raise NotAllowed("Only organisers set the voting window.")
    if closes <= opens:
        raise ReportError("Voting must close after it opens.")
    settings = settings_of(target, create=True)
    if settings.order_frozen_at is not None:  # type: ignore[union-attr]
        raise ReportError("The order is frozen; the voting window can no longer change.")
    settings.voting_opens_at, settings.voting_closes_at = opens, closes  # type: ignore[union-attr]
    return settings  # type: ignore[return-value]


def votable(target: Target) -> list[Recommendation]:
    return list(
        db.session.scalars(
            sa.select(Recommendation)
            .join(PolicyArea)
            .where(target.filter(PolicyArea), Recommendation.status == RecommendationStatus.ACCEPTED)
        )
    )


def organisation_votes(target: Target, organisation_id: int) -> dict[int, int]:
    """The organisation's current scores: recommendation id -> score."""
    rows = db.session.execute(
        sa.select(Vote.recommendation_id, Vote.score)
        .join(Recommendation, Recommendation.id == Vote.recommendation_id)
        .join(PolicyArea, PolicyArea.id == Recommendation.area_id)
        .where(target.filter(PolicyArea), Vote.organisation_id == organisation_id)
    ).all()
    return dict(rows)


def cast_votes(user: User, target: Target, scores: dict[int, int | None], now: datetime | None = None) -> int:
    """Record the user's organisation's scores (None removes a score); returns how many
    scores were stored. All or nothing: a bad entry stores none."""
    organisation = partner_organisation(user, target)
    if organisation is None:
        raise NotAllowed("Only partners representing an organisation can vote.")
    state = window_state(settings_of(target), now)
    if state != "open":
        raise ReportError(
            {
                "unset": "Voting has not been scheduled yet.",
                "not_open": "Voting has not opened yet.",
                "closed": "Voting has closed.",
                "frozen": "The order is frozen; votes can no longer change.",
            }[state]
        )
    allowed = {rec.id: rec for rec in votable(target)}
    for rec_id, score in scores.items():
        if rec_id not in allowed:
            raise ReportError("You can only vote on accepted recommendations of this report.")
        if score is not None and score not in SCORES:
            raise ReportError("Scores go from 1 to 5.")
    existing = {
        vote.recommendation_id: vote
        for vote in db.session.scalars(
            sa.select(Vote).where(
                Vote.organisation_id == organisation.id, Vote.recommendation_id.in_(list(scores))
            )
        )
    }
    stored = 0
    for rec_id, score in scores.items():
        vote = existing.get(rec_id)
        if score is None:
            if vote is not None:
                db.session.delete(vote)
            continue
        if vote is None:
            db.session.add(
                Vote(recommendation_id=rec_id, organisation_id=organisation.id, user=user, score=score)
            )
        else:
            vote.score, vote.user = score, user
        stored += 1
    return stored


def _stats(recs: list[Recommendation]) -> dict[int, list[int]]:
    scores: dict[int, list[int]] = {rec.id: [] for rec in recs}
    if not recs:
        return scores
    rows = db.session.execute(
        sa.select(Vote.recommendation_id, Vote.score).where(Vote.recommendation_id.in_(list(scores)))
    )
    for rec_id, score in rows:
        scores[rec_id].append(score)
    return scores


def ranking(area: PolicyArea) -> list[Ranked]:
    """The area's accepted recommendations in priority order: the frozen ranks when the
    order is frozen, else the live ranking by mean score and number of votes."""
    return rankings([area])[area.id]


def rankings(areas: list[PolicyArea]) -> dict[int, list[Ranked]]:
    """Rankings of several areas with two queries in all."""
    if not areas:
        return {}
    recs = list(
        db.session.scalars(
            sa.select(Recommendation)
            .where(
                Recommendation.area_id.in_([a.id for a in areas]),
                Recommendation.status == RecommendationStatus.ACCEPTED,
            )
            .order_by(Recommendation.id)
        )
    )
    scores = _stats(recs)
    result: dict[int, list[Ranked]] = {area.id: [] for area in areas}
    by_area: dict[int, list[Recommendation]] = {area.id: [] for area in areas}
    for rec in recs:
        by_area[rec.area_id].append(rec)
    for area_id, items in by_area.items():

        def live_key(rec: Recommendation) -> tuple:
            values = scores[rec.id]
            mean = statistics.fmean(values) if values else 0.0
            return (-mean, -len(values), rec.id)

        frozen = items and all(rec.final_rank is not None for rec in items)
        ordered = sorted(items, key=(lambda r: (r.final_rank, r.id)) if frozen else live_key)
        for position, rec in enumerate(ordered, start=1):
            values = scores[rec.id]
            result[area_id].append(
                Ranked(
                    recommendation=rec,
                    rank=position,
                    mean=statistics.fmean(values) if values else None,
                    votes=len(values),
                    low=min(values) if values else None,
                    high=max(values) if values else None,
                    stdev=statistics.pstdev(values) if values else None,
                )
            )
    return result


def is_frozen(target: Target) -> bool:
    settings = settings_of(target)
    return settings is not None and settings.order_frozen_at is not None


def freeze_order(user: User, target: Target) -> None:
    """Store the current ranking as final and end voting (organisers only)."""
    if not is_organiser(user, target):
        raise NotAllowed("Only organisers can freeze the order.")
    settings = settings_of(target, create=True)
    if settings.order_frozen_at is not None:  # type: ignore[union-attr]
        raise ReportError("The order is already frozen.")
    for items in rankings(areas_of(target)).values():
        for ranked in items:
            ranked.recommendation.final_rank = ranked.rank
    settings.order_frozen_at = utcnow()  # type: ignore[union-attr]
    settings.order_frozen_by_id = user.id  # type: ignore[union-attr]


def unfreeze_order(user: User, target: Target) -> None:
    """Reopen the order (organisers only), e.g. after a late accepted recommendation."""
    if not is_organiser(user, target):
        raise NotAllowed("Only organisers can unfreeze the order.")
    settings = settings_of(target)
    if settings is None or settings.order_frozen_at is None:
        raise ReportError("The order is not frozen.")
    for area in areas_of(target):
        for rec in area.recommendations:
            rec.final_rank = None
    settings.order_frozen_at = None
    settings.order_frozen_by_id = None
