"""Organisers' messages: audiences, Markdown made safe, one e-mail per recipient, live
progress with per-recipient status, a log per event, bad input refused."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from confsite import jobs
from confsite.extensions import db
from confsite.models import Mailing, OutboxMessage, OutboxStatus, RoleName
from confsite.services import mailings
from confsite.services import registration as reg
from tests import outbox


@pytest.fixture
def event_with_people(app, make):  # type: ignore[no-untyped-def]
    event = make.event(capacity=2, title="Regional workshop")
    first, _ = reg.register(event, reg.Applicant(name="Ángel Pérez", email="angel@example.org", consent=True))
    reg.register(event, reg.Applicant(name="Łukasz Nowak", email="lukasz@example.org", consent=True))
    reg.register(event, reg.Applicant(name="Øystein Berg", email="oystein@example.org", consent=True))
    reg.check_in(first)
    session = make.session(event, title="Panel")
    speaker = make.person(name="Žiga Kranjc", email="ziga@example.org")
    make.talk(session, [speaker], title="Regions that learn")
    organiser = make.user("organiser@example.org")
    make.role(organiser, RoleName.ORGANISER, event=event)
    outbox.messages(app)  # the confirmations are out of the way
    return event


def _addresses(event, audience: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.email for r in mailings.recipients(event, mailings.parse_audience(audience))]


def test_audiences(event_with_people):
    event = event_with_people
    assert _addresses(event, "confirmed") == ["angel@example.org", "lukasz@example.org"]
    assert _addresses(event, "waitlisted") == ["oystein@example.org"]
    assert _addresses(event, "checked_in") == ["angel@example.org"]
    assert _addresses(event, "not_checked_in") == ["lukasz@example.org"]
    assert _addresses(event, "all") == ["angel@example.org", "lukasz@example.org", "oystein@example.org"]
    assert _addresses(event, "speakers") == ["ziga@example.org"]


def test_markdown_is_rendered_and_sanitised():
    html = mailings.render_markdown("**Bring** [slides](https://example.org)\n\n<script>alert(1)</script>")
    assert "<strong>Bring</strong>" in html and 'href="https://example.org"' in html
    assert "<script>" not in html


def test_organiser_sends_a_message_one_mail_per_recipient(app, client, auth, event_with_people):
    event = event_with_people
    auth.login("organiser@example.org")
    page = client.get(f"/manage/events/{event.slug}/messages").get_data(as_text=True)
    assert "Confirmed registrants (2)" in page
    body = "Dear all,\n\n**Bring** your badge.\n\n<img src=x onerror=alert(1)>"
    preview = client.post(
        f"/manage/events/{event.slug}/messages",
        data={"audience": "confirmed", "subject": "Practical details", "body": body, "preview": "1"},
    ).get_data(as_text=True)
    shown = preview.split('id="preview-heading"')[1]
    assert "<strong>Bring</strong>" in shown and "<img" not in shown
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Mailing)) == 0  # a preview sends nothing

    response = client.post(
        f"/manage/events/{event.slug}/messages",
        data={"audience": "confirmed", "subject": "Practical details", "body": body, "send": "1"},
    )
    assert response.status_code == 302
    mailing = db.session.scalars(sa.select(Mailing)).one()
    progress = client.get(f"/manage/events/{event.slug}/messages/{mailing.id}/progress.json").get_json()
    assert progress["done"] is False and progress["total"] == 2

    sent = [m for m in outbox.messages(app) if m["Subject"] == "Practical details"]
    assert sorted(m["To"] for m in sent) == ["angel@example.org", "lukasz@example.org"]
    for message in sent:
        assert "," not in message["To"] and message["Cc"] is None and message["Bcc"] is None
        assert "**Bring** your badge." in outbox.text(message)
        assert "<strong>Bring</strong>" in outbox.html(message) and "<img" not in outbox.html(message)
    assert "Hello Ángel Pérez," in outbox.text(next(m for m in sent if m["To"] == "angel@example.org"))

    db.session.expire_all()  # the test shares its session with the client's requests
    progress = client.get(f"/manage/events/{event.slug}/messages/{mailing.id}/progress.json").get_json()
    assert progress["done"] is True and progress["counts"]["sent"] == 2, progress
    assert {r["email"]: r["status"] for r in progress["recipients"]} == {
        "angel@example.org": "sent",
        "lukasz@example.org": "sent",
    }
    log = client.get(f"/manage/events/{event.slug}/messages").get_data(as_text=True)
    assert "Practical details" in log
    detail = client.get(f"/manage/events/{event.slug}/messages/{mailing.id}").get_data(as_text=True)
    assert "message_progress.js" in detail and "lukasz@example.org" in detail

    jobs.enqueue(mailings.send_mailing, mailing.id)  # a repeated job sends nothing twice
    db.session.commit()
    assert len([m for m in outbox.messages(app) if m["Subject"] == "Practical details"]) == 2


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"audience": "everyone-on-earth", "subject": "S", "body": "B"}, "Choose who the message is for."),
        ({"audience": "confirmed", "subject": "S", "body": "   "}, "Write the message."),
        ({"audience": "confirmed", "subject": "", "body": "B"}, "Give the message a subject."),
        ({"audience": "checked_in", "subject": "S", "body": "B"}, "Nobody is in this group yet"),
    ],
)
def test_bad_messages_are_refused_with_a_form_error(client, auth, make, data, problem):
    event = make.event()
    make.role(make.user("org@example.org"), RoleName.ORGANISER, event=event)
    auth.login("org@example.org")
    response = client.post(f"/manage/events/{event.slug}/messages", data={**data, "send": "1"})
    assert response.status_code == 200 and problem in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Mailing)) == 0


class _RefusingSmtp:
    """A tiny SMTP server refusing one recipient for good (550) and failing once (451)
    for another, accepting the rest: what a real relay does at SMTP time."""

    def __init__(self) -> None:

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.delivered: list[str] = []
        self.soft_failed: set[str] = set()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn, conn.makefile("rwb") as stream:
                self._session(stream)

    def _session(self, stream) -> None:  # type: ignore[no-untyped-def]
        def say(line: str) -> None:
            stream.write((line + "\r\n").encode())
            stream.flush()

        say("220 test")
        rcpt = ""
        while line := stream.readline().decode().strip():
            verb = line.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                say("250 test")
            elif verb == "MAIL":
                say("250 ok")
            elif verb == "RCPT":
                rcpt = line.split("<")[1].rstrip(">")
                if rcpt.startswith("lukasz"):
                    say("550 no such user")
                elif rcpt.startswith("oystein") and rcpt not in self.soft_failed:
                    self.soft_failed.add(rcpt)
                    say("451 try again later")
                else:
                    say("250 ok")
            elif verb == "DATA":
                say("354 go")
                while stream.readline().decode().rstrip("\r\n") != ".":
                    pass
                self.delivered.append(rcpt)
                say("250 queued")
            elif verb == "QUIT":
                say("221 bye")
                return
            else:
                say("250 ok")

    def close(self) -> None:
        self.sock.close()


def test_smtp_refusals_are_per_recipient_and_temporary_failures_retry(make_app, make):
    server = _RefusingSmtp()
    app = make_app(MAIL_BACKEND="smtp", MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=server.port)
    try:
        with app.app_context():
            event = make.event(capacity=10)
            for name, email in (("Ángel", "angel"), ("Łukasz", "lukasz"), ("Øystein", "oystein")):
                reg.register(event, reg.Applicant(name=name, email=f"{email}@example.org", consent=True))
            jobs.run_pending(app, now=datetime.now(UTC) + timedelta(minutes=5))  # confirmations
            server.delivered.clear()
            server.soft_failed.clear()
            mailing = mailings.create_mailing(event, "confirmed", "Hello", "Text", None)
            jobs.run_pending(app)
            statuses = {
                m.recipient: m.status
                for m in db.session.scalars(
                    sa.select(OutboxMessage).where(OutboxMessage.batch == mailing.batch)
                )
            }
            assert statuses == {
                "angel@example.org": OutboxStatus.SENT,
                "lukasz@example.org": OutboxStatus.BOUNCED,
                "oystein@example.org": OutboxStatus.RETRYING,
            }
            jobs.run_pending(app, now=datetime.now(UTC) + timedelta(minutes=5))
            db.session.expire_all()
            assert mailings.progress(mailing)["counts"]["sent"] == 2
            assert mailings.progress(mailing)["done"] is True
            assert sorted(server.delivered) == ["angel@example.org", "oystein@example.org"]  # each once
            db.session.remove()
    finally:
        server.close()
