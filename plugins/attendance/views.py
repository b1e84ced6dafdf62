"""Organiser pages: the event dashboard, card downloads, manual counts, CSV; the series
summary. Thin: figures come from :mod:`figures`, their presentation from
:mod:`presentation`."""

from __future__ import annotations

import csv
import io
from datetime import date

import sqlalchemy as sa
from confsite_plugins.attendance.figures import collect_figures
from confsite_plugins.attendance.forms import DeleteForm, ManualCountForm
from confsite_plugins.attendance.models import ManualCount
from confsite_plugins.attendance.presentation import (
    card_svg,
    charts_for,
    csv_rows,
    detail_rows,
    nutshell_items,
    safe_cell,
)
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from confsite.api import (
    Event,
    EventStatus,
    Series,
    can_manage_event,
    can_manage_series,
    db,
    event_by_slug,
    event_dates,
    plugin_enabled,
    series_by_slug,
)

PLUGIN = "attendance"
bp = Blueprint(PLUGIN, __name__, template_folder="templates")


def _managed_event(event_slug: str) -> Event:
    event = event_by_slug(event_slug)
    if event is None or not can_manage_event(current_user, event):
        abort(404)
    return event


@bp.get("/manage/events/<event_slug>/attendance/")
@login_required
def dashboard(event_slug: str) -> str:
    event = _managed_event(event_slug)
    return _render_dashboard(event, ManualCountForm())


def _render_dashboard(event: Event, form: ManualCountForm, status: int = 200):
    figures = collect_figures([event])
    return render_template(
        "attendance/dashboard.html",
        event=event,
        figures=figures,
        nutshell=nutshell_items(figures, [event]),
        details=detail_rows(figures),
        charts=charts_for(figures),
        form=form,
        delete_form=DeleteForm(),
        series_link=event.series is not None and can_manage_series(current_user, event.series),
    ), status


@bp.post("/manage/events/<event_slug>/attendance/manual")
@login_required
def add_manual_count(event_slug: str):
    event = _managed_event(event_slug)
    form = ManualCountForm()
    if not form.validate_on_submit():
        return _render_dashboard(event, form, 400)
    source = form.source.data
    taken = db.session.scalar(
        sa.select(ManualCount.id).where(
            ManualCount.event_id == event.id,
            ManualCount.day == form.day.data,
            ManualCount.source == source,
        )
    )
    if taken is None:
        db.session.add(
            ManualCount(event_id=event.id, day=form.day.data, source=source, count=form.count.data)
        )
        try:
            db.session.commit()
        except IntegrityError:  # the same number was added at the same moment
            db.session.rollback()
            taken = True
    if taken is not None:
        form.source.errors.append(
            f"There is already a number from {source} for this day: delete it first to change it."
        )
        return _render_dashboard(event, form, 400)
    flash(f"Added {form.count.data} views from {source}.", "success")
    return redirect(url_for(".dashboard", event_slug=event.slug) + "#manual")


@bp.post("/manage/events/<event_slug>/attendance/manual/<int:entry_id>/delete")
@login_required
def delete_manual_count(event_slug: str, entry_id: int):
    event = _managed_event(event_slug)
    if not DeleteForm().validate_on_submit():
        abort(400, "The form expired; reload the page and try again.")
    entry = db.session.get(ManualCount, entry_id)
    if entry is None or entry.event_id != event.id:
        abort(404)
    db.session.delete(entry)
    db.session.commit()
    flash("Number deleted.", "success")
    return redirect(url_for(".dashboard", event_slug=event.slug) + "#manual")


def _card(event: Event) -> str:
    figures = collect_figures([event])
    return card_svg(figures, [event], event.title, event_dates(event))


@bp.get("/manage/events/<event_slug>/attendance/nutshell.svg")
@login_required
def card_as_svg(event_slug: str) -> Response:
    event = _managed_event(event_slug)
    return _download(_card(event).encode(), "image/svg+xml", f"{event.slug}-nutshell.svg")


@bp.get("/manage/events/<event_slug>/attendance/nutshell.png")
@login_required
def card_as_png(event_slug: str) -> Response:
    event = _managed_event(event_slug)
    try:
        import cairosvg  # noqa: PLC0415  (needs the system's libcairo: only the PNG download does)
    except (ImportError, OSError):
        current_app.logger.exception("cairosvg is not usable")
        abort(
            503,
            "PNG images cannot be made on this server (the cairo library is missing); "
            "download the card as SVG instead.",
        )
    png = cairosvg.svg2png(bytestring=_card(event).encode(), output_width=1920)
    return _download(png, "image/png", f"{event.slug}-nutshell.png")


@bp.get("/manage/events/<event_slug>/attendance/attendance.csv")
@login_required
def event_csv(event_slug: str) -> Response:
    event = _managed_event(event_slug)
    return _csv_response(collect_figures([event]), [event], f"{event.slug}-attendance.csv")


def _download(body: bytes, content_type: str, filename: str) -> Response:
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _csv_response(figures, events, filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in csv_rows(figures, events):
        writer.writerow([safe_cell(cell) for cell in row])
    return _download(buffer.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", filename)


# -- series -------------------------------------------------------------------------


def _managed_series(series_slug: str) -> Series:
    series = series_by_slug(series_slug)
    if (
        series is None
        or not can_manage_series(current_user, series)
        or not plugin_enabled(PLUGIN, series=series)
    ):
        abort(404)
    return series


def _date_arg(name: str) -> date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(400, f"The {name} date must look like 2021-07-13.")


def _series_events(series: Series) -> tuple[list[Event], date | None, date | None]:
    start, end = _date_arg("start"), _date_arg("end")
    if start and end and end < start:
        abort(400, "The end date is before the start date.")
    events = [
        e
        for e in series.events
        if e.status != EventStatus.DRAFT
        and (start is None or e.local(e.start_at).date() >= start)
        and (end is None or e.local(e.start_at).date() <= end)
    ]
    return events, start, end


@bp.get("/manage/series/<series_slug>/attendance/")
@login_required
def series_dashboard(series_slug: str) -> str:
    series = _managed_series(series_slug)
    events, start, end = _series_events(series)
    figures = collect_figures(events)
    return render_template(
        "attendance/series.html",
        series=series,
        events=events,
        start=start,
        end=end,
        figures=figures,
        nutshell=nutshell_items(figures, events) if events else [],
        details=detail_rows(figures),
        charts=charts_for(figures, "series")[1:] if events else [],
    )


@bp.get("/manage/series/<series_slug>/attendance/attendance.csv")
@login_required
def series_csv(series_slug: str) -> Response:
    series = _managed_series(series_slug)
    events, start, end = _series_events(series)
    period = f"-{start or 'start'}-{end or 'now'}" if start or end else ""
    return _csv_response(collect_figures(events), events, f"{series.slug}{period}-attendance.csv")
