"""Series and events: the workspace index, create, edit, publish, cancel, delete, change log."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.i18n import LANGUAGES, _
from confsite.models import (
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
    RoleAssignment,
    RoleName,
    Series,
)
from confsite.services import agenda, changes, event_copy, publish_checklist
from confsite.services import events as event_service
from confsite.services.event_io import EventFileError
from confsite.services.pagination import requested_page
from confsite.services.permissions import can_manage_series, is_admin, managed_event_ids
from confsite.services.registration import RegistrationError, registration_counts
from confsite.services.validation import event_problems
from confsite.timezones import timezone_problem
from confsite.views.choices import select_choices
from confsite.views.manage.blueprint import admin_only, bp, managed_event_or_404, managed_series_or_404, user
from confsite.views.manage.forms import (
    ConfirmForm,
    DuplicateEventForm,
    EventForm,
    SeriesForm,
    organisation_choices,
)


def managed_series() -> list[Series]:
    """Series the current user may add events to."""
    query = sa.select(Series).order_by(Series.title)
    if not is_admin(current_user):
        query = query.where(
            Series.id.in_(
                sa.select(RoleAssignment.series_id).where(
                    RoleAssignment.user_id == current_user.id, RoleAssignment.role == RoleName.ORGANISER
                )
            )
        )
    return list(db.session.scalars(query))


@bp.get("/")
def index() -> str:
    query = sa.select(Event).options(selectinload(Event.series)).order_by(Event.start_at.desc())
    ids = managed_event_ids(current_user)
    if ids is not None:
        query = query.where(Event.id.in_(ids))
    series = managed_series()
    return render_template(
        "manage/index.html",
        events=db.session.scalars(query).all(),
        series=series,
        can_create_event=is_admin(current_user) or bool(series),
        is_admin=is_admin(current_user),
    )


# --- series --------------------------------------------------------------------------------


def _series_form_problems(form: SeriesForm, exclude_id: int | None) -> bool:
    problem = event_service.slug_problem(form.slug.data)
    if problem:
        form.slug.errors.append(problem)
    elif event_service.slug_taken(Series, form.slug.data, exclude_id):
        form.slug.errors.append(_("Another series already uses this name."))
    return bool(form.slug.errors)


@bp.route("/series/new", methods=["GET", "POST"])
def series_new() -> ResponseReturnValue:
    admin_only()
    form = SeriesForm()
    if form.validate_on_submit() and not _series_form_problems(form, None):
        series = event_service.create_series(
            slug=form.slug.data, title=form.title.data, description=form.description.data or ""
        )
        flash(_("Series “%(title)s” created.", title=series.title), "success")
        return redirect(url_for("manage.series_roles", slug=series.slug))
    return render_template(
        "manage/form.html",
        form=form,
        title=_("New series"),
        submit=_("Create series"),
        back=url_for("manage.index"),
    )


@bp.route("/series/<slug>/edit", methods=["GET", "POST"])
def series_edit(slug: str) -> ResponseReturnValue:
    series = managed_series_or_404(slug)
    form = SeriesForm(obj=series)
    if form.validate_on_submit() and not _series_form_problems(form, series.id):
        event_service.update_series(
            series, slug=form.slug.data, title=form.title.data, description=form.description.data or ""
        )
        flash(_("Series saved."), "success")
        return redirect(url_for("manage.index"))
    return render_template(
        "manage/form.html",
        form=form,
        title=_("Edit series “%(title)s”", title=series.title),
        submit=_("Save series"),
        back=url_for("manage.index"),
    )


@bp.route("/series/<slug>/delete", methods=["GET", "POST"])
def series_delete(slug: str) -> ResponseReturnValue:
    series = managed_series_or_404(slug)
    admin_only()
    form = ConfirmForm()
    if form.validate_on_submit():
        event_service.delete_series(series)
        flash(
            _("Series “%(title)s” deleted; its events are kept without a series.", title=series.title),
            "success",
        )
        return redirect(url_for("manage.index"))
    return render_template(
        "manage/confirm.html",
        form=form,
        title=_("Delete series “%(title)s”?", title=series.title),
        details=[
            f"Its {len(series.events)} event(s) are kept, without a series.",
            "Roles given on the series are removed.",
        ],
        submit=_("Delete series"),
        back=url_for("manage.index"),
    )


# --- events --------------------------------------------------------------------------------


def _event_form(event: Event | None = None) -> EventForm:
    form = EventForm(obj=event)
    series = managed_series()
    if event is not None and event.series and event.series not in series:
        series.append(event.series)  # keep the current one selectable
    # Admins may leave an event outside any series; others keep what the event has.
    may_have_none = is_admin(current_user) or (event is not None and event.series_id is None)
    none = [(0, _("— none —"))] if may_have_none else []
    form.series.choices = select_choices([*none, *((s.id, s.title) for s in series)])
    form.host.choices = organisation_choices()
    if event is not None and not form.is_submitted():
        form.series.data = event.series_id or 0
        form.host.data = event.host_organisation_id or 0
        local = lambda dt: event.local(dt).replace(tzinfo=None) if dt else None  # noqa: E731
        form.start.data, form.end.data = local(event.start_at), local(event.end_at)
        form.registration_opens.data = local(event.registration_opens)
        form.registration_closes.data = local(event.registration_closes)
    if not form.report_language.data:  # events made before the field existed (or a form without it)
        form.report_language.data = LANGUAGES[0]
    return form


def _read_event_form(form: EventForm, event: Event | None) -> dict | None:
    """Form values as model values, or None after adding the problems to the form."""
    slug_problem = event_service.slug_problem(form.slug.data)
    if slug_problem:
        form.slug.errors.append(slug_problem)
    elif event_service.slug_taken(Event, form.slug.data, event.id if event else None):
        form.slug.errors.append(_("Another event already uses this name."))
    allowed_series = {choice.value for choice in form.series.choices}
    if form.series.data not in allowed_series:
        form.series.errors.append(_("Choose one of the series you organise."))
    values = {}
    tz_problem = timezone_problem(form.timezone.data.strip())
    if tz_problem:
        form.timezone.errors.append(tz_problem)
    else:
        zone = ZoneInfo(form.timezone.data.strip())
        aware = lambda dt: dt.replace(tzinfo=zone).astimezone(UTC) if dt else None  # noqa: E731
        values = dict(
            start_at=aware(form.start.data),
            end_at=aware(form.end.data),
            registration_opens=aware(form.registration_opens.data),
            registration_closes=aware(form.registration_closes.data),
        )
        for problem in event_problems(
            timezone=form.timezone.data.strip(),
            start=values["start_at"],
            end=values["end_at"],
            capacity=form.capacity.data,
            registration_opens=values["registration_opens"],
            registration_closes=values["registration_closes"],
        ):
            (form.end.errors if "end" in problem else form.registration_closes.errors).append(problem)
    if any(f.errors for f in form):
        return None
    values.update(
        slug=form.slug.data,
        title=form.title.data.strip(),
        kind=EventKind(form.kind.data),
        format=EventFormat(form.format.data),
        timezone=form.timezone.data.strip(),
        venue=(form.venue.data or "").strip(),
        online_url=form.online_url.data or None,
        join_release_minutes=form.join_release_minutes.data,
        reminder_hours=24 if form.reminder_hours.data is None else form.reminder_hours.data,
        description=form.description.data or "",
        series_id=form.series.data or None,
        host_organisation_id=form.host.data or None,
        report_language=form.report_language.data,
    )
    return values


@bp.route("/events/new", methods=["GET", "POST"])
def event_new() -> ResponseReturnValue:
    if not is_admin(current_user) and not managed_series():
        abort(403, _("Only site administrators and series organisers can create events."))
    form = _event_form()
    if form.validate_on_submit():
        values = _read_event_form(form, None)
        if values is not None:
            event = event_service.create_event(values, form.capacity.data)
            flash(
                _("Event created as a draft: only people with a role on it can see it until you publish it."),
                "success",
            )
            return redirect(url_for("manage.event", slug=event.slug))
    return render_template(
        "manage/form.html",
        form=form,
        title=_("New event"),
        submit=_("Create event"),
        back=url_for("manage.index"),
    )


@bp.get("/events/<slug>/")
def event(slug: str) -> str:
    found = managed_event_or_404(slug)
    counts = registration_counts(found)
    is_draft = found.status == EventStatus.DRAFT
    return render_template(
        "manage/event.html",
        event=found,
        checklist=publish_checklist.checklist(found, agenda.load_sessions(found)) if is_draft else [],
        form=ConfirmForm(),
        confirmed=counts.get(RegistrationStatus.CONFIRMED, 0),
        waitlisted=counts.get(RegistrationStatus.WAITLISTED, 0),
    )


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
def event_edit(slug: str) -> ResponseReturnValue:
    found = managed_event_or_404(slug)
    form = _event_form(found)
    if form.validate_on_submit():
        values = _read_event_form(form, found)
        if values is not None:
            try:
                promoted = event_service.update_event(found, values, form.capacity.data, user())
            except RegistrationError as exc:
                form.capacity.errors.append(str(exc))
            else:
                if promoted:
                    flash(
                        _("%(value)s people were confirmed from the waiting list.", value=len(promoted)),
                        "info",
                    )
                flash(_("Event saved."), "success")
                return redirect(url_for("manage.event", slug=found.slug))
    return render_template(
        "manage/form.html",
        form=form,
        title=_("Edit “%(title)s”", title=found.title),
        submit=_("Save event"),
        back=url_for("manage.event", slug=slug),
    )


@bp.post("/events/<slug>/publish")
def event_publish(slug: str) -> ResponseReturnValue:
    found = managed_event_or_404(slug)
    if ConfirmForm().validate_on_submit():
        try:
            event_service.publish(found, user())
            flash(_("The event is published: everyone can see it and register."), "success")
        except event_service.ProgrammeError as exc:
            flash(str(exc), "error")
    return redirect(url_for("manage.event", slug=slug))


@bp.route("/events/<slug>/cancel", methods=["GET", "POST"])
def event_cancel(slug: str) -> ResponseReturnValue:
    found = managed_event_or_404(slug)
    if found.status == EventStatus.CANCELLED:
        flash(_("This event is already cancelled."), "info")
        return redirect(url_for("manage.event", slug=slug))
    form = ConfirmForm()
    if form.validate_on_submit():
        event_service.cancel_event(found)
        flash(_("The event is cancelled. Its page stays online and says so."), "success")
        return redirect(url_for("manage.event", slug=slug))
    return render_template(
        "manage/confirm.html",
        form=form,
        title=_("Cancel “%(title)s”?", title=found.title),
        details=[
            "The public page will say the event is cancelled.",
            "Nobody can register any more.",
            "This cannot be undone from the workspace.",
        ],
        submit=_("Cancel the event"),
        back=url_for("manage.event", slug=slug),
    )


MIN_DAY, MAX_DAY = date(1970, 1, 1), date(2200, 12, 31)


def _free_slug(base: str) -> str:
    """``base-2``, ``base-3``…: the first web address name no event uses (a suggestion)."""
    n = 2
    while event_service.slug_taken(Event, f"{base[:70]}-{n}"):
        n += 1
    return f"{base[:70]}-{n}"


@bp.route("/events/<slug>/duplicate", methods=["GET", "POST"])
def event_duplicate(slug: str) -> ResponseReturnValue:
    """A draft copy of the event (programme, rooms, people, roles, plugin settings,
    capacity) moved to a new first day; registrations stay with the original."""
    found = managed_event_or_404(slug)
    if not is_admin(current_user) and not (found.series and can_manage_series(current_user, found.series)):
        abort(403, _("Only site administrators and organisers of the event's series can create events."))
    form = DuplicateEventForm()
    if not form.is_submitted():
        form.title.data = found.title
        form.slug.data = _free_slug(found.slug)
        # a year later on the same weekday, as yearly conferences usually are
        form.first_day.data = found.local(found.start_at).date() + timedelta(weeks=52)
    if form.validate_on_submit():
        problem = event_service.slug_problem(form.slug.data)
        if not MIN_DAY <= form.first_day.data <= MAX_DAY:
            form.first_day.errors.append(_("Choose a day between the years 1970 and 2200."))
        elif problem:
            form.slug.errors.append(problem)
        else:
            try:
                copy = event_copy.duplicate_event(
                    found, slug=form.slug.data, title=form.title.data.strip(), first_day=form.first_day.data
                )
            except EventFileError as exc:
                form.slug.errors.extend(exc.problems)
            else:
                flash(_("“%(title)s” was created as a draft copy.", title=copy.title), "success")
                return redirect(url_for("manage.event", slug=copy.slug))
    return render_template(
        "manage/form.html",
        form=form,
        event=found,
        title=_("Duplicate “%(title)s”", title=found.title),
        intro=_(
            "The copy gets the programme, rooms, speakers and chairs, roles, plugin settings and "
            "capacity, with new identifiers; it starts as a draft with no registrations."
        ),
        submit=_("Create the copy"),
        back=url_for("manage.event", slug=slug),
    )


@bp.route("/events/<slug>/delete", methods=["GET", "POST"])
def event_delete(slug: str) -> ResponseReturnValue:
    found = managed_event_or_404(slug)
    form = ConfirmForm()
    registered = db.session.scalar(sa.select(sa.func.count()).where(Registration.event_id == found.id))
    if form.validate_on_submit():
        event_service.delete_event(found)
        flash(_("“%(title)s” was deleted.", title=found.title), "success")
        return redirect(url_for("manage.index"))
    return render_template(
        "manage/confirm.html",
        form=form,
        title=_("Delete “%(title)s” for good?", title=found.title),
        details=[
            f"Its programme ({len(found.sessions)} sessions) and {registered} registration(s) "
            "are deleted too.",
            "To keep the page online with a notice, cancel the event instead.",
        ],
        submit=_("Delete the event"),
        back=url_for("manage.event", slug=slug),
    )


@bp.get("/events/<slug>/changes")
def event_changes(slug: str) -> str:
    found = managed_event_or_404(slug)
    return render_template(
        "manage/changes.html",
        event=found,
        page=changes.change_log_page(found, requested_page(request.args.get("page"))),
    )
