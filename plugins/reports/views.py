"""Pages of the report plugin: the partners' workspace, voting, results, the report
builder with preview and exports, and the public list of published versions.

URLs name their target as ``/reports/events/<slug>/...`` or
``/reports/series/<slug>/...``; both answer 404 where the plugin is switched off.
"""

from __future__ import annotations

from datetime import UTC

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
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from confsite.api import (
    RoleAssignment,
    RoleName,
    Series,
    Session,
    Talk,
    _,
    accepts_files,
    can_view_event,
    db,
    event_dates,
    is_admin,
    load_sessions,
    plugin_enabled,
    plugin_event,
)

from . import recommendations as recs
from . import services, voting
from .builds import latest_builds
from .deliverable import Deliverable, history_text
from .document import all_sections, build_document, default_title
from .document_templates import TEMPLATES, template_of
from .exports import FORMATS, render
from .forms import (
    AreaForm,
    CommentForm,
    DeliverableForm,
    LayoutForm,
    MergeForm,
    QuorumForm,
    RecommendationForm,
    RejectForm,
    ReportTextsForm,
    WindowForm,
    choices,
)
from .language import in_report_language
from .models import PolicyArea, PublishedReport, Recommendation, RecommendationStatus, ReportBuild
from .publishing import published_versions, render_published
from .render_html import render_body
from .targets import (
    NotAllowed,
    ReportError,
    Target,
    areas_of,
    can_take_part,
    is_organiser,
    partner_organisation,
    settings_of,
)

bp = Blueprint(
    "reports",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/reports/static",
)

# Organiser and partner pages live under the core's manage scoping; published versions
# under the public event and series pages. The core's before-request looks the event
# or series up, answers 404 where the plugin is off, and leaves it in g.
MANAGE_PREFIXES = ("/manage/events/<event_slug>/reports", "/manage/series/<series_slug>/reports")
PUBLIC_PREFIXES = ("/events/<event_slug>/reports", "/series/<series_slug>/reports")


def _route(prefixes: tuple[str, ...], rule: str, **options):
    """Register a view once for events and once for series (same endpoint)."""

    def register(view):
        for prefix in prefixes:
            bp.add_url_rule(prefix + rule, view_func=view, **options)
        return view

    return register


def manage_route(rule: str, **options):
    return _route(MANAGE_PREFIXES, rule, **options)


def public_route(rule: str, **options):
    return _route(PUBLIC_PREFIXES, rule, **options)


# -- helpers ------------------------------------------------------------------------
def _user():
    return current_user if current_user.is_authenticated else None


def _target() -> Target:
    """The event or series of this request, as the core's before-request found it."""
    event, series = plugin_event(), g.get("plugin_series")
    if event is None and series is None:
        abort(404)
    target = Target(event=event) if event is not None else Target(series=series)
    if target.event is not None and not can_view_event(_user(), target.event):
        abort(404)
    g.report_target = target
    return target


@bp.context_processor
def _report_tabs() -> dict:
    """Which report tabs the signed-in user can use (partners vote, organisers build)."""
    target = g.get("report_target")
    if target is None or not current_user.is_authenticated:
        return {"tab_vote": False, "tab_builder": False, "tab_workspace": False}
    organiser = is_organiser(current_user, target)
    partner = partner_organisation(current_user, target) is not None
    return {"tab_vote": partner, "tab_builder": organiser, "tab_workspace": organiser or partner}


def _participant_target() -> Target:
    target = _target()
    if not can_take_part(current_user, target):
        abort(
            403,
            _(
                "Only the organisers and partners of this event or series can open "
                "its recommendation workspace."
            ),
        )
    return target


def _organiser_target() -> Target:
    target = _target()
    if not is_organiser(current_user, target):
        abort(403, _("Only organisers can do this."))
    return target


def _url(endpoint: str, target: Target, **kw) -> str:
    return url_for(endpoint, **target.url_args, **kw)


@bp.get("/reports/<any(events,series):kind>/<slug>/")
@bp.get("/reports/<any(events,series):kind>/<slug>/<path:rest>")
def old_url(kind: str, slug: str, rest: str = "") -> Response:
    """Addresses before the plugin moved under the core's scoping still lead somewhere."""
    scope = "/events/" if kind == "events" else "/series/"
    base = scope + slug + "/reports/"
    if not rest.startswith("published"):
        base = "/manage" + base
    return redirect(base + rest, code=301)


def _recommendation(target: Target, rec_id: int) -> Recommendation:
    rec = db.session.get(Recommendation, rec_id)
    if rec is None or not target.owns(rec.area):
        abort(404)
    return rec


def _refuse(exc: ReportError) -> None:
    if isinstance(exc, NotAllowed):
        abort(403, str(exc))
    flash(str(exc), "error")


def _events_of(target: Target) -> list:
    return [target.event] if target.event is not None else list(target.require_series().events)


def _session_choices(target: Target) -> tuple[list, list]:
    sessions, talks = [], []
    several = target.event is None
    for event in _events_of(target):
        for session in load_sessions(event):
            prefix = f"{event.title}: " if several else ""
            sessions.append((session.id, prefix + session.title))
            for talk in session.talks:
                names = ", ".join(p.name for p in talk.speakers)
                talks.append((talk.id, f"{prefix}{talk.title}" + (f" ({names})" if names else "")))
    return sessions, talks


def _rows(model, ids: list[int]) -> list:
    return list(db.session.scalars(sa.select(model).where(model.id.in_(ids)))) if ids else []


# -- index and workspace ----------------------------------------------------------------
@bp.get("/reports/")
@login_required
def index() -> str:
    """Where the user organises or partners, plus every series with published reports."""
    assignments = db.session.scalars(
        sa.select(RoleAssignment)
        .where(
            RoleAssignment.user_id == current_user.id,
            RoleAssignment.role.in_([RoleName.ORGANISER, RoleName.PARTNER]),
        )
        .options(selectinload(RoleAssignment.event), selectinload(RoleAssignment.series))
    ).all()
    targets: dict[tuple[str, str], Target] = {}
    for a in assignments:
        target = Target(event=a.event) if a.event is not None else Target(series=a.series)
        targets[(target.kind, target.slug)] = target
    if is_admin(current_user):
        for series in db.session.scalars(sa.select(Series).order_by(Series.title)):
            targets.setdefault(("series", series.slug), Target(series=series))
    visible = [t for t in targets.values() if plugin_enabled("reports", **t.scope_kwargs())]
    return render_template("reports/index.html", targets=sorted(visible, key=lambda t: t.title))


@manage_route("/")
@login_required
def workspace(**_scope: str) -> str:
    target = _participant_target()
    areas = list(
        db.session.scalars(
            sa.select(PolicyArea)
            .where(target.filter(PolicyArea))
            .options(
                selectinload(PolicyArea.session),
                selectinload(PolicyArea.recommendations).selectinload(Recommendation.author),
                selectinload(PolicyArea.recommendations).selectinload(Recommendation.organisation),
            )
            .order_by(PolicyArea.position, PolicyArea.id)
        )
    )
    settings = settings_of(target)
    form = AreaForm()
    form.session_id.choices = choices([(0, "None")] + _session_choices(target)[0])
    # areas usually belong to the series' workshops
    event_areas = services.event_area_counts(target.series) if target.series is not None else []
    return render_template(
        "reports/workspace.html",
        target=target,
        areas=areas,
        area_form=form,
        event_areas=event_areas,
        organiser=is_organiser(current_user, target),
        organisation=partner_organisation(current_user, target),
        window=voting.window_state(settings),
        settings=settings,
    )


@manage_route("/areas/new", methods=["POST"])
@manage_route("/areas/<int:area_id>/edit", methods=["GET", "POST"])
@login_required
def edit_area(area_id: int | None = None, **_scope: str):
    target = _organiser_target()
    area = None
    if area_id is not None:
        area = db.session.get(PolicyArea, area_id)
        if area is None or not target.owns(area):
            abort(404)
    form = AreaForm(obj=area)
    form.session_id.choices = choices([(0, "None")] + _session_choices(target)[0])
    if request.method == "GET" and area is not None:
        form.session_id.data = area.session_id or 0
    if form.validate_on_submit():
        session = db.session.get(Session, form.session_id.data) if form.session_id.data else None
        try:
            services.save_area(
                current_user,
                target,
                title=form.title.data,
                rationale=form.rationale.data or "",
                position=form.position.data,
                session=session,
                area=area,
            )
        except ReportError as exc:
            _refuse(exc)
        else:
            flash(_("Policy area saved."), "success")
            return redirect(_url("reports.workspace", target))
    return render_template("reports/area_form.html", target=target, form=form, area=area), (
        400 if request.method == "POST" else 200
    )


# -- recommendations ------------------------------------------------------------------
def _fill_recommendation_form(form: RecommendationForm, target: Target) -> None:
    form.area_id.choices = choices((a.id, a.title) for a in areas_of(target))
    sessions, talks = _session_choices(target)
    form.session_ids.choices, form.talk_ids.choices = choices(sessions), choices(talks)


@manage_route("/recommendations/new", methods=["GET", "POST"])
@login_required
def new_recommendation(**_scope: str):
    target = _participant_target()
    form = RecommendationForm()
    _fill_recommendation_form(form, target)
    if not form.area_id.choices:
        flash(_("The organisers have not defined any policy area yet."), "error")
        return redirect(_url("reports.workspace", target))
    if request.method == "GET" and request.args.get("area", type=int):
        form.area_id.data = request.args.get("area", type=int)
    if form.validate_on_submit():
        area = db.session.get(PolicyArea, form.area_id.data)
        try:
            rec = services.create_recommendation(
                current_user,
                area,
                text=form.text.data,
                addressee=form.addressee.data,
                sessions=_rows(Session, form.session_ids.data),
                talks=_rows(Talk, form.talk_ids.data),
                submit=request.form.get("action") == "submit",
            )
        except ReportError as exc:
            _refuse(exc)
        else:
            flash(
                "Recommendation submitted for review."
                if rec.status == RecommendationStatus.SUBMITTED
                else "Draft saved.",
                "success",
            )
            return redirect(_url("reports.recommendation", target, rec_id=rec.id))
    status = 400 if request.method == "POST" else 200
    return render_template("reports/recommendation_form.html", target=target, form=form, rec=None), status


@manage_route("/recommendations/<int:rec_id>")
@login_required
def recommendation(rec_id: int, **_scope: str) -> str:
    target = _participant_target()
    rec = _recommendation(target, rec_id)
    merge = MergeForm()
    merge.into_id.choices = choices(
        (other.id, f"#{other.id}: {other.text[:80]}")
        for other in rec.area.recommendations
        if other.id != rec.id
        and other.status in (RecommendationStatus.SUBMITTED, RecommendationStatus.ACCEPTED)
    )
    return render_template(
        "reports/recommendation.html",
        target=target,
        rec=rec,
        organiser=is_organiser(current_user, target),
        can_edit=recs.can_edit(current_user, rec),
        comment_form=CommentForm(),
        reject_form=RejectForm(),
        merge_form=merge,
    )


@manage_route("/recommendations/<int:rec_id>/edit", methods=["GET", "POST"])
@login_required
def edit_recommendation(rec_id: int, **_scope: str):
    target = _participant_target()
    rec = _recommendation(target, rec_id)
    if not recs.can_edit(current_user, rec):
        abort(403, _("You cannot edit this recommendation now."))
    form = RecommendationForm(obj=rec)
    _fill_recommendation_form(form, target)
    del form.area_id  # the area does not change once proposed
    if request.method == "GET":
        form.addressee.data = rec.addressee.value if rec.addressee else ""
        form.session_ids.data = [s.id for s in rec.sessions]
        form.talk_ids.data = [t.id for t in rec.talks]
    if form.validate_on_submit():
        try:
            services.edit_recommendation(
                current_user,
                rec,
                text=form.text.data,
                addressee=form.addressee.data,
                sessions=_rows(Session, form.session_ids.data),
                talks=_rows(Talk, form.talk_ids.data),
            )
        except ReportError as exc:
            _refuse(exc)
        else:
            flash(_("Recommendation updated."), "success")
            return redirect(_url("reports.recommendation", target, rec_id=rec.id))
    status = 400 if request.method == "POST" else 200
    return render_template("reports/recommendation_form.html", target=target, form=form, rec=rec), status


@manage_route(
    "/recommendations/<int:rec_id>/<any(submit,accept,reject,merge,comment):action>", methods=["POST"]
)
@login_required
def recommendation_action(rec_id: int, action: str, **_scope: str):
    target = _participant_target()
    rec = _recommendation(target, rec_id)
    reason = comment = None
    if action == "reject":
        reject_form = RejectForm()
        reason = reject_form.reason.data if reject_form.validate_on_submit() else None
    elif action == "comment":
        comment_form = CommentForm()
        comment = comment_form.body.data if comment_form.validate_on_submit() else None
    try:
        services.act_on_recommendation(
            current_user,
            rec,
            action,
            reason=reason,
            into_id=request.form.get("into_id", type=int),
            comment=comment,
        )
    except ReportError as exc:
        _refuse(exc)
    else:
        flash(
            {
                "submit": "Submitted for review.",
                "accept": "Accepted.",
                "reject": "Rejected.",
                "merge": "Merged.",
                "comment": "Comment added.",
            }[action],
            "success",
        )
    return redirect(_url("reports.recommendation", target, rec_id=rec.id))


# -- voting and results -------------------------------------------------------------------
@manage_route("/vote", methods=["GET", "POST"])
@login_required
def vote(**_scope: str):
    target = _target()
    organisation = partner_organisation(current_user, target)
    if organisation is None:
        abort(403, _("Only partners representing an organisation can vote."))
    settings = settings_of(target)
    state = voting.window_state(settings)
    if request.method == "POST":
        scores: dict[int, int | None] = {}
        problem = None
        for key, value in request.form.items():
            if not key.startswith("score-"):
                continue
            try:
                rec_id = int(key.removeprefix("score-"))
                scores[rec_id] = int(value) if value else None
            except ValueError:
                problem = "Scores go from 1 to 5."
        try:
            if problem:
                raise ReportError(problem)
            stored = services.cast_votes(current_user, target, scores)
        except ReportError as exc:
            _refuse(exc)
        else:
            flash(
                _("Saved %(stored)s score(s) for %(name)s.", stored=stored, name=organisation.name), "success"
            )
            return redirect(_url("reports.vote", target))
    areas = areas_of(target)
    accepted = {
        a.id: [r for r in a.recommendations if r.status == RecommendationStatus.ACCEPTED] for a in areas
    }
    return render_template(
        "reports/vote.html",
        target=target,
        areas=areas,
        accepted=accepted,
        state=state,
        settings=settings,
        organisation=organisation,
        method=voting.METHOD,
        current=voting.organisation_votes(target, organisation.id),
        scores=voting.SCORES,
    ), (400 if request.method == "POST" else 200)


@manage_route("/results")
@login_required
def results(**_scope: str) -> str:
    target = _participant_target()
    areas = areas_of(target)
    settings = settings_of(target)
    window = WindowForm()
    if settings is not None and settings.voting_opens_at and request.method == "GET":
        window.opens_at.data = settings.voting_opens_at.replace(tzinfo=None)
        assert settings.voting_closes_at is not None, "set_window sets both ends together"
        window.closes_at.data = settings.voting_closes_at.replace(tzinfo=None)
    return render_template(
        "reports/results.html",
        target=target,
        areas=areas,
        rankings=voting.rankings(areas),
        settings=settings,
        state=voting.window_state(settings),
        method=voting.METHOD,
        organiser=is_organiser(current_user, target),
        window_form=window,
        quorum_form=QuorumForm(quorum=settings.quorum if settings else 1),
        quorum=settings.quorum if settings else 1,
    )


@manage_route("/window", methods=["POST"])
@login_required
def set_window(**_scope: str):
    target = _organiser_target()
    form = WindowForm()
    if not form.validate_on_submit():
        flash(_("Give both the opening and the closing time of the vote."), "error")
    else:
        try:
            services.set_window(
                current_user,
                target,
                form.opens_at.data.replace(tzinfo=UTC),
                form.closes_at.data.replace(tzinfo=UTC),
            )
        except ReportError as exc:
            _refuse(exc)
        else:
            flash(_("Voting window saved."), "success")
    return redirect(_url("reports.results", target))


@manage_route("/quorum", methods=["POST"])
@login_required
def set_quorum(**_scope: str):
    target = _organiser_target()
    form = QuorumForm()
    if not form.validate_on_submit():
        flash(_("The quorum is a number of votes from 1 to 1000."), "error")
        return redirect(_url("reports.results", target))
    try:
        services.set_quorum(current_user, target, form.quorum.data)
    except ReportError as exc:
        _refuse(exc)
    else:
        flash(_("Quorum saved."), "success")
    return redirect(_url("reports.results", target))


@manage_route("/<any(freeze,unfreeze):action>", methods=["POST"])
@login_required
def freeze(action: str, **_scope: str):
    target = _organiser_target()
    try:
        services.freeze_order(current_user, target, frozen=action == "freeze")
    except ReportError as exc:
        _refuse(exc)
    else:
        flash("The final order is frozen." if action == "freeze" else "The order is open again.", "success")
    return redirect(_url("reports.results", target))


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
    form.template.choices = choices((t.key, str(t.label)) for t in TEMPLATES.values())
    form.event_ids.choices = choices(
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
    target = _organiser_target()
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
            return redirect(_url("reports.builder", target))
    return _render_builder(target, 400, texts=form)


@manage_route("/builder/layout", methods=["POST"])
@login_required
def save_layout(**_scope: str):
    target = _organiser_target()
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
            return redirect(_url("reports.builder", target) + "#layout")
    return _render_builder(target, 400, layout=form)


@manage_route("/builder/deliverable", methods=["POST"])
@login_required
@accepts_files("logo", "emblem")
def save_deliverable(**_scope: str):
    target = _organiser_target()
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
            return redirect(_url("reports.builder", target) + "#deliverable")
    return _render_builder(target, 400, deliverable=form)


@manage_route("/builder/sections", methods=["POST"])
@login_required
def arrange_sections(**_scope: str):
    """Move a section up or down, or include/leave it out; saves the whole order."""
    target = _organiser_target()
    keys = [s.key for s in all_sections(target)]
    try:
        services.arrange_section(
            current_user, target, keys, request.form.get("key", ""), request.form.get("move", "")
        )
    except ReportError as exc:
        _refuse(exc)
        return redirect(_url("reports.builder", target))
    return redirect(_url("reports.builder", target) + "#sections")


@manage_route("/builds", methods=["POST"])
@login_required
def start_build(**_scope: str):
    """Queue a build of a report file as a background job; its page shows the progress
    and offers the file when ready (and the requester gets an e-mail)."""
    target = _organiser_target()
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
        _refuse(exc)
        return redirect(_url("reports.builder", target))
    return redirect(_url("reports.build_status", target, build_id=build.id))


def _build(target: Target, build_id: int):
    build = db.session.get(ReportBuild, build_id)
    if build is None or not target.owns(build):
        abort(404)
    return build


@manage_route("/builds/<int:build_id>")
@login_required
def build_status(build_id: int, **_scope: str):
    target = _organiser_target()
    build = _build(target, build_id)
    if request.args.get("format") == "json":
        return {"state": build.state, "progress": build.progress, "step": build.step, "error": build.error}
    return render_template("reports/build.html", target=target, build=build, format=FORMATS[build.format])


@manage_route("/builds/<int:build_id>/file")
@login_required
def build_file_download(build_id: int, **_scope: str) -> Response:
    target = _organiser_target()
    build = _build(target, build_id)
    if build.state != "done" or build.body is None:
        abort(409, _("This build has not finished."))
    return _download(build.body, build.format, f"{target.slug}-report-draft")


@manage_route("/preview")
@login_required
def preview(**_scope: str) -> str:
    target = _organiser_target()
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


def _download(body: bytes, name: str, filename: str, inline: bool = False) -> Response:
    fmt = FORMATS[name]
    disposition = "inline" if inline else "attachment"
    return Response(
        body,
        content_type=fmt.content_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}.{fmt.extension}"',
        },
    )


@manage_route("/export/<any(html,pdf,docx,md):fmt>")
@login_required
def export(fmt: str, **_scope: str) -> Response:
    target = _organiser_target()
    with in_report_language(target):
        body = render(build_document(target), fmt)
    return _download(body, fmt, f"{target.slug}-report-draft", inline=fmt == "html")


@manage_route("/publish", methods=["POST"])
@login_required
def publish_report(**_scope: str):
    target = _organiser_target()
    try:
        row = services.publish_report(current_user, target)
    except ReportError as exc:
        _refuse(exc)
        return redirect(_url("reports.builder", target))
    flash(_("Version %(version)s published.", version=row.version), "success")
    return redirect(_url("reports.published", target))


# -- public: published versions -----------------------------------------------------------
@public_route("/published/")
def published(**_scope: str) -> str:
    target = _target()
    return render_template(
        "reports/published.html", target=target, versions=published_versions(target), formats=FORMATS.values()
    )


@public_route("/published/<int:version>.<any(html,pdf,docx,md):fmt>")
def published_file(version: int, fmt: str, **_scope: str) -> Response:
    target = _target()
    row = db.session.scalar(
        sa.select(PublishedReport).where(target.filter(PublishedReport), PublishedReport.version == version)
    )
    if row is None:
        abort(404)
    return _download(
        render_published(row, fmt), fmt, f"{target.slug}-report-v{version}", inline=fmt == "html"
    )
