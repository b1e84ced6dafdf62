"""What follows a committed change to a registration: an e-mail to the person, then
the plugins (webhooks among them), each in a background job of its own.

None of it is needed to answer the request that made the change, and all of it costs
more than the change itself, so the request only asks for the jobs (they are sent when
its transaction commits). Two jobs, because they fail differently: the e-mail job is
retried until its message is queued (it is idempotent); the plugins' job runs once,
so a retry never tells plugins, or webhook receivers, the same thing twice. A job that
fails leaves the committed registration as it is and lands on the admin page
*Background jobs*.
"""

from __future__ import annotations

from confsite import jobs, lifecycle
from confsite.extensions import db
from confsite.models import Registration
from confsite.plugins import notify
from confsite.services import registration_mail

# What happened to a registration -> the lifecycle event plugins hear.
HAPPENINGS: dict[
    str,
    type[lifecycle.RegistrationCreated | lifecycle.RegistrationCancelled | lifecycle.RegistrationPromoted],
] = {
    "created": lifecycle.RegistrationCreated,
    "cancelled": lifecycle.RegistrationCancelled,
    "promoted": lifecycle.RegistrationPromoted,
}


def registration_changed(registration: Registration, what: str) -> None:
    """``what``: created, cancelled or promoted. The e-mail brings a fresh management
    link (not for a cancellation)."""
    registration_mail.request_notice(registration, what)
    jobs.enqueue(announce_registration_change, registration.id, what)


@jobs.job(retries=0)
def announce_registration_change(registration_id: int, what: str) -> None:
    """Tell the plugins enabled on the event (``lifecycle_event``) what happened, with
    the registration as it is now; nothing for one deleted meanwhile."""
    registration = db.session.get(Registration, registration_id)
    if registration is not None:
        notify(HAPPENINGS[what](registration))


def registration_link(registration: Registration) -> None:
    """E-mail a new management link for an existing registration (no lifecycle change)."""
    registration_mail.request_notice(registration, "link")


def checked_in(registration: Registration, *, undone: bool) -> None:
    notify(lifecycle.CheckedIn(registration, undone=undone))
