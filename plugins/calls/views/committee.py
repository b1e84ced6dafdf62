"""Organiser's committee page: reviewers, weighted criteria and assignments (manual or
balanced). Parse the form, call an evaluation service (which commits), flash, redirect."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template
from flask.typing import ResponseReturnValue
from flask_login import login_required

from confsite.api import db, select_choices

from .. import evaluation, services
from ..forms import AutoAssignForm, CriterionForm, EmptyForm, ManualAssignForm, ReviewerForm
from ..i18n import _
from ..models import Call, Criterion, Reviewer
from ..services import CallError
from .common import Scope, back_to, flash_error, manage_route, managed_call, submission_of


def _committee_page(scope: Scope, call: Call, status: int = 200, **forms: Any) -> ResponseReturnValue:
    submissions = services.submissions_of(call)
    stage = evaluation.current_stage(call)
    manual = forms.get("manual_form") or ManualAssignForm(prefix="manual")
    manual.submission.choices = select_choices((s.id, f"#{s.id} {s.title}") for s in submissions)
    manual.reviewer.choices = select_choices((r.user_id, r.user.name) for r in call.reviewers)
    return render_template(
        "calls/committee.html",
        scope=scope,
        call=call,
        stage=stage,
        submissions=submissions,
        reviewer_form=forms.get("reviewer_form") or ReviewerForm(prefix="reviewer"),
        criterion_form=forms.get("criterion_form") or CriterionForm(prefix="criterion"),
        auto_form=forms.get("auto_form") or AutoAssignForm(prefix="auto"),
        manual_form=manual,
        button=EmptyForm(),
    ), status


@manage_route("/<int:call_id>/committee")
@login_required
def committee(call_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    return _committee_page(scope, call)


@manage_route("/<int:call_id>/reviewers", methods=["POST"])
@login_required
def reviewer_add(call_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    form = ReviewerForm(prefix="reviewer")
    if form.validate_on_submit():
        try:
            evaluation.add_reviewer(call, form.email.data)
        except CallError as exc:
            form.email.errors.append(str(exc))
        else:
            flash(_("Reviewer added."), "success")
            return back_to("calls.committee", call)
    return _committee_page(scope, call, 400, reviewer_form=form)


@manage_route("/<int:call_id>/reviewers/<int:reviewer_id>/remove", methods=["POST"])
@login_required
def reviewer_remove(call_id: int, reviewer_id: int) -> ResponseReturnValue:
    call = managed_call(call_id)[1]
    reviewer = db.session.get(Reviewer, reviewer_id)
    if reviewer is None or reviewer.call_id != call.id:
        abort(404)
    evaluation.remove_reviewer(reviewer)
    flash(_("Reviewer removed."), "success")
    return back_to("calls.committee", call)


@manage_route("/<int:call_id>/criteria", methods=["POST"])
@login_required
def criterion_add(call_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    form = CriterionForm(prefix="criterion")
    if form.validate_on_submit():
        try:
            evaluation.add_criterion(
                call, form.name.data, form.description.data or "", form.weight.data, form.scale_max.data
            )
        except CallError as exc:
            form.weight.errors.append(str(exc))
        else:
            flash(_("Criterion added."), "success")
            return back_to("calls.committee", call)
    return _committee_page(scope, call, 400, criterion_form=form)


@manage_route("/<int:call_id>/criteria/<int:criterion_id>/delete", methods=["POST"])
@login_required
def criterion_delete(call_id: int, criterion_id: int) -> ResponseReturnValue:
    call = managed_call(call_id)[1]
    criterion = db.session.get(Criterion, criterion_id)
    if criterion is None or criterion.call_id != call.id:
        abort(404)
    evaluation.remove_criterion(criterion)
    flash(_("Criterion removed."), "success")
    return back_to("calls.committee", call)


@manage_route("/<int:call_id>/assign/auto", methods=["POST"])
@login_required
def assign_auto(call_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    form = AutoAssignForm(prefix="auto")
    if not form.validate_on_submit():
        return _committee_page(scope, call, 400, auto_form=form)
    try:
        made = evaluation.auto_assign(call, form.per_submission.data)
    except CallError as exc:
        flash_error(exc)
    else:
        flash(_("%(n)s assignments made.", n=made), "success")
    return back_to("calls.committee", call)


@manage_route("/<int:call_id>/assign", methods=["POST"])
@login_required
def assign_manual(call_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    form = ManualAssignForm(prefix="manual")
    form.submission.choices = select_choices((s.id, s.title) for s in services.submissions_of(call))
    form.reviewer.choices = select_choices((r.user_id, r.user.name) for r in call.reviewers)
    if not form.validate_on_submit():
        return _committee_page(scope, call, 400, manual_form=form)
    submission = submission_of(call, form.submission.data)
    reviewer = next(r.user for r in call.reviewers if r.user_id == form.reviewer.data)
    try:
        evaluation.assign(submission, reviewer, evaluation.current_stage(call))
    except CallError as exc:
        flash_error(exc)
    else:
        flash(_("Assigned."), "success")
    return back_to("calls.committee", call)
