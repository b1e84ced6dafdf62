"""Certificates of attendance (own download and bulk by a job) and badge sheets whose
QR code opens the registration's check-in for a signed-in organiser."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfReader

from confsite import jobs
from confsite.models import RoleName
from confsite.services import certificates
from confsite.services import registration as reg
from tests import outbox


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _guest(n: int, name: str) -> reg.Applicant:
    return reg.Applicant(name=name, email=f"c{n}@example.org", organisation="Consorci Sanitari", consent=True)


def test_a_checked_in_guest_downloads_a_certificate_others_cannot(app, client, make):
    event = make.event(title="Workshop on regional health data")
    came, _ = reg.register(event, _guest(1, "Ángel Fernández"))
    reg.register(event, _guest(2, "Łukasz Wójcik"))
    reg.check_in(came)
    link = outbox.link(outbox.to(app, "c1@example.org")[0], "/registration/").replace(
        "http://confsite.test", ""
    )
    page = client.get(link).get_data(as_text=True)
    assert "certificate of attendance" in page
    response = client.get(link + "/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    assert "Ángel Fernández" in text and "Workshop on regional health data" in text
    assert response.headers["Cache-Control"] == "no-store"

    other = outbox.link(outbox.to(app, "c2@example.org")[0], "/registration/").replace(
        "http://confsite.test", ""
    )
    assert "certificate" not in client.get(other).get_data(as_text=True).lower()
    assert client.get(other + "/certificate.pdf").status_code == 404


def test_an_account_holder_finds_the_certificate_on_my_agenda(app, client, auth, make):
    event = make.event(title="Training on procurement")
    user = make.user("oystein@example.org")
    registration, _ = reg.register(
        event, reg.Applicant(name="Øystein Ås", email=user.email, consent=True), user=user
    )
    auth.login("oystein@example.org")
    assert "Certificate of attendance" not in client.get("/me/agenda").get_data(as_text=True)
    assert client.get(f"/me/registrations/{registration.id}/certificate.pdf").status_code == 404
    reg.check_in(registration)
    assert "Certificate of attendance" in client.get("/me/agenda").get_data(as_text=True)
    response = client.get(f"/me/registrations/{registration.id}/certificate.pdf")
    assert response.status_code == 200 and "Øystein Ås" in _pdf_text(response.data)
    make.user("someone@example.org")
    auth.login("someone@example.org")
    assert client.get(f"/me/registrations/{registration.id}/certificate.pdf").status_code == 404


def test_organisers_build_every_certificate_with_a_job(app, client, auth, make):
    event = make.event()
    make.role(make.user("org@example.org"), RoleName.ORGANISER, event=event)
    auth.login("org@example.org")
    assert "Nobody has been checked in" in client.post(
        f"/manage/events/{event.slug}/certificates/build", follow_redirects=True
    ).get_data(as_text=True)
    names = ["Žiga Zupan", "Ana Ruiz", "Mateo Rossi"]
    for n, name in enumerate(names):
        registration, _ = reg.register(event, _guest(10 + n, name))
        if n < 2:
            reg.check_in(registration)
    client.post(f"/manage/events/{event.slug}/certificates/build")
    assert "being built" in client.get(f"/manage/events/{event.slug}/certificates").get_data(as_text=True)
    assert client.get(f"/manage/events/{event.slug}/certificates/all.zip").status_code == 404
    jobs.run_pending(app)
    page = client.get(f"/manage/events/{event.slug}/certificates").get_data(as_text=True)
    assert "Download all certificates" in page
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/manage/events/{event.slug}/certificates/all.zip").data)
    )
    texts = [_pdf_text(archive.read(name)) for name in archive.namelist()]
    assert len(texts) == 2
    assert any("Žiga Zupan" in t for t in texts) and any("Ana Ruiz" in t for t in texts)
    assert not any("Mateo Rossi" in t for t in texts)


def test_badges_carry_a_signed_check_in_link_for_organisers(app, client, auth, make):
    event = make.event(title="Partners meeting")
    make.role(make.user("org@example.org"), RoleName.ORGANISER, event=event)
    registration, _ = reg.register(event, _guest(20, "Žiga Novak"))
    response_anonymous = client.get(f"/manage/events/{event.slug}/badges.pdf")
    assert response_anonymous.status_code == 302
    auth.login("org@example.org")
    response = client.get(f"/manage/events/{event.slug}/badges.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    assert "Žiga Novak" in text and "Consorci Sanitari" in text and "Participant" in text

    [badge] = certificates.badges(event)
    assert badge.qr.startswith("data:image/svg+xml")
    scan = f"/manage/events/{event.slug}/checkin/scan/{certificates.checkin_token(registration)}"
    page = client.get(scan).get_data(as_text=True)
    assert "Žiga Novak" in page and "Check in" in page
    assert client.get(scan + "x").status_code == 404
    client.post(f"/manage/events/{event.slug}/checkin/{registration.id}", data={})
    assert "✓ In at" in client.get(scan).get_data(as_text=True)

    other = make.event()
    assert (
        client.get(
            f"/manage/events/{other.slug}/checkin/scan/{certificates.checkin_token(registration)}"
        ).status_code
        == 404
    )
