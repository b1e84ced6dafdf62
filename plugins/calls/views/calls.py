"""Organiser's pages: the calls of an event or series, and each call's settings and
form builder. Parse the form, call a service (which commits), flash, redirect."""

from __future__ import annotations

from flask import abort, flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import login_required

from confsite.api import db

from .. import services
from ..forms import CallForm, EmptyForm, FieldForm, call_form_for, to_utc, zone_of
from ..i18n import _
from ..models import Call, CallKind, FieldKind, FormField
from ..services import CallError, TemplateError
from .common import back_to, manage_route, managed_call, managed_scope


@manage_route("/")
@login_required
def manage_index() -> ResponseReturnValue:
    scope = managed_scope()
    calls = services.calls_of(scope.event, scope.series)
    return render_template(
        "calls/manage_index.html",
        scope=scope,
        calls=calls,
        counts=services.submitted_counts(calls),
    )


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
        accept_template=form.accept_template.data or "",
        reject_template=form.reject_template.data or "",
        waitlist_template=form.waitlist_template.data or "",
    )


def _show_refusal(form: CallForm, exc: CallError) -> None:
    """A template's problem goes under that template; the dates' under the closing date."""
    field = getattr(form, exc.field) if isinstance(exc, TemplateError) else form.closes_at
    field.errors.append(str(exc))


@manage_route("/new", methods=["GET", "POST"])
@login_required
def call_new() -> ResponseReturnValue:
    scope = managed_scope()
    zone = zone_of(scope.event or scope.series)
    form = call_form_for(None, zone)
    if form.validate_on_submit():
        try:
            call = services.create_call(_call_input(form, zone), event=scope.event, series=scope.series)
        except CallError as exc:
            _show_refusal(form, exc)
        else:
            flash(_("Call created. Now add its questions."), "success")
            return back_to("calls.call_edit", call)
    return render_template("calls/call_form.html", scope=scope, form=form, call=None, zone=zone)


@manage_route("/<int:call_id>/", methods=["GET", "POST"])
@login_required
def call_edit(call_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    zone = zone_of(call)
    form = call_form_for(call, zone)
    if form.validate_on_submit():
        try:
            services.update_call(call, _call_input(form, zone))
        except CallError as exc:
            _show_refusal(form, exc)
        else:
            flash(_("Call saved."), "success")
            return back_to("calls.call_edit", call)
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
def field_new(call_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
    form = FieldForm(prefix="field")
    if form.validate_on_submit():
        try:
            services.add_field(call, _field_input(form))
        except CallError as exc:
            form.options.errors.append(str(exc))
        else:
            flash(_("Question added."), "success")
            return back_to("calls.call_edit", call)
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
def field_edit(call_id: int, field_id: int) -> ResponseReturnValue:
    scope, call = managed_call(call_id)
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
        except CallError as exc:
            form.options.errors.append(str(exc))
        else:
            flash(_("Question saved."), "success")
            return back_to("calls.call_edit", call)
    return render_template("calls/field_form.html", scope=scope, call=call, form=form)


@manage_route("/<int:call_id>/fields/<int:field_id>/delete", methods=["POST"])
@login_required
def field_delete(call_id: int, field_id: int) -> ResponseReturnValue:
    call = managed_call(call_id)[1]
    services.delete_field(_field_of(call, field_id))
    flash(_("Question removed."), "success")
    return back_to("calls.call_edit", call)


@manage_route("/<int:call_id>/fields/<int:field_id>/move", methods=["POST"])
@login_required
def field_move(call_id: int, field_id: int) -> ResponseReturnValue:
    call = managed_call(call_id)[1]
    services.move_field(_field_of(call, field_id), -1 if request.form.get("direction") == "up" else 1)
    return back_to("calls.call_edit", call)
