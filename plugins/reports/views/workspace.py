"""The partners' workspace: policy areas, recommendations and their comments, the
vote with its window and quorum, and the results."""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from confsite.api import (
    RoleAssignment,
    RoleName,
    Series,
    Session,
    Talk,
    _,
    db,
    is_admin,
    load_sessions,
    plugin_enabled,
    select_choices,
)

from .. import recommendations as recs
from .. import services, voting
from ..forms import (
    AreaForm,
    CommentForm,
    MergeForm,
    QuorumForm,
    RecommendationForm,
    RejectForm,
    WindowForm,
)
from ..models import PolicyArea, Recommendation, RecommendationStatus
from ..targets import ReportError, Target, areas_of, is_organiser, partner_organisation, settings_of
from .common import bp, current_target, manage_route, organiser_target, participant_target, refuse, target_url


def _recommendation(target: Target, rec_id: int) -> Recommendation:
    rec = db.session.get(Recommendation, rec_id)
    if rec is None or not target.owns(rec.area):
        abort(404)
    return rec


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
    target = participant_target()
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
    form.session_id.choices = select_choices([(0, _("— none —")), *_session_choices(target)[0]])
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
    target = organiser_target()
    area = None
    if area_id is not None:
        area = db.session.get(PolicyArea, area_id)
        if area is None or not target.owns(area):
            abort(404)
    form = AreaForm(obj=area)
    form.session_id.choices = select_choices([(0, _("— none —")), *_session_choices(target)[0]])
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
            refuse(exc)
        else:
            flash(_("Policy area saved."), "success")
            return redirect(target_url("reports.workspace", target))
    return render_template("reports/area_form.html", target=target, form=form, area=area), (
        400 if request.method == "POST" else 200
    )


# -- recommendations ------------------------------------------------------------------
def _fill_recommendation_form(form: RecommendationForm, target: Target) -> None:
    form.area_id.choices = select_choices((a.id, a.title) for a in areas_of(target))
    sessions, talks = _session_choices(target)
    form.session_ids.choices, form.talk_ids.choices = select_choices(sessions), select_choices(talks)


@manage_route("/recommendations/new", methods=["GET", "POST"])
@login_required
def new_recommendation(**_scope: str):
    target = participant_target()
    form = RecommendationForm()
    _fill_recommendation_form(form, target)
    if not form.area_id.choices:
        flash(_("The organisers have not defined any policy area yet."), "error")
        return redirect(target_url("reports.workspace", target))
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
            refuse(exc)
        else:
            flash(
                "Recommendation submitted for review."
                if rec.status == RecommendationStatus.SUBMITTED
                else "Draft saved.",
                "success",
            )
            return redirect(target_url("reports.recommendation", target, rec_id=rec.id))
    status = 400 if request.method == "POST" else 200
    return render_template("reports/recommendation_form.html", target=target, form=form, rec=None), status


@manage_route("/recommendations/<int:rec_id>")
@login_required
def recommendation(rec_id: int, **_scope: str) -> str:
    target = participant_target()
    rec = _recommendation(target, rec_id)
    merge = MergeForm()
    merge.into_id.choices = select_choices(
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
    target = participant_target()
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
            refuse(exc)
        else:
            flash(_("Recommendation updated."), "success")
            return redirect(target_url("reports.recommendation", target, rec_id=rec.id))
    status = 400 if request.method == "POST" else 200
    return render_template("reports/recommendation_form.html", target=target, form=form, rec=rec), status


@manage_route(
    "/recommendations/<int:rec_id>/<any(submit,accept,reject,merge,comment):action>", methods=["POST"]
)
@login_required
def recommendation_action(rec_id: int, action: str, **_scope: str):
    target = participant_target()
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
        refuse(exc)
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
    return redirect(target_url("reports.recommendation", target, rec_id=rec.id))


# -- voting and results -------------------------------------------------------------------
@manage_route("/vote", methods=["GET", "POST"])
@login_required
def vote(**_scope: str):
    target = current_target()
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
            refuse(exc)
        else:
            flash(
                _("Saved %(stored)s score(s) for %(name)s.", stored=stored, name=organisation.name), "success"
            )
            return redirect(target_url("reports.vote", target))
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
    target = participant_target()
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
    target = organiser_target()
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
            refuse(exc)
        else:
            flash(_("Voting window saved."), "success")
    return redirect(target_url("reports.results", target))


@manage_route("/quorum", methods=["POST"])
@login_required
def set_quorum(**_scope: str):
    target = organiser_target()
    form = QuorumForm()
    if not form.validate_on_submit():
        flash(_("The quorum is a number of votes from 1 to 1000."), "error")
        return redirect(target_url("reports.results", target))
    try:
        services.set_quorum(current_user, target, form.quorum.data)
    except ReportError as exc:
        refuse(exc)
    else:
        flash(_("Quorum saved."), "success")
    return redirect(target_url("reports.results", target))


@manage_route("/<any(freeze,unfreeze):action>", methods=["POST"])
@login_required
def freeze(action: str, **_scope: str):
    target = organiser_target()
    try:
        services.freeze_order(current_user, target, frozen=action == "freeze")
    except ReportError as exc:
        refuse(exc)
    else:
        flash("The final order is frozen." if action == "freeze" else "The order is open again.", "success")
    return redirect(target_url("reports.results", target))
