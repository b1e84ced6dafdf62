"""What follows a committed change to a registration: an e-mail to the person and a
word to the plugins (webhooks among them), in background jobs.

None of it is needed to answer the request that made the change, and all of it costs
more than the change itself, so the request only asks for one job (sent when its
transaction commits; one write to the queue). That job asks for the e-mail's own job,
then tells the plugins. Two jobs, because they fail differently: the e-mail job is
retried until its message is queued (it is idempotent); the plugins' job runs once, so
a retry never tells plugins, or webhook receivers, the same thing twice. A job that
fails leaves the committed registration as it is and lands on the admin page
*Background jobs*, whence it can be retried.
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
    kind, key = registration_mail.new_notice(registration, what)
    jobs.enqueue(follow_registration_change, registration.id, what, kind, key)


@jobs.job(retries=0)
def follow_registration_change(registration_id: int, what: str, notice_kind: str, notice_key: str) -> None:
    """Ask for the e-mail (:func:`registration_mail.send_notice`, keyed so that a rerun of
    this job sends it once), then tell the plugins enabled on the event
    (``lifecycle_event``) what happened, with the registration as it is now; nothing for
    one deleted meanwhile."""
    jobs.enqueue(registration_mail.send_notice, registration_id, notice_kind, notice_key)
    registration = db.session.get(Registration, registration_id)
    if registration is not None:
        notify(HAPPENINGS[what](registration))


def registration_link(registration: Registration) -> None:
    """E-mail a new management link for an existing registration (no lifecycle change)."""
    registration_mail.request_notice(registration, "link")


def checked_in(registration: Registration, *, undone: bool) -> None:
    notify(lifecycle.CheckedIn(registration, undone=undone))
