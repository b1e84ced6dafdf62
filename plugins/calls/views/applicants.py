"""Applicants' and visitors' pages: the published calls, applying (drafts, submitting,
changing until the deadline, withdrawing), answering a survey, the files of an
application, and the public best-practice catalogue."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from confsite.api import accepts_files, country_choices, db

from .. import answers as answers_mod
from .. import outcomes, services, storage
from ..forms import EmptyForm, zone_of
from ..i18n import _
from ..models import Call, CallKind, Submission, SubmissionFile
from ..services import CallError
from .common import (
    Scope,
    bp,
    flash_error,
    public_call,
    public_route,
    public_scope,
    scope_args,
    submission_of,
    user_or_none,
)


@public_route("/")
def public_index() -> ResponseReturnValue:
    scope = public_scope()
    calls = services.public_calls(scope.event, scope.series)
    return render_template(
        "calls/public_index.html",
        scope=scope,
        calls=calls,
        has_catalogue=any(c.kind == CallKind.BEST_PRACTICE for c in calls),
    )


@public_route("/<int:call_id>")
def call_page(call_id: int) -> ResponseReturnValue:
    scope, call = public_call(call_id)
    user = user_or_none()
    return render_template(
        "calls/call_page.html",
        scope=scope,
        call=call,
        mine=services.own_submissions(call, user) if user else [],
        is_reviewer=services.is_reviewer(user, call),
        zone=zone_of(call),
    )


def _apply_page(
    scope: Scope, call: Call, submission: Submission | None, parsed: answers_mod.Answers, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "calls/apply.html",
        scope=scope,
        call=call,
        submission=submission,
        parsed=parsed,
        button=EmptyForm(),
        zone=zone_of(call),
        country_options=country_choices(),
    ), status


def _handle_apply(scope: Scope, call: Call, submission: Submission | None) -> ResponseReturnValue:
    final = request.form.get("action") == "submit" or call.is_survey
    parsed = answers_mod.read(
        call,
        request.form,
        request.files,
        existing_answers=submission.answers if submission else None,
        final=final,
    )
    if not EmptyForm().validate_on_submit():
        parsed.errors["form"] = _("The form expired: please send it again.")
    try:
        saved = services.save(call, user_or_none(), parsed, submission, final=final)
    except CallError as exc:
        parsed.errors.setdefault("form", str(exc))
        # Shown again like the site's other public forms (200): the message says what to fix.
        return _apply_page(scope, call, submission, parsed)
    if final and not call.is_survey:
        services.send_confirmation(
            saved, url_for("calls.my_submission", **scope_args(call), submission_id=saved.id, _external=True)
        )
        flash(_("Your application was submitted; a confirmation is on its way by e-mail."), "success")
    elif call.is_survey:
        flash(_("Thank you: your answers were recorded."), "success")
        return redirect(url_for("calls.call_page", **scope_args(call)))
    else:
        flash(_("Draft saved. Remember to submit before the call closes."), "success")
    return redirect(url_for("calls.my_submission", **scope_args(call), submission_id=saved.id))


@public_route("/<int:call_id>/apply", methods=["GET", "POST"])
@login_required
@accepts_files(pattern=r"f\d+")  # the call's file questions (answers.key)
def apply(call_id: int) -> ResponseReturnValue:
    scope, call = public_call(call_id)
    if call.is_survey and not call.anonymous and services.own_submissions(call, current_user):
        flash(_("You already answered this survey."), "info")
        return redirect(url_for("calls.call_page", **scope_args(call)))
    if request.method == "POST":
        return _handle_apply(scope, call, None)
    if not call.is_open():
        flash(_("This call is not open."), "error")
        return redirect(url_for("calls.call_page", **scope_args(call)))
    return _apply_page(scope, call, None, answers_mod.Answers())


def _own_submission(call: Call, submission_id: int) -> Submission:
    submission = submission_of(call, submission_id)
    if submission.user_id is None or submission.user_id != current_user.id:
        abort(404)
    return submission


@public_route("/<int:call_id>/submissions/<int:submission_id>", methods=["GET", "POST"])
@login_required
@accepts_files(pattern=r"f\d+")  # the call's file questions (answers.key)
def my_submission(call_id: int, submission_id: int) -> ResponseReturnValue:
    scope, call = public_call(call_id)
    submission = _own_submission(call, submission_id)
    if request.method == "POST":
        return _handle_apply(scope, call, submission)
    parsed = answers_mod.Answers(
        title=submission.title,
        summary=submission.summary,
        values=dict(submission.answers),
        coapplicants=submission.coapplicants,
        coapplicants_text="\n".join(f"{c['name']} <{c['email']}>" for c in submission.coapplicants),
    )
    return _apply_page(scope, call, submission, parsed)


@public_route("/<int:call_id>/submissions/<int:submission_id>/withdraw", methods=["POST"])
@login_required
def withdraw(call_id: int, submission_id: int) -> ResponseReturnValue:
    call = public_call(call_id)[1]
    submission = _own_submission(call, submission_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw(submission)
    except CallError as exc:
        flash_error(exc)
    else:
        flash(_("Your application was withdrawn."), "success")
    return redirect(url_for("calls.call_page", **scope_args(call)))


@public_route("/<int:call_id>/files/<int:file_id>")
@login_required
def download(call_id: int, file_id: int) -> ResponseReturnValue:
    call = public_call(call_id)[1]
    stored = db.session.get(SubmissionFile, file_id)
    if stored is None or stored.submission.call_id != call.id:
        abort(404)
    if not services.can_read_submission(current_user, stored.submission):
        abort(
            403, description=_("Only the applicant, the organisers and the call's reviewers may open this.")
        )
    # send_file words the file name for every browser (RFC 6266, non-ASCII included).
    response = send_file(
        io.BytesIO(storage.read(stored.stored_name)),
        mimetype=stored.mimetype,
        as_attachment=True,
        download_name=stored.filename,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/events/<event_slug>/best-practices")
@bp.route("/series/<series_slug>/best-practices")
def catalogue(event_slug: str | None = None, series_slug: str | None = None) -> ResponseReturnValue:
    """The published best practices of the scope's calls, searchable by country, topic
    and text (its own URL, beside the calls')."""
    scope = public_scope()
    calls = [c for c in services.public_calls(scope.event, scope.series) if c.kind == CallKind.BEST_PRACTICE]
    filters = outcomes.CatalogueFilter(
        country=request.args.get("country", "")[:2],
        topic=request.args.get("topic", "")[:300],
        text=request.args.get("q", "")[:200].strip(),
    )
    countries, topics = outcomes.catalogue_facets(calls)
    return render_template(
        "calls/catalogue.html",
        scope=scope,
        entries=outcomes.catalogue(calls, filters),
        filters=filters,
        countries=countries,
        topics=topics,
    )
