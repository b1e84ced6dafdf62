"""What follows a registration runs in background jobs: the request writes the
registration and answers; the worker renders and queues the e-mail (with the
management link it issues) and tells the plugins. A failing job never undoes or loses
the registration, a retried one sends once, and the seat counter is the database's
alone, whatever the queue holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from confsite import jobs
from confsite.extensions import db
from confsite.jobs import queue
from confsite.models import Event, OutboxMessage, Registration, RegistrationStatus
from confsite.services import registration as reg
from confsite.services import registration_mail
from tests import outbox


def form(number: int) -> dict:
    return {
        "name": f"Guest {number}",
        "email": f"guest{number}@example.org",
        "organisation": "Galaria",
        "country": "ES",
        "sector": "industry",
        "consent": "y",
    }


def outbox_rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_request_registers_and_the_job_sends_the_confirmation_with_a_working_link(app, client, make):
    make.event(slug="ka4", title="KA4 Conference", capacity=10)
    response = client.post("/events/ka4/register", data=form(1))
    assert response.status_code == 302
    [row] = db.session.scalars(sa.select(Registration)).all()
    assert row.status == RegistrationStatus.CONFIRMED
    assert row.manage_token_hash is None  # no link yet: the e-mail job issues it
    assert outbox_rows() == []  # nothing rendered or queued by the request
    assert jobs.queue_counts(app)["pending"] == 1  # one write to the queue, nothing more

    [message] = outbox.to(app, "guest1@example.org")  # runs the jobs, as the worker would
    assert message["Subject"] == "Your place at KA4 Conference is confirmed"
    assert any(part.get_filename() == "ka4.ics" for part in message.iter_attachments())
    link = outbox.link(message, "/registration/").replace("http://confsite.test", "")
    assert "Confirmed" in client.get(link).get_data(as_text=True)


def test_a_failing_email_job_never_loses_the_registration(app, client, make, monkeypatch):
    event = make.event(slug="ka4", capacity=10)

    def broken(*args, **kwargs):
        raise RuntimeError("template engine on fire")

    monkeypatch.setattr(registration_mail, "compose_for", broken)
    response = client.post("/events/ka4/register", data=form(1))
    assert response.status_code == 302  # acknowledged: the job has not even run yet
    later = datetime.now(UTC)
    for _attempt in range(7):  # the first run and its retries, each after its back-off
        jobs.run_pending(app, now=later)
        later += timedelta(hours=1)
    [dead] = jobs.dead_letters()
    assert dead.name == "confsite.services.registration_mail.send_notice"
    assert "template engine on fire" in dead.error
    db.session.expire_all()
    [row] = db.session.scalars(sa.select(Registration)).all()
    assert row.status == RegistrationStatus.CONFIRMED and row.manage_token_hash is None
    assert db.session.get(Event, event.id).confirmed_count == 1
    assert outbox_rows() == []

    monkeypatch.undo()  # repaired: the administrator retries the dead job
    assert jobs.requeue_dead_letter(dead.id)
    [message] = outbox.to(app, "guest1@example.org")
    assert "/registration/" in outbox.text(message)


def test_a_retried_email_job_sends_once_and_keeps_its_link(app, make):
    event = make.event(capacity=10)
    registration, _ = reg.register(event, reg.Applicant("Ana", "ana@example.org", consent=True))
    queue.flush(app)  # run it by hand below instead
    key = "registration:retry-test"
    registration_mail.send_notice(registration.id, "confirmed", key)
    db.session.refresh(registration)
    issued = registration.manage_token_hash
    registration_mail.send_notice(registration.id, "confirmed", key)  # a retry after success
    db.session.refresh(registration)
    assert registration.manage_token_hash == issued is not None
    assert [row.key for row in outbox_rows()] == [key]


def test_a_notice_about_a_state_already_left_is_not_sent(app, make):
    event = make.event(capacity=1, title="Small room")
    holder, _ = reg.register(event, reg.Applicant("Holder", "holder@example.org", consent=True))
    reg.register(event, reg.Applicant("Wait", "wait@example.org", consent=True))
    reg.cancel_registration(holder)  # before the worker ran: "waitlisted" is already past
    subjects = [m["Subject"] for m in outbox.to(app, "wait@example.org")]
    assert subjects == ["A place opened up: you are now registered for Small room"]
    [cancelled] = outbox.to(app, "holder@example.org")  # the confirmation is moot too
    assert cancelled["Subject"] == "Your registration for Small room is cancelled"


def test_the_seat_counter_is_exact_whatever_the_queue_holds(app, client, make):
    event = make.event(slug="ka4", capacity=3)
    for number in range(7):
        assert client.post("/events/ka4/register", data=form(number)).status_code == 302

    def counts() -> tuple[int, dict[RegistrationStatus, int]]:
        db.session.expire_all()
        return db.session.get(Event, event.id).confirmed_count, reg.registration_counts(event)

    before = counts()
    assert before == (3, {RegistrationStatus.CONFIRMED: 3, RegistrationStatus.WAITLISTED: 4})
    kinds = sorted(m["Subject"].split(" ")[1] for m in outbox.messages(app))
    assert kinds == ["are"] * 4 + ["place"] * 3  # "You are on the waiting list", "Your place..."
    assert counts() == before  # the jobs wrote no seat
