"""Registrations: the list with search and filters, manual add, cancel, promote,
capacity, CSV and XLSX export, and the check-in page used on a phone at the door."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from confsite.countries import country_choices
from confsite.extensions import db
from confsite.i18n import _
from confsite.models import Event, Registration, RegistrationStatus, Sector
from confsite.services import registration as registration_service
from confsite.services.agenda_template import XLSX_MIMETYPE
from confsite.services.pagination import requested_page
from confsite.services.registration_questions import answered_columns, answers_by_registration
from confsite.services.registrations_export import (
    RegistrationFilter,
    countries_present,
    registrations_csv,
    registrations_page,
    registrations_xlsx,
)
from confsite.views.downloads import streamed_download
from confsite.views.manage.blueprint import bp, managed_event_or_404
from confsite.views.manage.forms import CapacityForm, ConfirmForm, RegistrationForm


def _registration_or_404(event: Event, registration_id: int) -> Registration:
    found = db.session.get(Registration, registration_id)
    if found is None or found.event_id != event.id:
        abort(404)
    return found


def _filter_from_request() -> RegistrationFilter:
    return RegistrationFilter(
        search=request.args.get("q", "")[:200],
        status=request.args.get("status", ""),
        country=request.args.get("country", "")[:2],
        sector=request.args.get("sector", ""),
    )


@bp.get("/events/<slug>/registrations/")
def registrations(slug: str) -> str:
    event = managed_event_or_404(slug)
    chosen = _filter_from_request()
    names = dict(country_choices())
    page = registrations_page(event, chosen, requested_page(request.args.get("page")))
    answers = answers_by_registration(page.items)
    return render_template(
        "manage/registrations.html",
        event=event,
        page=page,
        answers={rid: {(a.plugin, a.key): a.value for a in found} for rid, found in answers.items()},
        answer_columns=answered_columns(event),
        chosen=chosen,
        filter_args=_filter_args(chosen),
        statuses=RegistrationStatus.choices(),
        sectors=Sector.choices(),
        countries=[(c, names.get(c, c)) for c in countries_present(event)],
        capacity_form=CapacityForm(capacity=event.capacity),
        form=ConfirmForm(),
        seats_left=registration_service.seats_left(event),
    )


def _filter_args(chosen: RegistrationFilter) -> dict[str, str]:
    """The filters as query-string arguments (the empty ones left out): page links and
    the CSV link keep them."""
    values = {"q": chosen.search, "status": chosen.status, "country": chosen.country, "sector": chosen.sector}
    return {name: value for name, value in values.items() if value}


@bp.get("/events/<slug>/registrations.csv")
def registrations_export(slug: str) -> Response:
    event = managed_event_or_404(slug)
    return streamed_download(
        registrations_csv(event, _filter_from_request()),
        "text/csv; charset=utf-8",
        f"{event.slug}-registrations.csv",
    )


@bp.get("/events/<slug>/registrations.xlsx")
def registrations_export_xlsx(slug: str) -> Response:
    event = managed_event_or_404(slug)
    return streamed_download(
        registrations_xlsx(event, _filter_from_request()), XLSX_MIMETYPE, f"{event.slug}-registrations.xlsx"
    )


@bp.route("/events/<slug>/registrations/new", methods=["GET", "POST"])
def registration_new(slug: str) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    form = RegistrationForm()
    if form.validate_on_submit():
        applicant = registration_service.Applicant(
            name=form.name.data,
            email=form.email.data,
            organisation=form.organisation.data or "",
            country=form.country.data or None,
            sector=form.sector.data,
            consent=form.consent.data,
        )
        try:
            found, created = registration_service.register(event, applicant, bypass_window=True)
        except registration_service.RegistrationError as exc:
            form.email.errors.append(str(exc))
        else:
            if not created:
                flash(
                    _(
                        "%(email)s was already registered (%(lower)s).",
                        email=found.email,
                        lower=found.status.label.lower(),
                    ),
                    "info",
                )
            else:
                flash(
                    _("%(name)s added: %(lower)s.", name=found.name, lower=found.status.label.lower()),
                    "success",
                )
            return redirect(url_for("manage.registrations", slug=slug))
    return render_template(
        "manage/form.html",
        form=form,
        title=_("Add a registration to “%(title)s”", title=event.title),
        submit=_("Add registration"),
        back=url_for("manage.registrations", slug=slug),
        event=event,
    )


@bp.route("/events/<slug>/registrations/<int:registration_id>/cancel", methods=["GET", "POST"])
def registration_cancel(slug: str, registration_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    found = _registration_or_404(event, registration_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            promoted = registration_service.cancel_registration(found)
        except registration_service.RegistrationError as exc:
            flash(str(exc), "error")
        else:
            flash(_("%(name)s's registration is cancelled.", name=found.name), "success")
            for person in promoted:
                flash(_("%(name)s was confirmed from the waiting list.", name=person.name), "info")
        return redirect(url_for("manage.registrations", slug=slug))
    return render_template(
        "manage/confirm.html",
        form=form,
        title=_("Cancel the registration of %(name)s?", name=found.name),
        details=[
            f"{found.email} will get an e-mail saying so.",
            "A freed seat goes to the first person on the waiting list.",
        ],
        submit=_("Cancel registration"),
        back=url_for("manage.registrations", slug=slug),
        event=event,
    )


@bp.post("/events/<slug>/registrations/<int:registration_id>/promote")
def registration_promote(slug: str, registration_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    found = _registration_or_404(event, registration_id)
    if ConfirmForm().validate_on_submit():
        try:
            registration_service.promote(found)
            flash(_("%(name)s is confirmed.", name=found.name), "success")
        except registration_service.RegistrationError as exc:
            flash(str(exc), "error")
    return redirect(url_for("manage.registrations", slug=slug))


@bp.post("/events/<slug>/capacity")
def capacity(slug: str) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    form = CapacityForm()
    if not form.validate_on_submit():
        flash(
            " ".join(form.capacity.errors) or _("Give a whole number of seats, or leave it empty."), "error"
        )
        return redirect(url_for("manage.registrations", slug=slug))
    try:
        promoted = registration_service.set_capacity(event, form.capacity.data)
    except registration_service.RegistrationError as exc:
        flash(str(exc), "error")
        return redirect(url_for("manage.registrations", slug=slug))
    flash(
        "Capacity saved."
        + (f" {len(promoted)} people were confirmed from the waiting list." if promoted else ""),
        "success",
    )
    return redirect(url_for("manage.registrations", slug=slug))


# --- check-in ------------------------------------------------------------------------------


CHECKIN_MATCHES = 25  # shown at the door; more means the search should be longer


@bp.get("/events/<slug>/checkin")
def checkin(slug: str) -> str:
    event = managed_event_or_404(slug)
    search = request.args.get("q", "").strip()[:200]
    found = None
    if search:
        confirmed = RegistrationFilter(search=search, status=RegistrationStatus.CONFIRMED.value)
        found = registrations_page(event, confirmed, 1, per_page=CHECKIN_MATCHES)
    checked = db.session.scalar(
        sa.select(sa.func.count()).where(
            Registration.event_id == event.id, Registration.checked_in_at.is_not(None)
        )
    )
    return render_template(
        "manage/checkin.html",
        event=event,
        search=search,
        rows=found.items if found else [],
        matches=found.total if found else 0,
        checked=checked,
        form=ConfirmForm(),
    )


@bp.post("/events/<slug>/checkin/<int:registration_id>")
def checkin_toggle(slug: str, registration_id: int) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    found = _registration_or_404(event, registration_id)
    undo = request.form.get("undo") == "1"
    if ConfirmForm().validate_on_submit():
        try:
            registration_service.check_in(found, undo=undo)
            name = found.name
            flash(
                _("%(name)s: check-in undone.", name=name)
                if undo
                else _("%(name)s is checked in.", name=name),
                "success",
            )
        except registration_service.RegistrationError as exc:
            flash(str(exc), "error")
    return redirect(url_for("manage.checkin", slug=slug, q=request.form.get("q", "")))
