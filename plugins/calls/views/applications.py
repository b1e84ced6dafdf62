"""Organiser's pages about the applications: the ranking and the shortlist, one
application with its decision and what it becomes (a talk, a catalogue entry, a
voucher), the vouchers of all calls, and a survey's results. Parse the form, call a
service (which commits), flash, redirect."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from confsite.api import Session, db, load_sessions, select_choices

from .. import evaluation, outcomes, services, surveys
from ..forms import DecisionForm, EmptyForm, TalkFromSubmissionForm, VoucherForm
from ..i18n import _
from ..models import Call, Decision, Submission, VoucherStatus
from ..services import CallError
from .common import (
    Scope,
    answer_rows,
    back_to,
    flash_error,
    manage_route,
    managed_call,
    managed_scope,
    submission_of,
)


@manage_route("/<int:call_id>/submissions")
@login_required
def submissions(call_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    if call.is_survey:
        return back_to("calls.results", call)
    stage = 2 if call.two_stage and request.args.get("stage") == "2" else 1
    return render_template(
        "calls/submissions.html",
        scope=scope,
        call=call,
        stage=stage,
        ranking=evaluation.ranking(call, stage),
        drafts=sum(
            1 for s in services.submissions_of(call, include_drafts=True) if s.status.value == "draft"
        ),
        button=EmptyForm(),
    )


@manage_route("/<int:call_id>/shortlist", methods=["POST"])
@login_required
def shortlist(call_id: int) -> ResponseReturnValue:
    call = managed_call(call_id)[1]
    if not EmptyForm().validate_on_submit():
        abort(400)
    ids = {int(v) for v in request.form.getlist("shortlisted") if v.isdigit()}
    try:
        evaluation.set_shortlist(call, ids)
    except CallError as exc:
        flash_error(exc)
    else:
        flash(_("Shortlist saved: %(n)s applications go on to stage two.", n=len(ids)), "success")
    return back_to("calls.submissions", call)


def _submission_page(
    scope: Scope, call: Call, submission: Submission, status: int = 200, **forms: Any
) -> ResponseReturnValue:
    talk_form = forms.get("talk_form") or TalkFromSubmissionForm(prefix="talk")
    talk_form.session.choices = _session_choices(call)
    voucher = next((v for v in outcomes.vouchers_of([call]) if v.submission_id == submission.id), None)
    voucher_form = forms.get("voucher_form") or VoucherForm(
        prefix="voucher",
        data=(
            {
                "amount_eur": voucher.amount_eur,
                "cofinancing_percent": voucher.cofinancing_percent,
                "provider": voucher.provider,
                "status": voucher.status.value,
            }
            if voucher
            else None
        ),
    )
    return render_template(
        "calls/submission_manage.html",
        scope=scope,
        call=call,
        submission=submission,
        answers=answer_rows(call, submission),
        criteria=call.criteria,
        decision_form=forms.get("decision_form") or DecisionForm(prefix="decision"),
        talk_form=talk_form,
        voucher_form=voucher_form,
        voucher=voucher,
        button=EmptyForm(),
        weighted=evaluation.weighted_score,
    ), status


def _session_choices(call: Call) -> list[SelectChoice]:
    if call.event is not None:
        events = [call.event]
    else:
        assert call.series is not None, "a call belongs to an event or a series"
        events = list(call.series.events)
    return select_choices(
        (session.id, f"{event.title} · {session.title}")
        for event in events
        for session in load_sessions(event)
    )


@manage_route("/<int:call_id>/submissions/<int:submission_id>")
@login_required
def submission_manage(call_id: int, submission_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    return _submission_page(scope, call, submission_of(call, submission_id))


@manage_route("/<int:call_id>/submissions/<int:submission_id>/decide", methods=["POST"])
@login_required
def decide(call_id: int, submission_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    submission = submission_of(call, submission_id)
    form = DecisionForm(prefix="decision")
    if not form.validate_on_submit():
        return _submission_page(scope, call, submission, 400, decision_form=form)
    try:
        evaluation.decide(submission, Decision(form.decision.data), notify=form.notify.data)
    except CallError as exc:
        flash_error(exc)
    else:
        flash(_("Decision recorded."), "success")
    return back_to("calls.submission_manage", call, submission_id=submission.id)


@manage_route("/<int:call_id>/submissions/<int:submission_id>/talk", methods=["POST"])
@login_required
def make_talk(call_id: int, submission_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    submission = submission_of(call, submission_id)
    form = TalkFromSubmissionForm(prefix="talk")
    form.session.choices = _session_choices(call)
    if not form.validate_on_submit():
        return _submission_page(scope, call, submission, 400, talk_form=form)
    session = db.session.get(Session, form.session.data)
    if session is None:  # the choices are the call's sessions: only a race gets here
        abort(404)
    try:
        outcomes.make_talk(submission, session, current_user)
    except CallError as exc:
        flash_error(exc)
    else:
        flash(_("The contribution is now a talk in “%(session)s”.", session=session.title), "success")
    return back_to("calls.submission_manage", call, submission_id=submission_id)


@manage_route("/<int:call_id>/submissions/<int:submission_id>/catalogue", methods=["POST"])
@login_required
def catalogue_toggle(call_id: int, submission_id: int) -> ResponseReturnValue:
    call = managed_call(call_id)[1]
    submission = submission_of(call, submission_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        outcomes.publish_in_catalogue(submission, request.form.get("publish") == "1")
    except CallError as exc:
        flash_error(exc)
    else:
        flash(_("Catalogue updated."), "success")
    return back_to("calls.submission_manage", call, submission_id=submission_id)


@manage_route("/<int:call_id>/submissions/<int:submission_id>/voucher", methods=["POST"])
@login_required
def voucher_save(call_id: int, submission_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    submission = submission_of(call, submission_id)
    form = VoucherForm(prefix="voucher")
    if not form.validate_on_submit():
        return _submission_page(scope, call, submission, 400, voucher_form=form)
    try:
        outcomes.set_voucher(
            submission,
            form.amount_eur.data,
            form.cofinancing_percent.data or 0,
            form.provider.data or "",
            VoucherStatus(form.status.data),
        )
    except CallError as exc:
        flash_error(exc)
    else:
        flash(_("Voucher saved."), "success")
    return back_to("calls.submission_manage", call, submission_id=submission_id)


@manage_route("/vouchers")
@login_required
def vouchers() -> ResponseReturnValue:
    scope = managed_scope()
    found = outcomes.vouchers_of(services.calls_of(scope.event, scope.series))
    return render_template(
        "calls/vouchers.html", scope=scope, vouchers=found, summary=outcomes.voucher_summary(found)
    )


@manage_route("/<int:call_id>/results")
@login_required
def results(call_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    responses = services.submissions_of(call)
    return render_template(
        "calls/results.html",
        scope=scope,
        call=call,
        responses=responses,
        results=surveys.results(call, responses),
    )


@manage_route("/<int:call_id>/results.csv")
@login_required
def results_csv(call_id: int) -> ResponseReturnValue:
    call = managed_call(call_id)[1]
    body = surveys.responses_csv(call, services.submissions_of(call))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="responses-{call.id}.csv"'},
    )
