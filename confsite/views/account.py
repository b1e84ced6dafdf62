"""The signed-in person's own pages: account settings, My agenda, stars."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, logout_user
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.i18n import _
from confsite.models import Event, Registration, Session, Star
from confsite.services import accounts, certificates, login_sessions, personal_data, personal_feed, stars
from confsite.services import registration as registrations
from confsite.services.account_mail import send_address_confirmation
from confsite.services.urls import safe_next_url
from confsite.views.attendee_forms import ChangePasswordForm, EraseAccountForm, ProfileForm
from confsite.views.auth import LOGIN_TOKEN
from confsite.views.downloads import pdf_download
from confsite.views.lookup import session_of_event_or_404, visible_event_or_404
from confsite.views.manage.forms import ConfirmForm

bp = Blueprint("account", __name__, url_prefix="/me")


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings() -> ResponseReturnValue:
    profile = ProfileForm(prefix="profile", obj=current_user)
    password = ChangePasswordForm(prefix="password")
    if "profile-submit" in request.form and profile.validate_on_submit():
        new_address = profile.email.data.strip().lower() != current_user.email
        if new_address and not current_user.check_password(profile.current_password.data or ""):
            profile.current_password.errors.append(
                "Give your current password to change your e-mail address."
            )
        else:
            try:
                accounts.update_profile(
                    current_user, display_name=profile.display_name.data, email=profile.email.data
                )
            except accounts.AccountError as exc:
                profile.email.errors.append(str(exc).capitalize() + ".")
            else:
                if new_address:
                    send_address_confirmation(current_user)
                    flash(
                        "Your details are saved. We have sent a link to your new address to confirm it.",
                        "success",
                    )
                else:
                    flash("Your details are saved.", "success")
                return redirect(url_for("account.settings"))
    elif "password-submit" in request.form and password.validate_on_submit():
        if not current_user.check_password(password.current_password.data):
            password.current_password.errors.append("This is not your current password.")
        else:
            accounts.set_new_password(
                current_user, password.password.data, keep_session=session.get(LOGIN_TOKEN)
            )
            flash(_("Your password is changed. You were logged out everywhere else."), "success")
            return redirect(url_for("account.settings"))
    current = login_sessions.current(current_user.id, session.get(LOGIN_TOKEN))
    return render_template(
        "account/settings.html",
        profile=profile,
        password=password,
        login_sessions=login_sessions.of_user(current_user),
        current_session_id=current.id if current else None,
        end_form=ConfirmForm(),
        erase_form=EraseAccountForm(prefix="erase"),
    )


@bp.get("/data.json")
@login_required
def data_download() -> ResponseReturnValue:
    """Everything the site holds about the signed-in person, as a JSON file."""
    response = jsonify(personal_data.export_user(current_user))
    response.headers["Content-Disposition"] = 'attachment; filename="my-confsite-data.json"'
    return response


@bp.post("/account/erase")
@login_required
def erase() -> ResponseReturnValue:
    """Erase the signed-in person's account (GDPR right to erasure)."""
    form = EraseAccountForm(prefix="erase")
    if not form.validate_on_submit() or not current_user.check_password(form.current_password.data):
        flash(_("Nothing was erased: give your password and tick the box."), "error")
        return redirect(url_for("account.settings"))
    user = current_user._get_current_object()
    logout_user()
    session.pop(LOGIN_TOKEN, None)
    personal_data.erase_user(user)
    flash(_("Your account is erased. Thank you for having taken part."), "info")
    return redirect(url_for("public.home"))


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int) -> ResponseReturnValue:
    """End one of the account's sessions, e.g. a browser left signed in elsewhere."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not login_sessions.end(current_user, session_id):
        abort(404)
    flash(_("That session is ended."), "info")
    return redirect(url_for("account.settings"))


@bp.post("/sessions/end-others")
@login_required
def end_other_sessions() -> ResponseReturnValue:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ended = login_sessions.end_others(current_user, session.get(LOGIN_TOKEN))
    flash(_("%(count)s other sessions ended.", count=ended), "info")
    return redirect(url_for("account.settings"))


@bp.get("/agenda")
@login_required
def agenda() -> str:
    mine = registrations.user_registrations(current_user)
    stars = db.session.scalars(
        sa.select(Star)
        .join(Session, Session.id == Star.session_id)
        .where(Star.user_id == current_user.id)
        .options(
            selectinload(Star.session).selectinload(Session.event),
            selectinload(Star.session).selectinload(Session.room),
        )
        .order_by(Session.start_at)
    ).all()
    return render_template(
        "account/agenda.html",
        registrations=mine,
        positions=registrations.waitlist_positions(mine),
        starred=[star.session for star in stars],
        appointments=personal_feed.agenda_items(current_user),
    )


def _own_registration_or_404(registration_id: int) -> Registration:
    found = db.session.get(Registration, registration_id)
    if found is None or found.user_id != current_user.id:
        abort(404)
    return found


@bp.post("/registrations/<int:registration_id>/cancel")
@login_required
def cancel(registration_id: int) -> ResponseReturnValue:
    found = _own_registration_or_404(registration_id)
    if request.form.get("confirmed") != "yes":  # the button asks first; this is the question
        return render_template("public/confirm_cancel.html", event=found.event, registration=found)
    try:
        registrations.cancel_registration(found)
    except registrations.RegistrationError as exc:
        abort(409, str(exc))
    flash(f"Your registration for {found.event.title} is cancelled.", "info")
    return redirect(url_for("account.agenda"))


def _star_target(slug: str, session_id: int) -> Session:
    event: Event = visible_event_or_404(slug, current_user)
    return session_of_event_or_404(event, session_id)


def _back_to_session(item: Session) -> ResponseReturnValue:
    fallback = url_for("public.session", slug=item.event.slug, session_id=item.id)
    return redirect(safe_next_url(request.form.get("next")) or fallback)


@bp.post("/stars/<slug>/<int:session_id>")
@login_required
def star(slug: str, session_id: int) -> ResponseReturnValue:
    item = _star_target(slug, session_id)
    stars.star(current_user, item)
    flash(f"“{item.title}” is in your agenda.", "success")
    return _back_to_session(item)


@bp.post("/stars/<slug>/<int:session_id>/remove")
@login_required
def unstar(slug: str, session_id: int) -> ResponseReturnValue:
    item = _star_target(slug, session_id)
    stars.unstar(current_user, item)
    flash(f"“{item.title}” is no longer in your agenda.", "info")
    return _back_to_session(item)


@bp.get("/registrations/<int:registration_id>/certificate.pdf")
@login_required
def certificate(registration_id: int) -> Response:
    found = _own_registration_or_404(registration_id)
    try:
        body = certificates.certificate_pdf(found)
    except certificates.CertificateError as exc:
        abort(404, str(exc))
    return pdf_download(body, certificates.certificate_filename(found))
