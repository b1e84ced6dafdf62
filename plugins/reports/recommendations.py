"""Policy areas and the life of a recommendation.

draft -> submitted -> accepted | merged into another | rejected (with a reason).
Authors (partners) write and submit; organisers review. Every change of text or
status leaves a revision, so the history shows who changed what and when.
Callers commit.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from confsite.api import Session, Talk, User, db

from .i18n import _
from .models import (
    Addressee,
    PolicyArea,
    Recommendation,
    RecommendationComment,
    RecommendationRevision,
)
from .models import (
    RecommendationStatus as Status,
)
from .targets import NotAllowed, ReportError, Target, is_organiser, owner_target, partner_organisation
from .voting import is_frozen

MAX_TEXT = 2000


def _clean(text: str, what: str, limit: int = MAX_TEXT) -> str:
    value = (text or "").strip()
    if not value:
        raise ReportError(_("%(what)s cannot be empty.", what=what))
    if len(value) > limit:
        raise ReportError(
            _(
                "%(what)s is too long (%(count)s characters; at most %(limit)s).",
                what=what,
                count=len(value),
                limit=limit,
            )
        )
    return value


def _addressee(value: str | None) -> Addressee | None:
    if not value:
        return None
    try:
        return Addressee(value)
    except ValueError:
        raise ReportError(_("Unknown addressee '%(value)s'.", value=value)) from None


# -- policy areas ------------------------------------------------------------------
def _session_belongs(session: Session, target: Target) -> bool:
    if target.event is not None:
        return session.event_id == target.event.id
    return session.event.series_id == target.require_series().id


def save_area(
    user: User,
    target: Target,
    *,
    title: str,
    rationale: str = "",
    position: int | None = None,
    session: Session | None = None,
    area: PolicyArea | None = None,
) -> PolicyArea:
    """Create (``area`` None) or update a policy area of ``target``."""
    if not is_organiser(user, target):
        raise NotAllowed(_("Only organisers can define policy areas."))
    if session is not None and not _session_belongs(session, target):
        raise ReportError(_("The linked session must belong to this event or series."))
    if area is None:
        existing = db.session.scalar(sa.select(sa.func.count(PolicyArea.id)).where(target.filter(PolicyArea)))
        area = PolicyArea(**target.scope_kwargs(), position=existing or 0)
        db.session.add(area)
    area.title = _clean(title, "The title", 300)
    area.rationale = (rationale or "").strip()
    if position is not None:
        area.position = position
    area.session = session
    return area


# -- recommendations -----------------------------------------------------------------
def can_edit(user: User | None, rec: Recommendation) -> bool:
    target = owner_target(rec.area)
    if is_organiser(user, target):
        return rec.final_rank is None
    return (
        user is not None
        and rec.author_id == getattr(user, "id", None)
        and rec.status in (Status.DRAFT, Status.SUBMITTED)
    )


def _record(rec: Recommendation, user: User | None, action: str, note: str = "") -> None:
    rec.revisions.append(
        RecommendationRevision(
            user=user,
            action=action,
            text=rec.text,
            addressee=rec.addressee.value if rec.addressee else "",
            note=note,
        )
    )


def _check_links(area: PolicyArea, sessions: list[Session], talks: list[Talk]) -> None:
    target = owner_target(area)
    allowed_events = (
        {target.event.id} if target.event is not None else {e.id for e in target.require_series().events}
    )
    for session in sessions:
        if session.event_id not in allowed_events:
            raise ReportError(
                _(
                    "Session '%(session)s' is not part of %(target)s.",
                    session=session.title,
                    target=target.title,
                )
            )
    for talk in talks:
        if talk.session.event_id not in allowed_events:
            raise ReportError(
                _("Talk '%(talk)s' is not part of %(target)s.", talk=talk.title, target=target.title)
            )


def create_recommendation(
    user: User,
    area: PolicyArea,
    *,
    text: str,
    addressee: str | None = None,
    sessions: Sequence[Session] = (),
    talks: Sequence[Talk] = (),
    submit: bool = False,
) -> Recommendation:
    """A partner (or organiser) proposes a recommendation; it starts as a draft."""
    target = owner_target(area)
    organisation = partner_organisation(user, target)
    if organisation is None and not is_organiser(user, target):
        raise NotAllowed(_("Only partners and organisers can propose recommendations."))
    _check_links(area, list(sessions), list(talks))
    rec = Recommendation(
        area=area,
        text=_clean(text, "The recommendation"),
        addressee=_addressee(addressee),
        author=user,
        organisation=organisation,
        status=Status.DRAFT,
        sessions=list(sessions),
        talks=list(talks),
    )
    db.session.add(rec)
    _record(rec, user, "created")
    db.session.flush()
    if submit:
        submit_recommendation(user, rec)
    return rec


def edit_recommendation(
    user: User,
    rec: Recommendation,
    *,
    text: str,
    addressee: str | None,
    sessions: list[Session],
    talks: list[Talk],
) -> bool:
    """Change text, addressee and links; returns whether anything changed."""
    if not can_edit(user, rec):
        raise NotAllowed(_("You cannot edit this recommendation now."))
    new_text, new_addressee = _clean(text, "The recommendation"), _addressee(addressee)
    _check_links(rec.area, sessions, talks)
    changed = (new_text, new_addressee) != (rec.text, rec.addressee)
    links_changed = {s.id for s in sessions} != {s.id for s in rec.sessions} or {t.id for t in talks} != {
        t.id for t in rec.talks
    }
    rec.text, rec.addressee = new_text, new_addressee
    rec.sessions, rec.talks = list(sessions), list(talks)
    if changed or links_changed:
        _record(rec, user, "edited")
    return changed or links_changed


def submit_recommendation(user: User, rec: Recommendation) -> None:
    # Who may act is checked before the state: others get 403 whatever the status.
    if rec.author_id != user.id and not is_organiser(user, owner_target(rec.area)):
        raise NotAllowed(_("Only the author can submit this draft."))
    if rec.status != Status.DRAFT:
        raise ReportError(_("Only a draft can be submitted."))
    rec.status = Status.SUBMITTED
    _record(rec, user, "submitted")


def ensure_reviewer(user: User, rec: Recommendation) -> None:
    """``NotAllowed`` (403) unless ``user`` organises the recommendation's report; checked
    before anything about the request's content, so partners never get a softer answer."""
    if not is_organiser(user, owner_target(rec.area)):
        raise NotAllowed(_("Only organisers review recommendations."))


def _review(user: User, rec: Recommendation) -> None:
    target = owner_target(rec.area)
    ensure_reviewer(user, rec)
    if rec.status != Status.SUBMITTED:
        raise ReportError(_("Only a submitted recommendation can be reviewed."))
    if is_frozen(target):
        raise ReportError(_("The order is frozen: unfreeze it before reviewing more recommendations."))


def accept_recommendation(user: User, rec: Recommendation) -> None:
    _review(user, rec)
    rec.status = Status.ACCEPTED
    _record(rec, user, "accepted")


def reject_recommendation(user: User, rec: Recommendation, reason: str) -> None:
    _review(user, rec)
    rec.rejection_reason = _clean(reason, "The reason for rejecting")
    rec.status = Status.REJECTED
    _record(rec, user, "rejected", rec.rejection_reason)


def merge_recommendation(user: User, rec: Recommendation, into: Recommendation) -> None:
    """Fold a submitted or accepted recommendation into another of the same area (which
    keeps on). Votes travel with it: a partner that scored only the merged one now scores
    the kept one; one that scored both keeps its higher score."""
    target = owner_target(rec.area)
    if not is_organiser(user, target):
        raise NotAllowed(_("Only organisers review recommendations."))
    if rec.status not in (Status.SUBMITTED, Status.ACCEPTED):
        raise ReportError(_("Only a submitted or accepted recommendation can be merged."))
    if is_frozen(target):
        raise ReportError(_("The order is frozen: unfreeze it before merging recommendations."))
    if into.id == rec.id or into.area_id != rec.area_id:
        raise ReportError(_("A recommendation can only be merged into another one of the same area."))
    if into.status not in (Status.SUBMITTED, Status.ACCEPTED):
        raise ReportError(_("Merge into a submitted or accepted recommendation."))
    kept = {vote.organisation_id: vote for vote in into.votes}
    for vote in list(rec.votes):
        existing = kept.get(vote.organisation_id)
        if existing is None:
            vote.recommendation = into
        else:
            existing.score = max(existing.score, vote.score)
            db.session.delete(vote)
    rec.merged_into = into
    rec.status = Status.MERGED
    _record(rec, user, "merged", f"Merged into recommendation #{into.id}")
    _record(into, user, "absorbed", f"Recommendation #{rec.id} was merged into this one")


def add_comment(user: User, rec: Recommendation, body: str) -> RecommendationComment:
    target = owner_target(rec.area)
    if partner_organisation(user, target) is None and not is_organiser(user, target):
        raise NotAllowed(_("Only partners and organisers take part in the discussion."))
    comment = RecommendationComment(recommendation=rec, author=user, body=_clean(body, "The comment"))
    db.session.add(comment)
    return comment
