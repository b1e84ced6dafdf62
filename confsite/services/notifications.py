"""What follows a committed change: e-mails to the people concerned, then plugins.

A failing mail backend never undoes a registration: ``mail.send`` logs and keeps the
message in the outbox for a retry. Anything else going wrong while composing a
message is logged too (and raised under TESTING, so tests see it): the change it
reports is already committed and must stand.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app

from confsite import lifecycle
from confsite.models import Registration
from confsite.plugins import notify
from confsite.services import registration_mail

log = logging.getLogger(__name__)


def _mail_safely(send: Callable[[], object], what: str) -> None:
    try:
        send()
    except Exception:
        if current_app.testing:
            raise
        log.exception("could not compose the %s e-mail", what)


def registration_changed(registration: Registration, what: str, *, manage_token: str | None = None) -> None:
    """``what``: created, cancelled or promoted."""
    _mail_safely(lambda: registration_mail.send_for(registration, what, manage_token=manage_token), what)
    kinds: dict[
        str,
        type[
            lifecycle.RegistrationCreated | lifecycle.RegistrationCancelled | lifecycle.RegistrationPromoted
        ],
    ] = {
        "created": lifecycle.RegistrationCreated,
        "cancelled": lifecycle.RegistrationCancelled,
        "promoted": lifecycle.RegistrationPromoted,
    }
    happening = kinds[what](registration)
    notify(happening)


def registration_link(registration: Registration, manage_token: str) -> None:
    """A new management link for an existing registration (no lifecycle change)."""
    _mail_safely(lambda: registration_mail.send_for(registration, "link", manage_token=manage_token), "link")


def checked_in(registration: Registration, *, undone: bool) -> None:
    notify(lifecycle.CheckedIn(registration, undone=undone))
