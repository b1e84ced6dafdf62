"""The reports plugin's part of a person's data: their download and their erasure
(``personal_data`` / ``erase_personal_data`` hooks, registered from ``__init__``).

Recommendations, comments, revisions and votes point at the person with ``SET NULL``
keys. Erasing them keeps every text and every vote (a vote is the partner
organisation's, so rankings do not move) and drops only the link to the account,
here explicitly so the result does not depend on the database enforcing the keys;
pages then show the author as unknown.
"""

from __future__ import annotations

import sqlalchemy as sa

from confsite import hookimpl
from confsite.api import User, db

from .models import (
    PublishedReport,
    Recommendation,
    RecommendationComment,
    RecommendationRevision,
    ReportBuild,
    ReportSettings,
    Vote,
)


@hookimpl
def personal_data(user: User) -> dict:
    """The recommendations this person proposed, their comments, edits and votes."""
    recommendations = db.session.scalars(
        sa.select(Recommendation).where(Recommendation.author_id == user.id).order_by(Recommendation.id)
    ).all()
    comments = db.session.scalars(
        sa.select(RecommendationComment)
        .where(RecommendationComment.author_id == user.id)
        .order_by(RecommendationComment.id)
    ).all()
    revisions = db.session.scalars(
        sa.select(RecommendationRevision)
        .where(RecommendationRevision.user_id == user.id)
        .order_by(RecommendationRevision.id)
    ).all()
    votes = db.session.scalars(sa.select(Vote).where(Vote.user_id == user.id).order_by(Vote.id)).all()
    return {
        "recommendations": [
            {
                "id": r.id,
                "policy_area": r.area.title,
                "text": r.text,
                "status": r.status.value,
                "created_at": r.created_at.isoformat(),
            }
            for r in recommendations
        ],
        "comments": [
            {"recommendation_id": c.recommendation_id, "text": c.body, "at": c.at.isoformat()}
            for c in comments
        ],
        "revisions": [
            {"recommendation_id": r.recommendation_id, "action": r.action, "at": r.at.isoformat()}
            for r in revisions
        ],
        "votes": [
            {
                "recommendation_id": v.recommendation_id,
                "organisation": v.organisation.name,
                "score": v.score,
                "at": v.at.isoformat(),
            }
            for v in votes
        ],
    }


# Every column of this plugin naming an account, with ``SET NULL`` semantics.
_LINKS: tuple[tuple[type, str], ...] = (
    (Recommendation, "author_id"),
    (RecommendationComment, "author_id"),
    (RecommendationRevision, "user_id"),
    (Vote, "user_id"),
    (ReportSettings, "order_frozen_by_id"),
    (ReportBuild, "requested_by_id"),
    (PublishedReport, "published_by_id"),
)


@hookimpl
def erase_personal_data(user: User) -> None:
    """Texts and votes stay; only their link to the account goes."""
    for model, column in _LINKS:
        db.session.execute(
            sa.update(model)
            .where(getattr(model, column) == user.id)
            .values({column: None})
            .execution_options(synchronize_session=False)
        )
