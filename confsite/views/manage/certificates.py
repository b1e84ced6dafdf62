"""Certificates of attendance in bulk, badge sheets, and the check-in page a badge's
QR code opens on an organiser's phone."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue

from confsite.i18n import _
from confsite.services import certificates
from confsite.views.downloads import pdf_download
from confsite.views.manage.blueprint import bp, managed_event_or_404
from confsite.views.manage.forms import ConfirmForm


@bp.get("/events/<slug>/certificates")
def certificates_page(slug: str) -> str:
    event = managed_event_or_404(slug)
    return render_template(
        "manage/certificates.html",
        event=event,
        form=ConfirmForm(),
        attendees=len(certificates.checked_in(event)),
        state=certificates.bulk_state(event),
    )


@bp.post("/events/<slug>/certificates/build")
def certificates_build(slug: str) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    if ConfirmForm().validate_on_submit():
        try:
            certificates.request_bulk(event)
            flash(_("The certificates are being built; this page shows when they are ready."), "success")
        except certificates.CertificateError as exc:
            flash(str(exc), "error")
    return redirect(url_for("manage.certificates_page", slug=slug))


@bp.get("/events/<slug>/certificates/all.zip")
def certificates_download(slug: str) -> Response:
    event = managed_event_or_404(slug)
    if certificates.bulk_state(event) != "ready":
        abort(404, _("The certificates have not been built yet."))
    return send_file(
        certificates.bulk_path(event),
        mimetype="application/zip",
        download_name=f"{event.slug}-certificates.zip",
    )


@bp.get("/events/<slug>/badges.pdf")
def badges_pdf(slug: str) -> Response:
    event = managed_event_or_404(slug)
    try:
        body = certificates.badges_pdf(event)
    except certificates.CertificateError as exc:
        abort(409, str(exc))
    return pdf_download(body, f"{event.slug}-badges.pdf")


@bp.get("/events/<slug>/checkin/scan/<token>")
def checkin_scan(slug: str, token: str) -> str:
    """Where a badge's QR code leads: that registration, ready to check in."""
    event = managed_event_or_404(slug)
    registration = certificates.registration_for_token(event, token)
    if registration is None:
        abort(404, _("This code does not belong to a registration of this event."))
    return render_template(
        "manage/checkin_scan.html", event=event, registration=registration, form=ConfirmForm()
    )
