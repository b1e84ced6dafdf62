"""Evaluation of a call: the committee, weighted criteria, assignments (manual or
balanced, never to a reviewer with a declared conflict), blind scoring, the ranking,
the shortlist of a two-stage call and the decisions with their e-mails.

Each function that writes commits its change, or rolls it all back before its error
reaches the caller (``committing``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.api import User, build_message, committing, db, send_mail, user_by_email, utcnow

from .i18n import _, _l
from .models import Call, Criterion, Decision, Review, Reviewer, Submission, SubmissionStatus
from .services import CallError, Placeholders, submissions_of

DEFAULT_TEMPLATES = {
    Decision.ACCEPTED: _l(
        "Dear {name},\n\nwe are glad to tell you that “{title}” was selected in “{call}”.\n"
    ),
    Decision.REJECTED: _l(
        "Dear {name},\n\nthank you for applying to “{call}”. “{title}” was not selected this time.\n"
    ),
    Decision.WAITLISTED: _l(
        "Dear {name},\n\n“{title}” is on the waiting list of “{call}”. We will write again.\n"
    ),
}


# -- the committee and the criteria ------------------------------------------------------


def add_reviewer(call: Call, email: str) -> Reviewer:
    user = user_by_email(email.strip())
    if user is None:
        raise CallError(_("No account uses %(email)s: ask them to sign up first.", email=email.strip()))
    if any(r.user_id == user.id for r in call.reviewers):
        raise CallError(_("%(email)s is already on the committee.", email=user.email))
    with committing():
        reviewer = Reviewer(call=call, user=user)
        db.session.add(reviewer)
    return reviewer


def remove_reviewer(reviewer: Reviewer) -> None:
    """Their unsubmitted assignments go with them; submitted reviews stay on record."""
    with committing():
        for review in db.session.scalars(
            sa.select(Review)
            .join(Submission)
            .where(
                Submission.call_id == reviewer.call_id,
                Review.reviewer_id == reviewer.user_id,
                Review.submitted_at.is_(None),
            )
        ):
            db.session.delete(review)
        db.session.delete(reviewer)


def add_criterion(call: Call, name: str, description: str, weight: float, scale_max: int) -> Criterion:
    if weight <= 0:
        raise CallError(_("A weight must be above zero."))
    if not 1 <= scale_max <= 100:
        raise CallError(_("The scale goes from 0 to a maximum between 1 and 100."))
    with committing():
        criterion = Criterion(
            call=call,
            name=name.strip(),
            description=description.strip(),
            weight=weight,
            scale_max=scale_max,
            position=len(call.criteria),
        )
        db.session.add(criterion)
    return criterion


def remove_criterion(criterion: Criterion) -> None:
    """Take a criterion off the call (the scores given on it no longer count)."""
    with committing():
        criterion.call.criteria.remove(criterion)


# -- assignments -------------------------------------------------------------------------


def current_stage(call: Call) -> int:
    """Stage 2 once a two-stage call has a shortlist."""
    if not call.two_stage:
        return 1
    shortlisted = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Submission)
        .where(Submission.call_id == call.id, Submission.shortlisted.is_(True))
    )
    return 2 if shortlisted else 1


def _candidates(call: Call, stage: int) -> list[Submission]:
    subs = submissions_of(call)
    return [s for s in subs if s.shortlisted] if stage == 2 else subs


def assign(submission: Submission, reviewer_user: User, stage: int = 1) -> Review:
    call = submission.call
    if not any(r.user_id == reviewer_user.id for r in call.reviewers):
        raise CallError(_("Only members of the call's committee can be assigned."))
    if submission.user_id == reviewer_user.id:
        raise CallError(_("Nobody reviews their own application."))
    existing = next(
        (r for r in submission.reviews if r.reviewer_id == reviewer_user.id and r.stage == stage), None
    )
    if existing is not None:
        if existing.conflict:
            raise CallError(_("This reviewer declared a conflict of interest with this application."))
        return existing
    if any(r.conflict and r.reviewer_id == reviewer_user.id for r in submission.reviews):
        raise CallError(_("This reviewer declared a conflict of interest with this application."))
    with committing():
        review = Review(submission=submission, reviewer_id=reviewer_user.id, stage=stage)
        db.session.add(review)
    return review


def auto_assign(call: Call, per_submission: int) -> int:
    """Give every submission of the current stage ``per_submission`` reviewers, picking
    the least-loaded committee members first; conflicts and own applications are skipped.
    Returns how many assignments were made."""
    stage = current_stage(call)
    reviewers = [r.user for r in call.reviewers]
    if not reviewers:
        raise CallError(_("Appoint reviewers first."))
    submissions = _candidates(call, stage)
    load: Counter[int] = Counter()
    for submission in submissions:
        for review in submission.reviews:
            if review.stage == stage and not review.conflict and review.reviewer_id is not None:
                load[review.reviewer_id] += 1
    made = 0
    with committing():
        for submission in submissions:
            taken = {r.reviewer_id for r in submission.reviews if r.stage == stage and not r.conflict}
            blocked = {r.reviewer_id for r in submission.reviews if r.conflict}
            for user in sorted(reviewers, key=lambda u: (load[u.id], u.id)):
                if len(taken) >= per_submission:
                    break
                if user.id in taken or user.id in blocked or user.id == submission.user_id:
                    continue
                db.session.add(Review(submission=submission, reviewer_id=user.id, stage=stage))
                taken.add(user.id)
                load[user.id] += 1
                made += 1
    return made


def reviews_for(call: Call, user: User) -> list[Review]:
    """A reviewer's assignments in this call."""
    return list(
        db.session.scalars(
            sa.select(Review)
            .join(Submission)
            .where(Submission.call_id == call.id, Review.reviewer_id == user.id)
            .options(selectinload(Review.submission))
            .order_by(Review.stage, Submission.id)
        )
    )


def declare_conflict(review: Review, note: str) -> None:
    """The reviewer steps aside: their scores are dropped and the application closed to them."""
    with committing():
        review.conflict = True
        review.conflict_note = note.strip()
        review.scores = {}
        review.comment = ""
        review.submitted_at = None


def score(review: Review, scores: dict[int, int | None], comment: str, *, final: bool) -> None:
    """Store scores (0..scale of each criterion); ``final`` requires all and submits."""
    if review.conflict:
        raise CallError(_("You declared a conflict of interest with this application."))
    if review.submitted_at is not None:
        raise CallError(_("This review was already submitted."))
    criteria = review.submission.call.criteria
    stored: dict[str, int] = {}
    for criterion in criteria:
        value = scores.get(criterion.id)
        if value is None:
            if final:
                raise CallError(_("Score every criterion before submitting."))
            continue
        if not 0 <= value <= criterion.scale_max:
            raise CallError(
                _("“%(name)s” is scored from 0 to %(max)s.", name=criterion.name, max=criterion.scale_max)
            )
        stored[str(criterion.id)] = value
    with committing():
        review.scores = stored
        review.comment = comment.strip()
        if final:
            review.submitted_at = utcnow()


def visible_reviews(review: Review) -> list[Review]:
    """Blind scoring: the other reviewers' submitted reviews, once this one is submitted."""
    if review.submitted_at is None:
        return []
    return [
        r
        for r in review.submission.reviews
        if r.id != review.id and r.stage == review.stage and r.submitted_at is not None
    ]


# -- ranking -----------------------------------------------------------------------------


def weighted_score(review: Review, criteria: list[Criterion]) -> float:
    """A review's score on 0..100: each criterion's share of its scale, weighted."""
    total_weight = sum(c.weight for c in criteria) or 1.0
    return (
        100.0 * sum(c.weight * review.scores.get(str(c.id), 0) / c.scale_max for c in criteria) / total_weight
    )


@dataclass
class Rank:
    submission: Submission
    mean: float | None
    spread: float | None
    reviews: int
    assigned: int


def ranking(call: Call, stage: int = 1) -> list[Rank]:
    """Submitted applications with mean and spread (population standard deviation) of
    their submitted reviews of ``stage``, best first; unreviewed ones last."""
    criteria = list(call.criteria)
    rows = []
    for submission in db.session.scalars(
        sa.select(Submission)
        .where(Submission.call_id == call.id, Submission.status == SubmissionStatus.SUBMITTED)
        .options(selectinload(Submission.reviews), selectinload(Submission.user))
    ):
        if stage == 2 and not submission.shortlisted:
            continue
        done = [r for r in submission.reviews if r.stage == stage and r.submitted_at is not None]
        assigned = [r for r in submission.reviews if r.stage == stage and not r.conflict]
        values = [weighted_score(r, criteria) for r in done]
        rows.append(
            Rank(
                submission=submission,
                mean=round(statistics.fmean(values), 1) if values else None,
                spread=round(statistics.pstdev(values), 1) if values else None,
                reviews=len(values),
                assigned=len(assigned),
            )
        )
    rows.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.submission.id))
    return rows


def set_shortlist(call: Call, submission_ids: set[int]) -> None:
    """Stage one's outcome: these go on to the pitch session and stage-two scoring."""
    if not call.two_stage:
        raise CallError(_("This call has a single stage."))
    with committing():
        for submission in submissions_of(call):
            submission.shortlisted = submission.id in submission_ids


# -- decisions ---------------------------------------------------------------------------


def render_template_text(template: str, submission: Submission) -> str:
    """Fill ``{name}``, ``{title}`` and ``{call}``; unknown braces stay as typed."""
    values = Placeholders(
        name=submission.user.name if submission.user else "",
        title=submission.title,
        call=submission.call.title,
    )
    return template.format_map(values)


def template_for(call: Call, decision: Decision) -> str:
    own = {
        Decision.ACCEPTED: call.accept_template,
        Decision.REJECTED: call.reject_template,
        Decision.WAITLISTED: call.waitlist_template,
    }[decision]
    return own or str(DEFAULT_TEMPLATES[decision])


def decide(submission: Submission, decision: Decision, *, notify: bool = True) -> None:
    """Record the decision and (by default) e-mail the applicant its templated text,
    once the decision is committed."""
    if submission.status != SubmissionStatus.SUBMITTED:
        raise CallError(_("Only submitted applications can be decided."))
    if decision == Decision.PENDING:
        raise CallError(_("Pick accept, reject or waiting list."))
    with committing():
        submission.decision = decision
        submission.decided_at = utcnow()
    if notify and submission.user is not None:
        text = render_template_text(template_for(submission.call, decision), submission)
        subject = _("%(call)s: %(decision)s", call=submission.call.title, decision=decision.label)
        send_mail(build_message(submission.user.email, subject, text))
