"""The e-mails people get about their account."""

from __future__ import annotations

from flask import current_app

from confsite import mail
from confsite.i18n import _
from confsite.models import Event, RoleAssignment, Series, User
from confsite.services.accounts import address_token, password_reset_token, reset_max_age


def send_password_reset(user: User) -> bool:
    """E-mail a one-time, expiring link to choose a new password."""
    site = current_app.config["SITE_NAME"]
    message = mail.compose(
        "password_reset",
        to=user.email,
        subject=lambda: _("Reset your %(site)s password", site=site),
        language=user.language,
        user=user,
        valid_minutes=reset_max_age() // 60,
        links={"reset_url": ("auth.reset_password", {"token": password_reset_token(user)})},
    )
    return mail.send(message)


def send_address_confirmation(user: User) -> bool:
    """E-mail a link proving the address is the user's (roles invited to it follow)."""
    site = current_app.config["SITE_NAME"]
    message = mail.compose(
        "confirm_address",
        to=user.email,
        subject=lambda: _("Confirm your %(site)s address", site=site),
        language=user.language,
        user=user,
        links={"confirm_url": ("auth.confirm_address", {"token": address_token(user)})},
    )
    return mail.send(message)


def send_sign_up_attempt(user: User) -> bool:
    """Tell an account's holder that someone tried to sign up with their address (the
    sign-up form answers as for a new address, so only the mailbox learns it)."""
    site = current_app.config["SITE_NAME"]
    message = mail.compose(
        "sign_up_attempt",
        to=user.email,
        subject=lambda: _("You already have a %(site)s account", site=site),
        language=user.language,
        user=user,
        links={
            "login_url": ("auth.login", {}),
            "forgot_url": ("auth.forgot_password", {}),
        },
    )
    return mail.send(message)


def send_role_invitation(assignment: RoleAssignment, scope: Event | Series) -> bool:
    """Tell an address without an account about the role waiting for it (the organiser
    page and the API both invite this way)."""
    text = _(
        "Hello,\n\nYou have been given the role of %(role)s for “%(title)s”.\nCreate an account on "
        "the site with this e-mail address (%(email)s) and the role will be yours.\n",
        role=assignment.role.translated_label.lower(),
        title=scope.title,
        email=assignment.email,
    )
    subject = _("Your role at %(title)s", title=scope.title)
    return mail.send(mail.build_message(assignment.email, subject, text))
