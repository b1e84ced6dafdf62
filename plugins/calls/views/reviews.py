"""Reviewers' pages: their assignments, scoring one application (blind until their own
review is submitted) and stepping aside with a declared conflict of interest."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from confsite.api import db

from .. import evaluation, services
from ..forms import ConflictForm, EmptyForm
from ..i18n import _
from ..models import Call, Review
from ..services import CallError
from .common import Scope, answer_rows, public_call, public_route, scope_args


def _reviewer_call(call_id: int) -> tuple[Scope, Call]:
    scope, call = public_call(call_id)
    if not services.is_reviewer(current_user, call):
        abort(403, description=_("Only the call's reviewers can do this."))
    return scope, call


def _own_review(call: Call, review_id: int) -> Review:
    review = db.session.get(Review, review_id)
    if review is None or review.submission.call_id != call.id or review.reviewer_id != current_user.id:
        abort(404)
    return review


@public_route("/<int:call_id>/reviews")
@login_required
def my_reviews(call_id: int) -> ResponseReturnValue:
    scope, call = _reviewer_call(call_id)
    return render_template(
        "calls/my_reviews.html", scope=scope, call=call, reviews=evaluation.reviews_for(call, current_user)
    )


def _review_page(
    scope: Scope, call: Call, review: Review, status: int = 200, error: str = ""
) -> ResponseReturnValue:
    return render_template(
        "calls/review.html",
        scope=scope,
        call=call,
        review=review,
        submission=review.submission,
        answers=answer_rows(call, review.submission),
        others=evaluation.visible_reviews(review),
        weighted=evaluation.weighted_score,
        conflict_form=ConflictForm(prefix="conflict"),
        button=EmptyForm(),
        error=error,
        posted=request.form if request.method == "POST" else None,
    ), status


def _scores(call: Call) -> dict[int, int | None] | None:
    """The posted score of each criterion (None: left blank); None if one is not a whole number."""
    scores: dict[int, int | None] = {}
    for criterion in call.criteria:
        raw = request.form.get(f"c{criterion.id}", "").strip()
        if raw and not raw.lstrip("-").isdigit():
            return None
        scores[criterion.id] = int(raw) if raw else None
    return scores


@public_route("/<int:call_id>/reviews/<int:review_id>", methods=["GET", "POST"])
@login_required
def review(call_id: int, review_id: int) -> ResponseReturnValue:
    scope, call = _reviewer_call(call_id)
    item = _own_review(call, review_id)
    if item.conflict:
        abort(403, description=_("You declared a conflict of interest with this application."))
    if request.method == "GET":
        return _review_page(scope, call, item)
    if not EmptyForm().validate_on_submit():
        return _review_page(scope, call, item, 400, _("The form expired: please send it again."))
    scores = _scores(call)
    if scores is None:
        return _review_page(scope, call, item, 400, _("Scores are whole numbers."))
    try:
        evaluation.score(
            item, scores, request.form.get("comment", ""), final=request.form.get("action") == "submit"
        )
    except CallError as exc:
        return _review_page(scope, call, item, 400, str(exc))
    flash(_("Review submitted.") if item.submitted_at else _("Scores saved."), "success")
    return redirect(url_for("calls.review", **scope_args(call), review_id=item.id))


@public_route("/<int:call_id>/reviews/<int:review_id>/conflict", methods=["POST"])
@login_required
def declare_conflict(call_id: int, review_id: int) -> ResponseReturnValue:
    call = _reviewer_call(call_id)[1]
    item = _own_review(call, review_id)
    form = ConflictForm(prefix="conflict")
    if not form.validate_on_submit():
        abort(400)
    evaluation.declare_conflict(item, form.note.data or "")
    flash(_("Conflict of interest recorded: this application is no longer open to you."), "success")
    return redirect(url_for("calls.my_reviews", **scope_args(call)))
