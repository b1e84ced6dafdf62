"""Certificates of attendance and badge sheets.

A checked-in attendee downloads their certificate (PDF) from *My agenda* or the guest
page; organisers have them all built at once by a job (a ZIP in the instance folder).
Badge sheets (A4, eight badges) carry a QR code: a signed link to that registration's
check-in page, which still needs an organiser's login (the signature only stops
guessing other registrations' links).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from confsite import documents, jobs
from confsite.countries import country_name
from confsite.extensions import db
from confsite.i18n import _
from confsite.models import Event, Registration, RegistrationStatus, RoleAssignment, RoleName, utcnow
from confsite.services.agenda import event_people

BADGES_PER_PAGE = 8


class CertificateError(ValueError):
    """No certificate for this registration (not checked in)."""


def certificate_pdf(registration: Registration) -> bytes:
    """The PDF certificate of a checked-in attendee."""
    if registration.checked_in_at is None or registration.status != RegistrationStatus.CONFIRMED:
        raise CertificateError(_("Certificates are for attendees who were checked in at the event."))
    event = registration.event
    return documents.render_pdf(
        "certificate", registration=registration, event=event, host=event.host, issued=utcnow()
    )


def certificate_filename(registration: Registration) -> str:
    return f"{registration.event.slug}-certificate-{registration.id}.pdf"


# -- all certificates of an event, built by a job ------------------------------------


def _folder() -> Path:
    path = Path(current_app.instance_path) / "certificates"
    path.mkdir(parents=True, exist_ok=True)
    return path


def bulk_path(event: Event) -> Path:
    return _folder() / f"event-{event.id}.zip"


def _marker(event_id: int) -> Path:
    return _folder() / f"event-{event_id}.building"


def bulk_state(event: Event) -> str:
    """ "building", "ready" or "none"."""
    if _marker(event.id).exists():
        return "building"
    return "ready" if bulk_path(event).exists() else "none"


def checked_in(event: Event) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.checked_in_at.is_not(None),
            )
            .order_by(Registration.name, Registration.id)
        )
    )


def request_bulk(event: Event) -> None:
    """Start building every certificate of the event (refused with nobody checked in)."""
    if not checked_in(event):
        raise CertificateError(_("Nobody has been checked in yet: there is no certificate to build."))
    _marker(event.id).touch()
    jobs.enqueue(build_certificates, event.id)


def _forget_marker(event_id: int) -> None:
    _marker(event_id).unlink(missing_ok=True)


@jobs.job(retries=2, retry_delay=60, on_dead=_forget_marker)
def build_certificates(event_id: int) -> None:
    """Write one ZIP with a PDF per checked-in attendee (replacing the last one whole)."""
    event = db.session.get(Event, event_id)
    if event is None:
        _forget_marker(event_id)
        return
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for registration in checked_in(event):
            archive.writestr(certificate_filename(registration), certificate_pdf(registration))
    target = bulk_path(event)
    partial = target.with_suffix(".part")
    partial.write_bytes(buffer.getvalue())
    partial.replace(target)
    _forget_marker(event_id)


# -- badges ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    name: str
    organisation: str
    country: str
    role: str
    qr: str  # SVG data URI of the check-in link


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="badge-checkin")


def checkin_token(registration: Registration) -> str:
    return _serializer().dumps([registration.event_id, registration.id])


def registration_for_token(event: Event, token: str) -> Registration | None:
    """The registration a badge's QR code names, if the signature holds and it is this event's."""
    try:
        event_id, registration_id = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if event_id != event.id:
        return None
    registration = db.session.get(Registration, registration_id)
    return registration if registration is not None and registration.event_id == event.id else None


def _roles(event: Event) -> dict[str, str]:
    """E-mail -> role shown on the badge (organisers, chairs and speakers stand out)."""
    roles = {p.email.strip().lower(): str(_("Speaker")) for p in event_people(event) if p.email}
    organisers = db.session.scalars(
        sa.select(RoleAssignment.email).where(
            RoleAssignment.event_id == event.id, RoleAssignment.role == RoleName.ORGANISER
        )
    )
    roles |= {email.lower(): str(_("Organiser")) for email in organisers if email}
    return roles


def badges(event: Event) -> list[Badge]:
    """A badge for each confirmed registrant, by name."""
    roles = _roles(event)
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.name, Registration.id)
    )
    return [
        Badge(
            name=r.name,
            organisation=r.organisation,
            country=country_name(r.country) if r.country else "",
            role=roles.get(r.email, str(_("Participant"))),
            qr=documents.qr_svg(
                documents.absolute_url("manage.checkin_scan", slug=event.slug, token=checkin_token(r))
            ),
        )
        for r in registrations
    ]


def badges_pdf(event: Event) -> bytes:
    """A4 sheets of eight badges (two columns, four rows) to print and cut."""
    items = badges(event)
    if not items:
        raise CertificateError(_("Nobody is confirmed yet: there is no badge to print."))
    pages = [items[i : i + BADGES_PER_PAGE] for i in range(0, len(items), BADGES_PER_PAGE)]
    return documents.render_pdf("badges", event=event, pages=pages)
