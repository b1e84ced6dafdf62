"""Pages of the calls plugin. Views stay thin: look up, check permission, call a
service, commit, render. Every write checks permission server-side.

Routes about a call exist twice, under an event and under a series (same endpoint,
two rules: ``url_for`` picks the rule from the ``event_slug``/``series_slug`` given;
templates use ``scope_args``). Organiser pages live under ``/manage/``, applicants',
reviewers' and participants' pages under the public ``/events/`` and ``/series/``.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from confsite.api import (
    Event,
    Series,
    Session,
    accepts_files,
    can_manage_event,
    can_manage_series,
    can_view_event,
    country_choices,
    db,
    load_sessions,
)

from . import answers as answers_mod
from . import evaluation, outcomes, services, storage, surveys
from .forms import (
    AutoAssignForm,
    CallForm,
    ConflictForm,
    CriterionForm,
    DecisionForm,
    EmptyForm,
    FieldForm,
    ManualAssignForm,
    ReviewerForm,
    TalkFromSubmissionForm,
    VoucherForm,
    call_form_for,
    to_utc,
    zone_of,
)
from .i18n import _
from .models import (
    Call,
    CallKind,
    Criterion,
    Decision,
    FieldKind,
    FormField,
    Review,
    Reviewer,
    Submission,
    SubmissionFile,
    SubmissionStatus,
    VoucherStatus,
)
from .services import CallError

bp = Blueprint(
    "calls",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/calls/static",
)

MANAGE_PREFIXES = ("/manage/events/<event_slug>/calls", "/manage/series/<series_slug>/calls")
PUBLIC_PREFIXES = ("/events/<event_slug>/calls", "/series/<series_slug>/calls")


def _both(prefixes: tuple[str, str], rule: str, **options: Any) -> Callable:
    """Register a view under the event prefix and the series prefix (one endpoint)."""

    def decorator(view: Callable) -> Callable:
        # The scope is read from ``g`` (set by the core before the request), so the
        # view itself does not take the slug arguments.
        @functools.wraps(view)
        def scoped(**kwargs: Any):
            kwargs.pop("event_slug", None)
            kwargs.pop("series_slug", None)
            return view(**kwargs)

        for prefix in prefixes:
            bp.add_url_rule(prefix + rule, view.__name__, scoped, **options)
        return scoped

    return decorator


def manage_route(rule: str, **options: Any) -> Callable:
    return _both(MANAGE_PREFIXES, rule, **options)


def public_route(rule: str, **options: Any) -> Callable:
    return _both(PUBLIC_PREFIXES, rule, **options)


# -- scope ------------------------------------------------------------------------------


@dataclass
class Scope:
    """The event or series a page is about (exactly one is set)."""

    event: Event | None
    series: Series | None

    def _series(self) -> Series:
        """The series, for code past an ``event is not None`` branch (exactly one is set)."""
        assert self.series is not None, "a Scope has an event or a series"
        return self.series

    @property
    def title(self) -> str:
        return self.event.title if self.event is not None else self._series().title

    @property
    def args(self) -> dict[str, str]:
        if self.event is not None:
            return {"event_slug": self.event.slug}
        return {"series_slug": self._series().slug}

    def owns(self, call: Call) -> bool:
        if self.event is not None:
            return call.event_id == self.event.id
        return call.series_id == self._series().id


def _user():
    return current_user if current_user.is_authenticated else None


def _scope() -> Scope:
    """The route's event or series, looked up by the core before the request."""
    return Scope(event=g.get("plugin_event"), series=g.get("plugin_series"))


def _public_scope() -> Scope:
    scope = _scope()
    if scope.event is not None and not can_view_event(_user(), scope.event):
        abort(404)
    return scope


def _managed_scope() -> Scope:
    scope = _scope()
    allowed = (
        can_manage_event(current_user, scope.event)
        if scope.event is not None
        else can_manage_series(current_user, scope.series)
    )
    if not allowed:
        abort(403, description=_("Only the organisers can do this."))
    return scope


def _call_in(scope: Scope, call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None or not scope.owns(call):
        abort(404)
    return call


def _managed_call(call_id: int) -> tuple[Scope, Call]:
    scope = _managed_scope()
    return scope, _call_in(scope, call_id)


def _submission_of(call: Call, submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None or submission.call_id != call.id:
        abort(404)
    return submission


def scope_args(call: Call) -> dict[str, Any]:
    """URL arguments of a call's pages (its event's or its series')."""
    args: dict[str, Any] = (
        {"event_slug": call.event.slug} if call.event is not None else {"series_slug": call.series.slug}
    )
    args["call_id"] = call.id
    return args


@bp.app_template_global("calls_scope_args")
def _scope_args_global(call: Call) -> dict[str, Any]:
    return scope_args(call)


def _back_to(endpoint: str, call: Call, **extra: Any):
    return redirect(url_for(endpoint, **scope_args(call), **extra))


def _error(exc: Exception) -> None:
    db.session.rollback()
    flash(str(exc), "error")


# -- organiser: calls and their forms ---------------------------------------------------


@manage_route("/")
@login_required
def manage_index() -> str:
    scope = _managed_scope()
    calls = services.calls_of(scope.event, scope.series)
    return render_template(
        "calls/manage_index.html",
        scope=scope,
        calls=calls,
        counts=_submission_counts(calls),
    )


def _submission_counts(calls: list[Call]) -> dict[int, int]:

    if not calls:
        return {}
    rows = db.session.execute(
        sa.select(Submission.call_id, sa.func.count())
        .where(Submission.call_id.in_([c.id for c in calls]), Submission.status == SubmissionStatus.SUBMITTED)
        .group_by(Submission.call_id)
    ).all()
    return dict(rows)


def _call_input(form: CallForm, zone: str) -> services.CallInput:
    return services.CallInput(
        kind=CallKind(form.kind.data),
        title=form.title.data,
        description=form.description.data or "",
        eligibility=form.eligibility.data or "",
        opens_at=to_utc(form.opens_at.data, zone),
        closes_at=to_utc(form.closes_at.data, zone),
        published=form.published.data,
        allow_coapplicants=form.allow_coapplicants.data,
        anonymous=form.anonymous.data,
        two_stage=form.two_stage.data,
    )


def _save_templates(call: Call, form: CallForm) -> bool:
    for name in ("accept_template", "reject_template", "waitlist_template"):
        text = getattr(form, name).data or ""
        problem = evaluation.check_template(text)
        if problem:
            getattr(form, name).errors.append(problem)
            return False
        setattr(call, name, text.strip())
    return True


@manage_route("/new", methods=["GET", "POST"])
@login_required
def call_new():
    scope = _managed_scope()
    zone = zone_of(scope.event or scope.series)
    form = call_form_for(None, zone)
    if form.validate_on_submit():
        try:
            call = services.create_call(_call_input(form, zone), event=scope.event, series=scope.series)
            if _save_templates(call, form):
                db.session.commit()
                flash(_("Call created. Now add its questions."), "success")
                return _back_to("calls.call_edit", call)
            db.session.rollback()
        except CallError as exc:
            db.session.rollback()
            form.closes_at.errors.append(str(exc))
    return render_template("calls/call_form.html", scope=scope, form=form, call=None, zone=zone)


@manage_route("/<int:call_id>/", methods=["GET", "POST"])
@login_required
def call_edit(call_id: int):
    scope, call = _managed_call(call_id)
    zone = zone_of(call)
    form = call_form_for(call, zone)
    if form.validate_on_submit():
        try:
            services.update_call(call, _call_input(form, zone))
            if _save_templates(call, form):
                db.session.commit()
                flash(_("Call saved."), "success")
                return _back_to("calls.call_edit", call)
            db.session.rollback()
        except CallError as exc:
            db.session.rollback()
            form.closes_at.errors.append(str(exc))
    return render_template(
        "calls/call_form.html",
        scope=scope,
        form=form,
        call=call,
        zone=zone,
        field_form=FieldForm(prefix="field"),
        button=EmptyForm(),
    )


def _field_input(form: FieldForm) -> services.FieldInput:
    return services.FieldInput(
        kind=FieldKind(form.kind.data),
        label=form.label.data,
        help=form.help.data or "",
        required=form.required.data,
        options=[line.strip() for line in (form.options.data or "").splitlines() if line.strip()],
        max_length=form.max_length.data,
        file_types=list(form.file_types.data or []),
        max_size_kb=form.max_size_kb.data,
    )


def _field_of(call: Call, field_id: int) -> FormField:
    found = db.session.get(FormField, field_id)
    if found is None or found.call_id != call.id:
        abort(404)
    return found


@manage_route("/<int:call_id>/fields/new", methods=["POST"])
@login_required
def field_new(call_id: int):
    scope, call = _managed_call(call_id)
    form = FieldForm(prefix="field")
    if form.validate_on_submit():
        try:
            services.add_field(call, _field_input(form))
            db.session.commit()
            flash(_("Question added."), "success")
            return _back_to("calls.call_edit", call)
        except CallError as exc:
            db.session.rollback()
            form.options.errors.append(str(exc))
    zone = zone_of(call)
    return render_template(
        "calls/call_form.html",
        scope=scope,
        form=call_form_for(call, zone),
        call=call,
        zone=zone,
        field_form=form,
        button=EmptyForm(),
    ), 400


@manage_route("/<int:call_id>/fields/<int:field_id>", methods=["GET", "POST"])
@login_required
def field_edit(call_id: int, field_id: int):
    scope, call = _managed_call(call_id)
    form_field = _field_of(call, field_id)
    form = FieldForm(
        data={
            "kind": form_field.kind.value,
            "label": form_field.label,
            "help": form_field.help,
            "required": form_field.required,
            "options": "\n".join(form_field.options),
            "max_length": form_field.max_length,
            "file_types": form_field.file_types,
            "max_size_kb": form_field.max_size_kb,
        }
    )
    if form.validate_on_submit():
        try:
            services.update_field(form_field, _field_input(form))
            db.session.commit()
            flash(_("Question saved."), "success")
            return _back_to("calls.call_edit", call)
        except CallError as exc:
            db.session.rollback()
            form.options.errors.append(str(exc))
    return render_template("calls/field_form.html", scope=scope, call=call, form=form)


@manage_route("/<int:call_id>/fields/<int:field_id>/delete", methods=["POST"])
@login_required
def field_delete(call_id: int, field_id: int):
    call = _managed_call(call_id)[1]
    services.delete_field(_field_of(call, field_id))
    db.session.commit()
    flash(_("Question removed."), "success")
    return _back_to("calls.call_edit", call)


@manage_route("/<int:call_id>/fields/<int:field_id>/move", methods=["POST"])
@login_required
def field_move(call_id: int, field_id: int):
    call = _managed_call(call_id)[1]
    services.move_field(_field_of(call, field_id), -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return _back_to("calls.call_edit", call)


# -- organiser: committee, criteria, assignments ----------------------------------------


def _committee_page(scope: Scope, call: Call, status: int = 200, **forms: Any):
    submissions = services.submissions_of(call)
    stage = evaluation.current_stage(call)
    manual = forms.get("manual_form") or ManualAssignForm(prefix="manual")
    manual.submission.choices = [(s.id, f"#{s.id} {s.title}") for s in submissions]
    manual.reviewer.choices = [(r.user_id, r.user.name) for r in call.reviewers]
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
def committee(call_id: int):
    scope, call = _managed_call(call_id)
    return _committee_page(scope, call)


@manage_route("/<int:call_id>/reviewers", methods=["POST"])
@login_required
def reviewer_add(call_id: int):
    scope, call = _managed_call(call_id)
    form = ReviewerForm(prefix="reviewer")
    if form.validate_on_submit():
        try:
            evaluation.add_reviewer(call, form.email.data)
            db.session.commit()
            flash(_("Reviewer added."), "success")
            return _back_to("calls.committee", call)
        except CallError as exc:
            db.session.rollback()
            form.email.errors.append(str(exc))
    return _committee_page(scope, call, 400, reviewer_form=form)


@manage_route("/<int:call_id>/reviewers/<int:reviewer_id>/remove", methods=["POST"])
@login_required
def reviewer_remove(call_id: int, reviewer_id: int):
    call = _managed_call(call_id)[1]
    reviewer = db.session.get(Reviewer, reviewer_id)
    if reviewer is None or reviewer.call_id != call.id:
        abort(404)
    evaluation.remove_reviewer(reviewer)
    db.session.commit()
    flash(_("Reviewer removed."), "success")
    return _back_to("calls.committee", call)


@manage_route("/<int:call_id>/criteria", methods=["POST"])
@login_required
def criterion_add(call_id: int):
    scope, call = _managed_call(call_id)
    form = CriterionForm(prefix="criterion")
    if form.validate_on_submit():
        try:
            evaluation.add_criterion(
                call, form.name.data, form.description.data or "", form.weight.data, form.scale_max.data
            )
            db.session.commit()
            flash(_("Criterion added."), "success")
            return _back_to("calls.committee", call)
        except CallError as exc:
            db.session.rollback()
            form.weight.errors.append(str(exc))
    return _committee_page(scope, call, 400, criterion_form=form)


@manage_route("/<int:call_id>/criteria/<int:criterion_id>/delete", methods=["POST"])
@login_required
def criterion_delete(call_id: int, criterion_id: int):
    call = _managed_call(call_id)[1]
    criterion = db.session.get(Criterion, criterion_id)
    if criterion is None or criterion.call_id != call.id:
        abort(404)
    call.criteria.remove(criterion)
    db.session.commit()
    flash(_("Criterion removed."), "success")
    return _back_to("calls.committee", call)


@manage_route("/<int:call_id>/assign/auto", methods=["POST"])
@login_required
def assign_auto(call_id: int):
    scope, call = _managed_call(call_id)
    form = AutoAssignForm(prefix="auto")
    if not form.validate_on_submit():
        return _committee_page(scope, call, 400, auto_form=form)
    try:
        made = evaluation.auto_assign(call, form.per_submission.data)
        db.session.commit()
        flash(_("%(n)s assignments made.", n=made), "success")
    except CallError as exc:
        _error(exc)
    return _back_to("calls.committee", call)


@manage_route("/<int:call_id>/assign", methods=["POST"])
@login_required
def assign_manual(call_id: int):
    scope, call = _managed_call(call_id)
    form = ManualAssignForm(prefix="manual")
    form.submission.choices = [(s.id, s.title) for s in services.submissions_of(call)]
    form.reviewer.choices = [(r.user_id, r.user.name) for r in call.reviewers]
    if not form.validate_on_submit():
        return _committee_page(scope, call, 400, manual_form=form)
    submission = _submission_of(call, form.submission.data)
    reviewer = next(r.user for r in call.reviewers if r.user_id == form.reviewer.data)
    try:
        evaluation.assign(submission, reviewer, evaluation.current_stage(call))
        db.session.commit()
        flash(_("Assigned."), "success")
    except CallError as exc:
        _error(exc)
    return _back_to("calls.committee", call)


# -- organiser: applications, ranking, decisions ----------------------------------------


@manage_route("/<int:call_id>/submissions")
@login_required
def submissions(call_id: int):
    scope, call = _managed_call(call_id)
    if call.is_survey:
        return _back_to("calls.results", call)
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
def shortlist(call_id: int):
    call = _managed_call(call_id)[1]
    if not EmptyForm().validate_on_submit():
        abort(400)
    ids = {int(v) for v in request.form.getlist("shortlisted") if v.isdigit()}
    try:
        evaluation.set_shortlist(call, ids)
        db.session.commit()
        flash(_("Shortlist saved: %(n)s applications go on to stage two.", n=len(ids)), "success")
    except CallError as exc:
        _error(exc)
    return _back_to("calls.submissions", call)


def _submission_page(scope: Scope, call: Call, submission: Submission, status: int = 200, **forms: Any):
    talk_form = forms.get("talk_form") or TalkFromSubmissionForm(prefix="talk")
    talk_form.session.choices = _session_choices(call)
    voucher = submission.call and outcomes.vouchers_of([call])
    voucher = next((v for v in voucher if v.submission_id == submission.id), None)
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
        answers=_answer_rows(call, submission),
        criteria=call.criteria,
        decision_form=forms.get("decision_form") or DecisionForm(prefix="decision"),
        talk_form=talk_form,
        voucher_form=voucher_form,
        voucher=voucher,
        button=EmptyForm(),
        weighted=evaluation.weighted_score,
    ), status


def _session_choices(call: Call) -> list[tuple[int, str]]:
    events = [call.event] if call.event is not None else list(call.series.events)
    choices = []
    for event in events:
        for session in load_sessions(event):
            choices.append((session.id, f"{event.title} · {session.title}"))
    return choices


def _answer_rows(call: Call, submission: Submission) -> list[tuple[FormField, str, Any]]:
    return [
        (
            f,
            answers_mod.display(f, submission.answers.get(answers_mod.key(f))),
            submission.answers.get(answers_mod.key(f)),
        )
        for f in call.fields
    ]


@manage_route("/<int:call_id>/submissions/<int:submission_id>")
@login_required
def submission_manage(call_id: int, submission_id: int):
    scope, call = _managed_call(call_id)
    return _submission_page(scope, call, _submission_of(call, submission_id))


@manage_route("/<int:call_id>/submissions/<int:submission_id>/decide", methods=["POST"])
@login_required
def decide(call_id: int, submission_id: int):
    scope, call = _managed_call(call_id)
    submission = _submission_of(call, submission_id)
    form = DecisionForm(prefix="decision")
    if not form.validate_on_submit():
        return _submission_page(scope, call, submission, 400, decision_form=form)
    try:
        evaluation.decide(submission, Decision(form.decision.data), notify=form.notify.data)
        db.session.commit()
        flash(_("Decision recorded."), "success")
    except CallError as exc:
        _error(exc)
    return _back_to("calls.submission_manage", call, submission_id=submission.id)


@manage_route("/<int:call_id>/submissions/<int:submission_id>/talk", methods=["POST"])
@login_required
def make_talk(call_id: int, submission_id: int):
    scope, call = _managed_call(call_id)
    submission = _submission_of(call, submission_id)
    form = TalkFromSubmissionForm(prefix="talk")
    form.session.choices = _session_choices(call)
    if not form.validate_on_submit():
        return _submission_page(scope, call, submission, 400, talk_form=form)
    session = db.session.get(Session, form.session.data)
    try:
        outcomes.make_talk(submission, session, current_user)
        db.session.commit()
    except CallError as exc:
        _error(exc)
        return _back_to("calls.submission_manage", call, submission_id=submission.id)
    flash(_("The contribution is now a talk in “%(session)s”.", session=session.title), "success")
    return _back_to("calls.submission_manage", call, submission_id=submission.id)


@manage_route("/<int:call_id>/submissions/<int:submission_id>/catalogue", methods=["POST"])
@login_required
def catalogue_toggle(call_id: int, submission_id: int):
    call = _managed_call(call_id)[1]
    submission = _submission_of(call, submission_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        outcomes.publish_in_catalogue(submission, request.form.get("publish") == "1")
        db.session.commit()
        flash(_("Catalogue updated."), "success")
    except CallError as exc:
        _error(exc)
    return _back_to("calls.submission_manage", call, submission_id=submission.id)


@manage_route("/<int:call_id>/submissions/<int:submission_id>/voucher", methods=["POST"])
@login_required
def voucher_save(call_id: int, submission_id: int):
    scope, call = _managed_call(call_id)
    submission = _submission_of(call, submission_id)
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
        db.session.commit()
        flash(_("Voucher saved."), "success")
    except CallError as exc:
        _error(exc)
    return _back_to("calls.submission_manage", call, submission_id=submission.id)


@manage_route("/vouchers")
@login_required
def vouchers():
    scope = _managed_scope()
    calls = services.calls_of(scope.event, scope.series)
    found = outcomes.vouchers_of(list(calls))
    return render_template(
        "calls/vouchers.html", scope=scope, vouchers=found, summary=outcomes.voucher_summary(found)
    )


@manage_route("/<int:call_id>/results")
@login_required
def results(call_id: int):
    scope, call = _managed_call(call_id)
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
def results_csv(call_id: int):
    call = _managed_call(call_id)[1]
    body = surveys.responses_csv(call, services.submissions_of(call))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="responses-{call.id}.csv"'},
    )


# -- applicants -------------------------------------------------------------------------


@public_route("/")
def public_index():
    scope = _public_scope()
    calls = services.public_calls(scope.event, scope.series)
    return render_template(
        "calls/public_index.html",
        scope=scope,
        calls=calls,
        has_catalogue=any(c.kind == CallKind.BEST_PRACTICE for c in calls),
    )


def _public_call(call_id: int) -> tuple[Scope, Call]:
    scope = _public_scope()
    call = _call_in(scope, call_id)
    if not call.published and not services.can_manage_call(_user(), call):
        abort(404)
    return scope, call


@public_route("/<int:call_id>")
def call_page(call_id: int):
    scope, call = _public_call(call_id)
    user = _user()
    return render_template(
        "calls/call_page.html",
        scope=scope,
        call=call,
        mine=services.own_submissions(call, user) if user else [],
        is_reviewer=services.is_reviewer(user, call),
        zone=zone_of(call),
    )


def _apply_page(scope: Scope, call: Call, submission: Submission | None, parsed: Any, status: int = 200):
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


def _handle_apply(scope: Scope, call: Call, submission: Submission | None):
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
        saved = services.save(call, _user(), parsed, submission, final=final)
        db.session.commit()
    except CallError as exc:
        db.session.rollback()
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
def apply(call_id: int):
    scope, call = _public_call(call_id)
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
    submission = _submission_of(call, submission_id)
    if submission.user_id is None or submission.user_id != current_user.id:
        abort(404)
    return submission


@public_route("/<int:call_id>/submissions/<int:submission_id>", methods=["GET", "POST"])
@login_required
@accepts_files(pattern=r"f\d+")  # the call's file questions (answers.key)
def my_submission(call_id: int, submission_id: int):
    scope, call = _public_call(call_id)
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
def withdraw(call_id: int, submission_id: int):
    call = _public_call(call_id)[1]
    submission = _own_submission(call, submission_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw(submission)
        db.session.commit()
        flash(_("Your application was withdrawn."), "success")
    except CallError as exc:
        _error(exc)
    return redirect(url_for("calls.call_page", **scope_args(call)))


@public_route("/<int:call_id>/files/<int:file_id>")
@login_required
def download(call_id: int, file_id: int):
    call = _public_call(call_id)[1]
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
def catalogue(event_slug: str | None = None, series_slug: str | None = None):
    scope = _public_scope()
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


# -- reviewers --------------------------------------------------------------------------


def _reviewer_call(call_id: int) -> tuple[Scope, Call]:
    scope, call = _public_call(call_id)
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
def my_reviews(call_id: int):
    scope, call = _reviewer_call(call_id)
    return render_template(
        "calls/my_reviews.html", scope=scope, call=call, reviews=evaluation.reviews_for(call, current_user)
    )


def _review_page(scope: Scope, call: Call, review: Review, status: int = 200, error: str = ""):
    return render_template(
        "calls/review.html",
        scope=scope,
        call=call,
        review=review,
        submission=review.submission,
        answers=_answer_rows(call, review.submission),
        others=evaluation.visible_reviews(review),
        weighted=evaluation.weighted_score,
        conflict_form=ConflictForm(prefix="conflict"),
        button=EmptyForm(),
        error=error,
        posted=request.form if request.method == "POST" else None,
    ), status


@public_route("/<int:call_id>/reviews/<int:review_id>", methods=["GET", "POST"])
@login_required
def review(call_id: int, review_id: int):
    scope, call = _reviewer_call(call_id)
    item = _own_review(call, review_id)
    if item.conflict:
        abort(403, description=_("You declared a conflict of interest with this application."))
    if request.method == "GET":
        return _review_page(scope, call, item)
    if not EmptyForm().validate_on_submit():
        return _review_page(scope, call, item, 400, _("The form expired: please send it again."))
    scores: dict[int, int | None] = {}
    for criterion in call.criteria:
        raw = request.form.get(f"c{criterion.id}", "").strip()
        if raw and not raw.lstrip("-").isdigit():
            return _review_page(scope, call, item, 400, _("Scores are whole numbers."))
        scores[criterion.id] = int(raw) if raw else None
    try:
        evaluation.score(
            item, scores, request.form.get("comment", ""), final=request.form.get("action") == "submit"
        )
        db.session.commit()
    except CallError as exc:
        db.session.rollback()
        return _review_page(scope, call, item, 400, str(exc))
    flash(_("Review submitted.") if item.submitted_at else _("Scores saved."), "success")
    return redirect(url_for("calls.review", **scope_args(call), review_id=item.id))


@public_route("/<int:call_id>/reviews/<int:review_id>/conflict", methods=["POST"])
@login_required
def declare_conflict(call_id: int, review_id: int):
    call = _reviewer_call(call_id)[1]
    item = _own_review(call, review_id)
    form = ConflictForm(prefix="conflict")
    if not form.validate_on_submit():
        abort(400)
    evaluation.declare_conflict(item, form.note.data or "")
    db.session.commit()
    flash(_("Conflict of interest recorded: this application is no longer open to you."), "success")
    return redirect(url_for("calls.my_reviews", **scope_args(call)))
