"""People (speakers, chairs) and organisations, shared by every event of the site.

An organiser may edit a person or organisation only when everything that shows it
belongs to events they organise, so nobody changes another event's programme
through a shared record. Site admins may edit all.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.i18n import _
from confsite.models import Organisation, Person
from confsite.services import people as people_service
from confsite.services.events import ProgrammeError
from confsite.services.permissions import managed_event_ids
from confsite.views.manage.blueprint import bp
from confsite.views.manage.events import managed_series
from confsite.views.manage.forms import ConfirmForm, OrganisationForm, PersonForm, organisation_choices


def _managed_ids() -> set[int] | None:
    """Ids of events the user organises (None = every event, for admins)."""
    query = managed_event_ids(current_user)
    if query is None:
        return None
    return set(db.session.scalars(query))


def _organiser_only() -> set[int] | None:
    ids = _managed_ids()
    if ids is not None and not ids and not managed_series():
        abort(403, _("Only organisers can manage people and organisations."))
    return ids


def _may_edit(used_by: set[int], managed: set[int] | None) -> bool:
    return managed is None or used_by <= managed


# --- people --------------------------------------------------------------------------------


def _person_or_404(person_id: int, managed: set[int] | None) -> tuple[Person, set[int]]:
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    used = people_service.events_using_person(person)
    if not _may_edit(used, managed):
        abort(404)
    return person, used


def _person_choices(form: PersonForm) -> None:
    form.organisation.choices = organisation_choices()


@bp.get("/people/")
def people() -> str:
    managed = _organiser_only()
    rows = db.session.scalars(
        sa.select(Person).options(selectinload(Person.organisation)).order_by(Person.name)
    ).all()
    used = people_service.people_events()
    visible = [p for p in rows if _may_edit(used.get(p.id, set()), managed)]
    return render_template("manage/people.html", people=visible)


@bp.route("/people/new", methods=["GET", "POST"])
def person_new() -> ResponseReturnValue:
    _organiser_only()
    form = PersonForm()
    _person_choices(form)
    if form.validate_on_submit():
        person = people_service.save_person(None, **_person_values(form))
        flash(_("%(name)s added. You can now name them as a speaker or chair.", name=person.name), "success")
        return redirect(url_for("manage.people"))
    return render_template(
        "manage/form.html",
        form=form,
        title=_("New person"),
        submit=_("Add person"),
        back=url_for("manage.people"),
    )


def _person_values(form: PersonForm) -> dict[str, Any]:
    return {
        "name": form.name.data,
        "position": form.position.data or "",
        "organisation_id": form.organisation.data or None,
        "country": form.country.data or None,
        "email": form.email.data,
        "photo_url": form.photo_url.data or None,
        "bio": form.bio.data or "",
    }


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
def person_edit(person_id: int) -> ResponseReturnValue:
    managed = _organiser_only()
    person, _used = _person_or_404(person_id, managed)
    form = PersonForm(obj=person)
    _person_choices(form)
    if not form.is_submitted():
        form.organisation.data = person.organisation_id or 0
        form.country.data = person.country or ""
    if form.validate_on_submit():
        people_service.save_person(person, **_person_values(form))
        flash(_("Saved."), "success")
        return redirect(url_for("manage.people"))
    return render_template(
        "manage/form.html",
        form=form,
        title=_("Edit %(name)s", name=person.name),
        submit=_("Save"),
        back=url_for("manage.people"),
    )


@bp.route("/people/<int:person_id>/delete", methods=["GET", "POST"])
def person_delete(person_id: int) -> ResponseReturnValue:
    managed = _organiser_only()
    person, used = _person_or_404(person_id, managed)
    form = ConfirmForm()
    if used:
        flash(
            _(
                "%(name)s still speaks or chairs in a programme: remove them from those sessions first.",
                name=person.name,
            ),
            "error",
        )
        return redirect(url_for("manage.people"))
    if form.validate_on_submit():
        people_service.delete_person(person)
        flash(_("%(name)s deleted.", name=person.name), "success")
        return redirect(url_for("manage.people"))
    return render_template(
        "manage/confirm.html",
        form=form,
        title=_("Delete %(name)s?", name=person.name),
        details=["They are not on any programme."],
        submit=_("Delete person"),
        back=url_for("manage.people"),
    )


# --- organisations -------------------------------------------------------------------------


def _organisation_or_404(org_id: int, managed: set[int] | None) -> tuple[Organisation, set[int]]:
    org = db.session.get(Organisation, org_id)
    if org is None:
        abort(404)
    used = people_service.events_using_organisation(org)
    if not _may_edit(used, managed):
        abort(404)
    return org, used


@bp.get("/organisations/")
def organisations() -> str:
    managed = _organiser_only()
    rows = db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all()
    used = people_service.organisations_events()
    visible = [o for o in rows if _may_edit(used.get(o.id, set()), managed)]
    return render_template("manage/organisations.html", organisations=visible)


def _save_org(org: Organisation | None, form: OrganisationForm) -> Organisation | None:
    """Save through the service; None with the problem added to the form."""
    try:
        return people_service.save_organisation(
            org,
            name=form.name.data,
            country=form.country.data or None,
            region=form.region.data or "",
            sector=form.sector.data,
        )
    except ProgrammeError as exc:
        form.name.errors.append(str(exc))
        return None


@bp.route("/organisations/new", methods=["GET", "POST"])
def organisation_new() -> ResponseReturnValue:
    _organiser_only()
    form = OrganisationForm()
    if form.validate_on_submit():
        org = _save_org(None, form)
        if org is not None:
            flash(_("%(name)s added.", name=org.name), "success")
            return redirect(url_for("manage.organisations"))
    return render_template(
        "manage/form.html",
        form=form,
        title=_("New organisation"),
        submit=_("Add organisation"),
        back=url_for("manage.organisations"),
    )


@bp.route("/organisations/<int:org_id>/edit", methods=["GET", "POST"])
def organisation_edit(org_id: int) -> ResponseReturnValue:
    managed = _organiser_only()
    org, _used = _organisation_or_404(org_id, managed)
    form = OrganisationForm(obj=org)
    if not form.is_submitted():
        form.country.data, form.sector.data = org.country or "", org.sector.value
    if form.validate_on_submit() and _save_org(org, form) is not None:
        flash(_("Saved."), "success")
        return redirect(url_for("manage.organisations"))
    return render_template(
        "manage/form.html",
        form=form,
        title=_("Edit %(name)s", name=org.name),
        submit=_("Save"),
        back=url_for("manage.organisations"),
    )


@bp.route("/organisations/<int:org_id>/delete", methods=["GET", "POST"])
def organisation_delete(org_id: int) -> ResponseReturnValue:
    managed = _organiser_only()
    org, _used = _organisation_or_404(org_id, managed)
    form = ConfirmForm()
    if form.validate_on_submit():
        people_service.delete_organisation(org)
        flash(_("%(name)s deleted.", name=org.name), "success")
        return redirect(url_for("manage.organisations"))
    return render_template(
        "manage/confirm.html",
        form=form,
        title=_("Delete %(name)s?", name=org.name),
        details=[
            "Its people stay, without an organisation.",
            "Events it hosts and partners acting for it lose the link.",
        ],
        submit=_("Delete organisation"),
        back=url_for("manage.organisations"),
    )
