"""What follows a committed change: e-mails to the people concerned, then plugins.

A failing mail backend never undoes a registration: ``mail.send`` logs and keeps the
message in the outbox for a retry.
"""
from __future__ import annotations

from confsite import lifecycle
from confsite.models import Registration
from confsite.plugins import notify
from confsite.services import registration_mail


def registration_changed(registration: Registration, what: str, *, manage_token: str | None = None) -> None:
    """``what``: created, cancelled or promoted."""
    registration_mail.send_for(registration, what, manage_token=manage_token)
    happening = {
        "created": lifecycle.RegistrationCreated,
        "cancelled": lifecycle.RegistrationCancelled,
        "promoted": lifecycle.RegistrationPromoted,
    }[what](registration)
    notify(happening)


def checked_in(registration: Registration, *, undone: bool) -> None:
    notify(lifecycle.CheckedIn(registration, undone=undone))
