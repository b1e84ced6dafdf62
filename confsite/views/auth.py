"""Accounts: sign up, log in (throttled), log out, password reset by e-mail."""

from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from confsite.extensions import db, login_manager
from confsite.i18n import _
from confsite.models import User
from confsite.services import accounts, login_sessions
from confsite.services.account_mail import (
    send_address_confirmation,
    send_password_reset,
    send_sign_up_attempt,
)
from confsite.services.urls import safe_next_url
from confsite.views.attendee_forms import ForgotPasswordForm, LoginForm, ResetPasswordForm, SignUpForm
from confsite.views.public import keep_secret_url

bp = Blueprint("auth", __name__)


# The cookie's key for the token of this browser's server-side login session.
LOGIN_TOKEN = "login_token"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user, only while their server-side login session lives (so a
    logged-out or revoked cookie, or a copy of it, no longer signs anyone in)."""
    if not user_id.isdigit() or login_sessions.current(int(user_id), session.get(LOGIN_TOKEN)) is None:
        return None
    return db.session.get(User, int(user_id))


def log_in(user: User) -> None:
    """Sign ``user`` in on this browser, with a new server-side session."""
    login_user(user)
    session[LOGIN_TOKEN] = login_sessions.start(user, request.user_agent.string or "")


def _next_url() -> str:
    return safe_next_url(request.args.get("next")) or url_for("public.home")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data, client=request.remote_addr)
        except accounts.LoginThrottled as exc:
            form.password.errors.append(str(exc))
            status = 429
        else:
            if user is not None:
                log_in(user)
                return redirect(_next_url())
            form.password.errors.append(_("Wrong e-mail or password."))
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    login_sessions.end_token(session.pop(LOGIN_TOKEN, None))
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(_next_url())
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user, created = accounts.sign_up(
                form.email.data, form.password.data, display_name=form.display_name.data
            )
        except accounts.AccountError as exc:
            form.email.errors.append(str(exc).capitalize() + ".")
        else:
            # The same answer whether or not the address already had an account: its
            # holder gets an e-mail saying so instead of the confirmation link.
            if created:
                send_address_confirmation(user)
            elif user.active and accounts.may_mail_sign_up_attempt(user.email, request.remote_addr):
                send_sign_up_attempt(user)
            flash(
                _(
                    "Thank you. We have sent a message to %(email)s: follow its link to confirm the "
                    "address, then log in with your password.",
                    email=accounts.normalise_email(form.email.data),
                ),
                "success",
            )
            return redirect(url_for("auth.login"))
    return render_template("auth/signup.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> ResponseReturnValue:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = accounts.user_by_email(form.email.data)
        allowed = accounts.may_send_reset(form.email.data, request.remote_addr)
        if user is not None and user.active and allowed:
            send_password_reset(user)
        # The same answer whether or not the address has an account.
        flash(
            _("If an account uses this address, we have e-mailed it a link to choose a new password."), "info"
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> ResponseReturnValue:
    user = accounts.user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.set_new_password(user, form.password.data)  # ends every session
        log_in(user)
        flash(_("Your new password is set."), "success")
        return redirect(url_for("public.home"))
    return keep_secret_url(make_response(render_template("auth/reset_password.html", form=form)))


@bp.get("/account/confirm/<token>")
def confirm_address(token: str) -> ResponseReturnValue:
    """The link from the confirmation e-mail: roles invited to this address become the user's."""
    user = accounts.confirm_address(token)
    if user is None:
        return render_template("auth/confirm_invalid.html"), 400
    flash(_("Thank you: %(email)s is confirmed.", email=user.email), "success")
    return redirect(url_for("public.home" if current_user.is_authenticated else "auth.login"))
