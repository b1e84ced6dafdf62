"""The calls plugin's part of a person's data: their download and their erasure
(``personal_data`` / ``erase_personal_data`` hooks, registered from ``__init__``).

Erasure: unsent drafts go with their uploaded files; submitted applications stay with
their call (the evaluation, decisions and vouchers rest on them), no longer linked to
the account. Matchmaking profiles and their meetings, committee seats and reviews
are tied to the account by ``CASCADE`` keys and go with it. The purge of events past
the retention period (``purge_personal_data``) blanks the profiles' personal fields.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite import hookimpl
from confsite.api import Event, User, db

from . import storage
from .models import Meeting, MeetingSlot, Profile, Review, Reviewer, Submission, SubmissionStatus

# The name the core gives erased people (confsite.services.personal_data.FORMER_MEMBER).
FORMER_MEMBER = "Former member"


@hookimpl
def personal_data(user: User) -> dict:
    """What this person applied with, reviewed and offered for matchmaking."""
    submissions = db.session.scalars(
        sa.select(Submission)
        .where(Submission.user_id == user.id)
        .options(selectinload(Submission.files), selectinload(Submission.call))
        .order_by(Submission.id)
    ).all()
    reviews = db.session.scalars(
        sa.select(Review).where(Review.reviewer_id == user.id).order_by(Review.id)
    ).all()
    committees = db.session.scalars(sa.select(Reviewer).where(Reviewer.user_id == user.id)).all()
    profiles = db.session.scalars(sa.select(Profile).where(Profile.user_id == user.id)).all()
    profile_ids = [p.id for p in profiles]
    meetings = (
        db.session.scalars(
            sa.select(Meeting)
            .where(sa.or_(Meeting.requester_id.in_(profile_ids), Meeting.invitee_id.in_(profile_ids)))
            .order_by(Meeting.id)
        ).all()
        if profile_ids
        else []
    )
    return {
        "submissions": [
            {
                "call": s.call.title,
                "title": s.title,
                "summary": s.summary,
                "status": s.status.value,
                "decision": s.decision.value,
                "submitted_at": s.submitted_at.isoformat() if s.submitted_at else None,
                "answers": s.answers,
                "coapplicants": s.coapplicants,
                "files": [f.filename for f in s.files],
            }
            for s in submissions
        ],
        "committees": [r.call.title for r in committees],
        "reviews": [
            {
                "submission_id": r.submission_id,
                "stage": r.stage,
                "conflict": r.conflict,
                "conflict_note": r.conflict_note,
                "scores": r.scores,
                "comment": r.comment,
            }
            for r in reviews
        ],
        "profiles": [
            {
                "event": p.event.slug,
                "display_name": p.display_name,
                "organisation": p.organisation,
                "region": p.region,
                "sector": p.sector,
                "needs": p.needs,
                "offers": p.offers,
                "description": p.description,
            }
            for p in profiles
        ],
        "meetings": [
            {
                "start_at": m.slot.start_at.isoformat(),
                "location": m.slot.location,
                "status": m.status.value,
                "message": m.message,
                "with": (m.invitee if m.requester_id in profile_ids else m.requester).display_name,
            }
            for m in meetings
        ],
    }


@hookimpl
def erase_personal_data(user: User) -> None:
    """Drafts and their files go; submitted applications and written reviews lose the
    link to the account (a review's scores stay, so the call's ranking does not move)."""
    drafts = db.session.scalars(
        sa.select(Submission)
        .where(Submission.user_id == user.id, Submission.status == SubmissionStatus.DRAFT)
        .options(selectinload(Submission.files))
    ).all()
    stored = [f.stored_name for draft in drafts for f in draft.files]
    for draft in drafts:
        db.session.delete(draft)
    db.session.execute(
        sa.update(Submission)
        .where(Submission.user_id == user.id)
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        sa.update(Review)
        .where(Review.reviewer_id == user.id)
        .values(reviewer_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    for name in stored:
        storage.remove(name)


@hookimpl
def purge_personal_data(ended_before: datetime) -> None:
    """Matchmaking profiles of events past the retention period lose their names,
    organisations and descriptions, and meetings their messages; regions, needs,
    offers and meetings stay, so the matchmaking figures do not change."""
    past = sa.select(Event.id).where(Event.end_at < ended_before).scalar_subquery()
    db.session.execute(
        sa.update(Profile)
        .where(Profile.event_id.in_(past), Profile.display_name != FORMER_MEMBER)
        .values(display_name=FORMER_MEMBER, organisation="", description="")
        .execution_options(synchronize_session=False)
    )
    slots = sa.select(MeetingSlot.id).where(MeetingSlot.event_id.in_(past)).scalar_subquery()
    db.session.execute(
        sa.update(Meeting)
        .where(Meeting.slot_id.in_(slots), Meeting.message != "")
        .values(message="")
        .execution_options(synchronize_session=False)
    )
