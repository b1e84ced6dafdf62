"""Organiser pages of the monitoring plugin: report preview and exports, the
partnership profile and the activities of a series
(``/manage/series/<series_slug>/monitoring/...``, for the series' organisers), and an
event's monitoring details (``/manage/events/<event_slug>/monitoring/``, for the
event's organisers). The core has already found the series or event and checked the
plugin is on there; writes go through :mod:`.services`."""

from __future__ import annotations

import sqlalchemy as sa
from confsite_plugins.monitoring import exports, services
from confsite_plugins.monitoring.activities import (
    category_of,
    event_record,
    series_activities,
    view_of_event,
)
from confsite_plugins.monitoring.dates import describe_days
from confsite_plugins.monitoring.forms import (
    BLANK_ROWS,
    ActivityForm,
    EventActivityForm,
    NarrativeForm,
    ProfileForm,
    commas,
    comment_field,
    lines,
)
from confsite_plugins.monitoring.models import (
    Activity,
    ActivityCategory,
    DatePrecision,
    SdgRating,
)
from confsite_plugins.monitoring.narrative import (
    COMMENT_KEYS,
    NARRATIVE_FIELDS,
    PROGRESS_PARTS,
    period_report_of,
)
from confsite_plugins.monitoring.profile import (
    LeadRegionData,
    ProfileData,
    RepresentativeData,
    WorkingAreaData,
    profile_data,
    profile_of,
)
from confsite_plugins.monitoring.report import (
    PeriodError,
    build_report,
    neighbour_half_years,
    parse_period,
)
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from confsite.api import (
    Series,
    can_manage_series,
    db,
    require_event_role,
    require_series_manager,
)

from .i18n import _

bp = Blueprint(
    "monitoring",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/monitoring/static",
)


def _managed_series(series_slug: str) -> Series:
    """The route's series (scoped by the core), for its organisers only."""
    return require_series_manager()


def _period_args() -> dict[str, str]:
    return {key: request.args.get(key, "") for key in ("from", "to", "as_of")}


# -- report ----------------------------------------------------------------------


@bp.get("/manage/series/<series_slug>/monitoring/")
@login_required
def report(series_slug: str):
    series = _managed_series(series_slug)
    args = _period_args()
    try:
        start, end, as_of = parse_period(args["from"], args["to"], args["as_of"])
    except PeriodError as exc:
        page = render_template(
            "monitoring/report.html", series=series, report=None, error=str(exc), args=args, sections=[]
        )
        return page, 400
    built = build_report(series, start, end, as_of=as_of)
    args = {"from": start.isoformat(), "to": end.isoformat(), "as_of": args["as_of"]}
    sections = [(s, exports.tagged_blocks(s)) for s in exports.report_sections(built)]
    return render_template(
        "monitoring/report.html",
        series=series,
        report=built,
        error=None,
        args=args,
        sections=sections,
        neighbours=neighbour_half_years(start),
    )


@bp.get("/manage/series/<series_slug>/monitoring/report.<fmt>")
@login_required
def export(series_slug: str, fmt: str) -> Response:
    series = _managed_series(series_slug)
    if fmt not in exports.FORMATS:
        abort(404, _("There is no “%(fmt)s” export; choose HTML, DOCX or CSV.", fmt=fmt))
    args = _period_args()
    try:
        start, end, as_of = parse_period(args["from"], args["to"], args["as_of"])
    except PeriodError as exc:
        abort(400, str(exc))
    built = build_report(series, start, end, as_of=as_of)
    content_type, extension = exports.FORMATS[fmt]
    filename = f"{series.slug}-monitoring-{start.isoformat()}-{end.isoformat()}.{extension}"
    return Response(
        exports.render(built, fmt),
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# -- profile ---------------------------------------------------------------------


def _fill_profile_form(form: ProfileForm, data: ProfileData) -> None:
    form.objectives.data = data.objectives
    form.web_page.data = data.web_page
    form.thematic_platform.data = data.thematic_platform
    form.ec_coordinator.data = data.ec_coordinator
    form.other_information.data = data.other_information
    form.working_areas_comments.data = data.working_areas_comments
    form.partner_regions.data = "\n".join(data.partner_regions)
    form.joining_regions.data = "\n".join(data.joining_regions)
    form.other_participants.data = "\n".join(data.other_participants)
    for lead in data.lead_regions:
        if not lead.representatives:
            form.lead_regions.append_entry({"region": lead.region})
        for rep in lead.representatives:
            form.lead_regions.append_entry(
                {
                    "region": lead.region,
                    "name": rep.name,
                    "institution": rep.institution,
                    "contact": rep.contact,
                }
            )
    for area in data.working_areas:
        form.working_areas.append_entry(
            {
                "title": area.title,
                "region_in_charge": area.region_in_charge,
                "involved_regions": ", ".join(area.involved_regions),
                "other_actors": ", ".join(area.other_actors),
            }
        )
    for _row in range(BLANK_ROWS):
        form.lead_regions.append_entry()
        form.working_areas.append_entry()
    for goal, rating in data.sdg.items():
        getattr(form.sdg.form, f"goal_{goal}").data = SdgRating(rating).value


def _profile_from_form(form: ProfileForm) -> ProfileData:
    leads: dict[str, LeadRegionData] = {}
    for entry in form.lead_regions.entries:
        row = entry.form
        region = row.region.data.strip()
        if not region:
            continue
        lead = leads.setdefault(region.casefold(), LeadRegionData(region))
        if row.name.data.strip():
            lead.representatives.append(
                RepresentativeData(row.name.data, row.institution.data or "", row.contact.data or "")
            )
    areas = [
        WorkingAreaData(
            row.title.data,
            row.region_in_charge.data or "",
            commas(row.involved_regions.data),
            commas(row.other_actors.data),
        )
        for row in (entry.form for entry in form.working_areas.entries)
        if row.title.data.strip()
    ]
    sdg = {}
    for field in form.sdg.form:
        if field.data:
            sdg[int(field.name.rsplit("_", 1)[-1])] = SdgRating(field.data)
    return ProfileData(
        objectives=form.objectives.data or "",
        web_page=form.web_page.data or "",
        lead_regions=list(leads.values()),
        partner_regions=lines(form.partner_regions.data),
        joining_regions=lines(form.joining_regions.data),
        other_participants=lines(form.other_participants.data),
        working_areas=areas,
        sdg=sdg,
        thematic_platform=form.thematic_platform.data or "",
        ec_coordinator=form.ec_coordinator.data or "",
        other_information=form.other_information.data or "",
        working_areas_comments=form.working_areas_comments.data or "",
    )


@bp.route("/manage/series/<series_slug>/monitoring/profile", methods=["GET", "POST"])
@login_required
def edit_profile(series_slug: str):
    series = _managed_series(series_slug)
    form = ProfileForm()
    if request.method == "GET":
        _fill_profile_form(form, profile_data(profile_of(series)))
    elif form.validate_on_submit():
        services.save_series_profile(series, _profile_from_form(form))
        flash(_("Partnership profile saved."), "success")
        return redirect(url_for("monitoring.report", series_slug=series.slug))
    return render_template("monitoring/profile.html", series=series, form=form)


# -- the period's narrative -------------------------------------------------------


@bp.route("/manage/series/<series_slug>/monitoring/narrative", methods=["GET", "POST"])
@login_required
def edit_narrative(series_slug: str):
    """Executive summary, "any other comments" rows, progress report and
    self-evaluation of the period given by ``from`` and ``to`` (default: the current
    half-year)."""
    series = _managed_series(series_slug)
    args = _period_args()
    try:
        start, end, _as_of = parse_period(args["from"], args["to"])
    except PeriodError as exc:
        abort(400, str(exc))
    form = NarrativeForm()
    if request.method == "GET":
        row = period_report_of(series, start, end)
        if row is not None:
            for name in NARRATIVE_FIELDS:
                getattr(form, name).data = getattr(row, name)
            for key in COMMENT_KEYS:
                comment_field(form, key).data = row.comments.get(key, "")
    elif form.validate_on_submit():
        services.save_period_narrative(
            series,
            start,
            end,
            texts={name: getattr(form, name).data or "" for name in NARRATIVE_FIELDS},
            comments={key: comment_field(form, key).data or "" for key in COMMENT_KEYS},
        )
        flash(_("The report's texts for this period are saved."), "success")
        return redirect(
            url_for(
                "monitoring.report",
                series_slug=series.slug,
                **{"from": start.isoformat(), "to": end.isoformat()},
            )
        )
    return render_template(
        "monitoring/narrative.html",
        series=series,
        form=form,
        start=start,
        end=end,
        period_label=describe_days([start]) + " – " + describe_days([end]),
        parts=PROGRESS_PARTS,
        comments=[comment_field(form, key) for key in COMMENT_KEYS],
    )


# -- activities ------------------------------------------------------------------


def _dates_value(record: Activity | None) -> str:
    if record is None or not record.dates:
        return ""
    if record.precision in (DatePrecision.MONTH, DatePrecision.SEASON):
        return record.days[0].strftime("%Y-%m")
    return ", ".join(d.isoformat() for d in record.days)


@bp.get("/manage/series/<series_slug>/monitoring/activities")
@login_required
def activities(series_slug: str) -> str:
    series = _managed_series(series_slug)
    return render_template("monitoring/activities.html", series=series, activities=series_activities(series))


def _standalone_or_404(series: Series, activity_id: int) -> Activity:
    record = db.session.scalar(
        sa.select(Activity).where(Activity.id == activity_id, Activity.series_id == series.id)
    )
    if record is None:
        abort(404)
    return record


@bp.route("/manage/series/<series_slug>/monitoring/activities/new", methods=["GET", "POST"])
@bp.route(
    "/manage/series/<series_slug>/monitoring/activities/<int:activity_id>/edit", methods=["GET", "POST"]
)
@login_required
def edit_activity(series_slug: str, activity_id: int | None = None):
    series = _managed_series(series_slug)
    record = _standalone_or_404(series, activity_id) if activity_id else None
    form = ActivityForm()
    if request.method == "GET" and record is not None:
        form.title.data = record.title
        form.category.data = ActivityCategory(record.category).value
        form.precision.data = record.precision.value
        form.dates.data = _dates_value(record)
        form.date_text.data = record.date_text
        form.place.data = record.place
    elif form.validate_on_submit():
        services.save_series_activity(
            series,
            record,
            precision=DatePrecision(form.precision.data),
            dates_text=form.dates.data or "",
            date_text=form.date_text.data or "",
            place=form.place.data or "",
            category=ActivityCategory(form.category.data),
            title=form.title.data,
        )
        flash(_("Activity saved."), "success")
        return redirect(url_for("monitoring.activities", series_slug=series.slug))
    return render_template("monitoring/activity_form.html", series=series, form=form, record=record)


@bp.post("/manage/series/<series_slug>/monitoring/activities/<int:activity_id>/delete")
@login_required
def delete_activity(series_slug: str, activity_id: int):
    series = _managed_series(series_slug)
    record = _standalone_or_404(series, activity_id)
    services.delete_series_activity(record)
    flash(_("Activity “%(title)s” deleted.", title=record.title), "success")
    return redirect(url_for("monitoring.activities", series_slug=series.slug))


@bp.route("/manage/events/<event_slug>/monitoring/", methods=["GET", "POST"])
@login_required
def event_activity(event_slug: str) -> ResponseReturnValue:
    event = require_event_role()
    if event.series_id is None:
        abort(404, _("This event belongs to no series, so no partnership report lists it."))
    record = event_record(event)
    form = EventActivityForm()
    if request.method == "GET" and record is not None:
        form.category.data = record.category.value if record.category else ""
        form.precision.data = record.precision.value
        form.dates.data = _dates_value(record)
        form.date_text.data = record.date_text
        form.place.data = record.place
    elif form.validate_on_submit():
        services.save_event_details(
            event,
            record,
            category=ActivityCategory(form.category.data) if form.category.data else None,
            precision=DatePrecision(form.precision.data),
            dates_text=form.dates.data or "",
            date_text=form.date_text.data or "",
            place=form.place.data or "",
        )
        flash(_("Monitoring details saved."), "success")
        return redirect(url_for("monitoring.event_activity", event_slug=event.slug))
    assert event.series is not None, "series_id was checked above"
    return render_template(
        "monitoring/event_activity.html",
        event=event,
        form=form,
        shown=view_of_event(event, record),
        default_category=category_of(event),
        can_see_report=can_manage_series(current_user, event.series),
    )
