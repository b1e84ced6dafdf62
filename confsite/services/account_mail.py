"""The e-mails people get about their account."""

from __future__ import annotations

from flask import current_app, render_template, url_for

from confsite import mail
from confsite.models import User
from confsite.services.accounts import address_token, password_reset_token, reset_max_age


def send_password_reset(user: User) -> bool:
    """E-mail a one-time, expiring link to choose a new password."""
    reset_url = url_for("auth.reset_password", token=password_reset_token(user), _external=True)
    site_name = current_app.config["SITE_NAME"]
    context = dict(user=user, reset_url=reset_url, valid_minutes=reset_max_age() // 60, site_name=site_name)
    text = render_template("email/password_reset.txt", **context)
    html = render_template("email/message.html", body=text, heading=f"Reset your {site_name} password")
    return mail.send(mail.build_message(user.email, f"Reset your {site_name} password", text, html))


def send_address_confirmation(user: User) -> bool:
    """E-mail a link proving the address is the user's (roles invited to it follow)."""
    confirm_url = url_for("auth.confirm_address", token=address_token(user), _external=True)
    site_name = current_app.config["SITE_NAME"]
    text = render_template(
        "email/confirm_address.txt", user=user, confirm_url=confirm_url, site_name=site_name
    )
    html = render_template("email/message.html", body=text, heading=f"Confirm your {site_name} address")
    return mail.send(mail.build_message(user.email, f"Confirm your {site_name} address", text, html))
