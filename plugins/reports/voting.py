"""Prioritising accepted recommendations: one voice per partner organisation.

Method (shown to partners and printed in the report, see docs/reports.md): during the
collection window each partner organisation gives every accepted recommendation of an
area a score from 1 (low priority) to 5 (top priority); a later vote by anyone of the
same organisation replaces the organisation's earlier one.

- **Quorum.** A recommendation needs at least the organisers' quorum of partner votes
  to be ranked; those below it are listed apart, unranked.
- **Ranking score.** The mean is pulled towards the middle of the scale as if
  ``PRIOR_WEIGHT`` more partners had scored ``PRIOR_MEAN``: ``(sum + 2 x 3) / (n + 2)``.
  One enthusiastic vote of 5 scores 3.67 and no longer beats five votes averaging 4.6
  (4.14): the fewer the votes, the less a high mean counts.
- **Ties** (equal ranking scores) go to more votes, then to the smaller spread
  (standard deviation), then to the earlier proposal; the report names the rule that
  decided each tie.

Organisers then freeze the order: the ranks are stored and voting ends.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from babel.numbers import format_decimal

from confsite.api import RoleAssignment, RoleName, User, current_language, db, utcnow

from .i18n import _
from .models import PolicyArea, Recommendation, RecommendationStatus, ReportSettings, Vote
from .targets import (
    NotAllowed,
    ReportError,
    Target,
    areas_of,
    is_organiser,
    owner_target,
    partner_organisation,
    settings_of,
)

SCORES = (1, 2, 3, 4, 5)
PRIOR_MEAN = 3.0
PRIOR_WEIGHT = 2
METHOD = (
    "Each partner organisation scored every accepted recommendation from 1 (low) to 5 "
    "(top priority), one vote per organisation. Only recommendations with at least the "
    "quorum of votes are ranked; the others are listed apart. The ranking score is the mean "
    "pulled towards the middle of the scale as if two more partners had scored 3, so that "
    "few votes weigh less than many: (sum of scores + 6) / (votes + 2). Ties go to more "
    "votes, then to the smaller spread, then to the earlier proposal."
)


def _decimal(value: float | None) -> str:
    """Two decimals the way the language being rendered writes them (4.60 / 4,60)."""
    return format_decimal(value or 0.0, format="0.00", locale=current_language())


@dataclass(frozen=True)
class Ranked:
    recommendation: Recommendation
    rank: int | None  # None: below the quorum, not ranked
    mean: float | None
    votes: int
    low: int | None
    high: int | None
    stdev: float | None
    partners: int = 0  # partner organisations that could vote
    quorum: int = 1
    tie_break: str = ""  # which rule placed it after an item with the same score

    @property
    def spread(self) -> str:
        if self.low is None:
            return "–"
        return f"{self.low}–{self.high} (σ {_decimal(self.stdev)})"

    @property
    def mean_text(self) -> str:
        return "–" if self.mean is None else _decimal(self.mean)

    @property
    def score(self) -> float:
        """The ranking score: the mean with the confidence adjustment."""
        total = (self.mean or 0.0) * self.votes
        return (total + PRIOR_MEAN * PRIOR_WEIGHT) / (self.votes + PRIOR_WEIGHT)

    @property
    def score_text(self) -> str:
        return _decimal(self.score) if self.votes else "–"

    @property
    def voted_text(self) -> str:
        return _("%(n)s of %(m)s", n=self.votes, m=self.partners)

    @property
    def ranked(self) -> bool:
        return self.votes >= self.quorum


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


def set_quorum(user: User, target: Target, quorum: int) -> ReportSettings:
    """The fewest partner votes a recommendation needs to be ranked (organisers only)."""
    if not is_organiser(user, target):
        raise NotAllowed(_("Only organisers set the quorum."))
    if quorum < 0 or quorum > 1000:
        raise ReportError(_("The quorum is a number of votes from 0 to 1000."))
    settings = settings_of(target, create=True)
    if settings.order_frozen_at is not None:
        raise ReportError(_("The order is frozen; unfreeze it before changing the quorum."))
    settings.quorum = quorum
    return settings


def set_window(user: User, target: Target, opens: datetime, closes: datetime) -> ReportSettings:
    if not is_organiser(user, target):
        raise NotAllowed(_("Only organisers set the voting window."))
    if closes <= opens:
        raise ReportError(_("Voting must close after it opens."))
    settings = settings_of(target, create=True)
    if settings.order_frozen_at is not None:
        raise ReportError(_("The order is frozen; the voting window can no longer change."))
    settings.voting_opens_at, settings.voting_closes_at = opens, closes
    return settings


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
        raise NotAllowed(_("Only partners representing an organisation can vote."))
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
            raise ReportError(_("You can only vote on accepted recommendations of this report."))
        if score is not None and score not in SCORES:
            raise ReportError(_("Scores go from 1 to 5."))
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


def partner_count(target: Target) -> int:
    """Partner organisations that can vote on the target's recommendations (an event's
    include its series' partners)."""
    scope = [RoleAssignment.series_id == target.series.id] if target.series is not None else []
    if target.event is not None:
        scope = [RoleAssignment.event_id == target.event.id]
        if target.event.series_id is not None:
            scope.append(RoleAssignment.series_id == target.event.series_id)
    return (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(RoleAssignment.organisation_id))).where(
                RoleAssignment.role == RoleName.PARTNER,
                RoleAssignment.organisation_id.is_not(None),
                sa.or_(*scope),
            )
        )
        or 0
    )


def _tie_rule(before: Ranked, after: Ranked) -> str:
    """Which rule put ``after`` behind ``before`` when their ranking scores are equal."""
    if round(before.score, 6) != round(after.score, 6):
        return ""
    if before.votes != after.votes:
        return _("same score as priority %(rank)s: fewer votes", rank=before.rank)
    if (before.stdev or 0) != (after.stdev or 0):
        return _("same score as priority %(rank)s: wider spread", rank=before.rank)
    return _("same score as priority %(rank)s: proposed later", rank=before.rank)


def _ordered(items: Sequence[Ranked], frozen: bool) -> list[Ranked]:
    if frozen:
        return sorted(items, key=lambda r: (r.recommendation.final_rank, r.recommendation.id))
    return sorted(items, key=lambda r: (-round(r.score, 6), -r.votes, r.stdev or 0.0, r.recommendation.id))


def ranking(area: PolicyArea) -> list[Ranked]:
    """The area's accepted recommendations in priority order (see :func:`rankings`)."""
    return rankings([area])[area.id]


def rankings(areas: list[PolicyArea]) -> dict[int, list[Ranked]]:
    """Per area: the ranked recommendations (the frozen ranks when the order is frozen,
    else the live ranking), then those below the quorum with ``rank`` None."""
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
    owners: dict[tuple[int | None, int | None], tuple[int, int]] = {}
    for area in areas:
        key = (area.event_id, area.series_id)
        if key not in owners:
            owner = owner_target(area)
            settings = settings_of(owner)
            owners[key] = (partner_count(owner), max(settings.quorum, 0) if settings else 1)
    by_area: dict[int, list[Recommendation]] = {area.id: [] for area in areas}
    for rec in recs:
        by_area[rec.area_id].append(rec)
    result: dict[int, list[Ranked]] = {}
    for area in areas:
        partners, quorum = owners[(area.event_id, area.series_id)]
        items = []
        for rec in by_area[area.id]:
            values = scores[rec.id]
            items.append(
                Ranked(
                    recommendation=rec,
                    rank=None,
                    mean=statistics.fmean(values) if values else None,
                    votes=len(values),
                    low=min(values) if values else None,
                    high=max(values) if values else None,
                    stdev=statistics.pstdev(values) if values else None,
                    partners=partners,
                    quorum=quorum,
                )
            )
        frozen = any(item.recommendation.final_rank is not None for item in items)
        if frozen:
            eligible = [item for item in items if item.recommendation.final_rank is not None]
        else:
            eligible = [item for item in items if item.ranked]
        apart = [item for item in items if item not in eligible]
        ranked: list[Ranked] = []
        for position, item in enumerate(_ordered(eligible, frozen), start=1):
            placed = replace(item, rank=position)
            if ranked and not frozen:
                placed = replace(placed, tie_break=_tie_rule(ranked[-1], placed))
            ranked.append(placed)
        result[area.id] = ranked + sorted(apart, key=lambda r: (-r.votes, r.recommendation.id))
    return result


def is_frozen(target: Target) -> bool:
    settings = settings_of(target)
    return settings is not None and settings.order_frozen_at is not None


def freeze_order(user: User, target: Target) -> None:
    """Store the current ranking as final and end voting (organisers only)."""
    if not is_organiser(user, target):
        raise NotAllowed(_("Only organisers can freeze the order."))
    settings = settings_of(target, create=True)
    if settings.order_frozen_at is not None:
        raise ReportError(_("The order is already frozen."))
    for items in rankings(areas_of(target)).values():
        for ranked in items:
            ranked.recommendation.final_rank = ranked.rank  # None below the quorum
    settings.order_frozen_at = utcnow()
    settings.order_frozen_by_id = user.id


def unfreeze_order(user: User, target: Target) -> None:
    """Reopen the order (organisers only), e.g. after a late accepted recommendation."""
    if not is_organiser(user, target):
        raise NotAllowed(_("Only organisers can unfreeze the order."))
    settings = settings_of(target)
    if settings is None or settings.order_frozen_at is None:
        raise ReportError(_("The order is not frozen."))
    for area in areas_of(target):
        for rec in area.recommendations:
            rec.final_rank = None
    settings.order_frozen_at = None
    settings.order_frozen_by_id = None
