"""The privacy notice, and a guest's own data through their private registration link
(download as JSON, erase with a confirmation step). An account holder's download and
erasure are on the account page (views/account.py)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from confsite.i18n import _
from confsite.models import utcnow
from confsite.services import personal_data, retention
from confsite.services import registration as registrations
from confsite.views.public import _registration_for_link, keep_secret_url

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def notice() -> str:
    """What the site keeps about people, why, for how long, and what they can do."""
    return render_template("public/privacy.html", retention_months=retention.retention_months())


@bp.get("/events/<slug>/registration/<token>/data.json")
def guest_data(slug: str, token: str) -> ResponseReturnValue:
    """A guest's download of everything held about their registration (GDPR access)."""
    found, item = _registration_for_link(slug, token)
    response = jsonify(personal_data.export_registration(item))
    response.headers["Content-Disposition"] = f'attachment; filename="registration-{found.slug}.json"'
    return keep_secret_url(response)


@bp.post("/events/<slug>/registration/<token>/erase")
def guest_erase(slug: str, token: str) -> ResponseReturnValue:
    """A guest erases their registration: the first POST asks, the second (with
    ``confirmed=yes``) anonymises it; the link stops working."""
    found, item = _registration_for_link(slug, token)
    if request.form.get("confirmed") != "yes":
        page = render_template(
            "public/confirm_erase.html",
            event=found,
            registration=item,
            token=token,
            event_ended=found.end_at <= utcnow(),
        )
        return keep_secret_url(make_response(page))
    try:
        personal_data.erase_registration(item)
    except registrations.RegistrationError as exc:
        abort(409, str(exc))
    flash(_("Your registration details are erased. Thank you for having taken part."), "info")
    return redirect(url_for("public.event", slug=found.slug))
