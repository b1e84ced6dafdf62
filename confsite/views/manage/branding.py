"""Branding (logo, banner, accent colour) of events and series, and speakers' photos."""

from __future__ import annotations

from typing import IO

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from confsite.i18n import _
from confsite.models import Event, Series
from confsite.services import branding
from confsite.views.manage.blueprint import bp, managed_event_or_404, managed_series_or_404
from confsite.views.manage.forms import BrandingForm, PhotoForm
from confsite.views.manage.people import _organiser_only, _person_or_404


def _upload(data: object) -> IO[bytes] | None:
    """The uploaded file's stream, or None when no file was chosen."""
    if isinstance(data, FileStorage) and data.filename:
        return data.stream
    return None


def _save_branding(owner: Event | Series, form: BrandingForm) -> bool:
    """Save the form; False after adding the service's problem to its field."""
    try:
        branding.update_branding(
            owner,
            accent_colour=form.accent_colour.data,
            logo=_upload(form.logo.data),
            banner=_upload(form.banner.data),
            remove_logo=form.remove_logo.data,
            remove_banner=form.remove_banner.data,
        )
    except branding.BrandingError as exc:
        getattr(form, exc.field).errors.append(str(exc))
        return False
    return True


def _images(owner: Event | Series) -> list[tuple[str, str | None]]:
    return [(_("Logo"), owner.logo), (_("Banner"), owner.banner)]


@bp.route("/events/<slug>/branding", methods=["GET", "POST"])
def event_branding(slug: str) -> ResponseReturnValue:
    found = managed_event_or_404(slug)
    form = BrandingForm(obj=found)
    if form.validate_on_submit() and _save_branding(found, form):
        flash(_("Branding saved."), "success")
        return redirect(url_for("manage.event", slug=found.slug))
    used = branding.branding_of(found)
    return render_template(
        "manage/branding.html",
        form=form,
        event=found,
        images=_images(found),
        accent=used.accent_colour,
        inherited=not found.accent_colour and bool(used.accent_colour),
        title=_("Branding of “%(title)s”", title=found.title),
        intro=_(
            "Shown on the event page, in its e-mails and on the programme booklet's cover. "
            "Anything left empty comes from the series."
        ),
        submit=_("Save branding"),
        back=url_for("manage.event", slug=slug),
    )


@bp.route("/series/<slug>/branding", methods=["GET", "POST"])
def series_branding(slug: str) -> ResponseReturnValue:
    series = managed_series_or_404(slug)
    form = BrandingForm(obj=series)
    if form.validate_on_submit() and _save_branding(series, form):
        flash(_("Branding saved."), "success")
        return redirect(url_for("manage.index"))
    return render_template(
        "manage/branding.html",
        form=form,
        images=_images(series),
        accent=series.accent_colour,
        inherited=False,
        title=_("Branding of “%(title)s”", title=series.title),
        intro=_("Every event of the series shows it unless the event has its own."),
        submit=_("Save branding"),
        back=url_for("manage.index"),
    )


@bp.route("/people/<int:person_id>/photo", methods=["GET", "POST"])
def person_photo(person_id: int) -> ResponseReturnValue:
    person, _used = _person_or_404(person_id, _organiser_only())
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            branding.set_person_photo(person, _upload(form.photo.data), remove=form.remove_photo.data)
        except branding.BrandingError as exc:
            form.photo.errors.append(str(exc))
        else:
            flash(_("Photo saved."), "success")
            return redirect(url_for("manage.people"))
    return render_template(
        "manage/branding.html",
        form=form,
        images=[(_("Photo"), person.photo)],
        title=_("Photo of %(name)s", name=person.name),
        submit=_("Save photo"),
        back=url_for("manage.people"),
    )
