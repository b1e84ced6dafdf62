"""The organisers' report builder: texts, template, deliverable information and the
order of sections; the preview, exports, background builds and publishing a version."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from confsite.api import _, accepts_files, db, event_dates, select_choices

from .. import services
from ..builds import latest_builds
from ..deliverable import Deliverable, history_text
from ..document import all_sections, build_document, default_title
from ..document_templates import TEMPLATES, template_of
from ..exports import FORMATS, render
from ..forms import DeliverableForm, LayoutForm, ReportTextsForm
from ..language import in_report_language
from ..models import ReportBuild
from ..publishing import published_versions
from ..render_html import render_body
from ..targets import ReportError, Target, settings_of
from .common import file_response, manage_route, organiser_target, refuse, target_url


# -- report builder -----------------------------------------------------------------------
def _deliverable_form(settings) -> DeliverableForm:
    form = DeliverableForm()
    if request.method == "GET" or not form.is_submitted():
        current = Deliverable.from_json(settings.deliverable if settings else None)
        for name, value in current.to_json().items():
            if name in form and name not in ("logo", "emblem", "history"):
                form[name].data = value
        form.history.data = history_text(current.history)
    return form


def _layout_form(target: Target, settings) -> LayoutForm:
    form = LayoutForm()
    form.template.choices = select_choices((t.key, str(t.label)) for t in TEMPLATES.values())
    form.event_ids.choices = select_choices(
        (event.id, f"{event.title} ({event_dates(event)})") for event in services.series_events(target)
    )
    if not form.is_submitted():
        form.template.data = template_of(settings).key
        form.event_ids.data = list(settings.event_ids or []) if settings else []
    return form


def _render_builder(target: Target, status: int = 200, **forms):
    settings = settings_of(target)
    texts = forms.get("texts") or ReportTextsForm(obj=settings)
    if target.event is not None:
        del texts.period_start, texts.period_end
    sections = all_sections(target)
    hidden = set(settings.hidden_sections or []) if settings else set()
    return render_template(
        "reports/builder.html",
        target=target,
        form=texts,
        layout_form=forms.get("layout") or _layout_form(target, settings),
        deliverable_form=forms.get("deliverable") or _deliverable_form(settings),
        template=template_of(settings),
        templates=TEMPLATES.values(),
        sections=sections,
        hidden=hidden,
        formats=FORMATS.values(),
        versions=published_versions(target),
        builds=latest_builds(target),
        default_title=default_title(target),
    ), status


@manage_route("/builder", methods=["GET", "POST"])
@login_required
def builder(**_scope: str):
    target = organiser_target()
    if request.method == "GET":
        return _render_builder(target)
    form = ReportTextsForm()
    if target.event is not None:
        del form.period_start, form.period_end
    if form.validate_on_submit():
        period = None
        if target.series is not None:
            period = (form.period_start.data, form.period_end.data)
        try:
            services.save_texts(
                current_user,
                target,
                title=form.title.data or "",
                introduction=form.introduction.data or "",
                capacity_building=form.capacity_building.data or "",
                conclusions=form.conclusions.data or "",
                period=period,
            )
        except ReportError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Report texts saved."), "success")
            return redirect(target_url("reports.builder", target))
    return _render_builder(target, 400, texts=form)


@manage_route("/builder/layout", methods=["POST"])
@login_required
def save_layout(**_scope: str):
    target = organiser_target()
    form = _layout_form(target, settings_of(target))
    if form.validate_on_submit():
        try:
            services.choose_layout(
                current_user, target, template=form.template.data, event_ids=form.event_ids.data or []
            )
        except ReportError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Template and events saved."), "success")
            return redirect(target_url("reports.builder", target) + "#layout")
    return _render_builder(target, 400, layout=form)


@manage_route("/builder/deliverable", methods=["POST"])
@login_required
@accepts_files("logo", "emblem")
def save_deliverable(**_scope: str):
    target = organiser_target()
    form = DeliverableForm()
    if form.validate_on_submit():
        values = {name: field.data for name, field in form._fields.items() if isinstance(field.data, str)}
        try:
            services.save_deliverable(
                current_user,
                target,
                values,
                history=form.history.data or "",
                logo=form.logo.data.read() if form.logo.data else None,
                emblem=form.emblem.data.read() if form.emblem.data else None,
                remove_logo=form.remove_logo.data,
                remove_emblem=form.remove_emblem.data,
            )
        except ReportError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Deliverable information saved."), "success")
            return redirect(target_url("reports.builder", target) + "#deliverable")
    return _render_builder(target, 400, deliverable=form)


@manage_route("/builder/sections", methods=["POST"])
@login_required
def arrange_sections(**_scope: str):
    """Move a section up or down, or include/leave it out; saves the whole order."""
    target = organiser_target()
    keys = [s.key for s in all_sections(target)]
    try:
        services.arrange_section(
            current_user, target, keys, request.form.get("key", ""), request.form.get("move", "")
        )
    except ReportError as exc:
        refuse(exc)
        return redirect(target_url("reports.builder", target))
    return redirect(target_url("reports.builder", target) + "#sections")


@manage_route("/builds", methods=["POST"])
@login_required
def start_build(**_scope: str):
    """Queue a build of a report file as a background job; its page shows the progress
    and offers the file when ready (and the requester gets an e-mail)."""
    target = organiser_target()
    try:
        build = services.start_build(
            current_user,
            target,
            request.form.get("fmt", ""),
            lambda build: url_for(
                "reports.build_status", build_id=build.id, _external=True, **target.url_args
            ),
        )
    except ReportError as exc:
        refuse(exc)
        return redirect(target_url("reports.builder", target))
    return redirect(target_url("reports.build_status", target, build_id=build.id))


def _build(target: Target, build_id: int):
    build = db.session.get(ReportBuild, build_id)
    if build is None or not target.owns(build):
        abort(404)
    return build


@manage_route("/builds/<int:build_id>")
@login_required
def build_status(build_id: int, **_scope: str):
    target = organiser_target()
    build = _build(target, build_id)
    if request.args.get("format") == "json":
        return {"state": build.state, "progress": build.progress, "step": build.step, "error": build.error}
    return render_template("reports/build.html", target=target, build=build, format=FORMATS[build.format])


@manage_route("/builds/<int:build_id>/file")
@login_required
def build_file_download(build_id: int, **_scope: str) -> Response:
    target = organiser_target()
    build = _build(target, build_id)
    if build.state != "done" or build.body is None:
        abort(409, _("This build has not finished."))
    return file_response(build.body, build.format, f"{target.slug}-report-draft")


@manage_route("/preview")
@login_required
def preview(**_scope: str) -> str:
    target = organiser_target()
    with in_report_language(target):  # the page around it stays in the organiser's language
        document = build_document(target)
        body = render_body(document)
    return render_template(
        "reports/preview.html",
        target=target,
        body=body,
        document=document,
        formats=FORMATS.values(),
    )


@manage_route("/export/<any(html,pdf,docx,md):fmt>")
@login_required
def export(fmt: str, **_scope: str) -> Response:
    target = organiser_target()
    with in_report_language(target):
        body = render(build_document(target), fmt)
    return file_response(body, fmt, f"{target.slug}-report-draft", inline=fmt == "html")


@manage_route("/publish", methods=["POST"])
@login_required
def publish_report(**_scope: str):
    target = organiser_target()
    try:
        row = services.publish_report(current_user, target)
    except ReportError as exc:
        refuse(exc)
        return redirect(target_url("reports.builder", target))
    flash(_("Version %(version)s published.", version=row.version), "success")
    return redirect(target_url("reports.published", target))
