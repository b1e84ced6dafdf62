"""The registration service: seats, waiting list, promotion, window, duplicates, e-mail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import sqlalchemy as sa

from confsite import jobs
from confsite.extensions import db
from confsite.models import Event, OutboxMessage, OutboxStatus, Registration, RegistrationStatus, utcnow
from confsite.services import registration as reg
from confsite.testing import count_queries
from tests import outbox


def applicant(n: int | str = 1, **kw) -> reg.Applicant:
    data = dict(
        name=f"Person {n}",
        email=f"p{n}@example.org",
        organisation="ACIS",
        country="ES",
        sector="academia",
        consent=True,
    )
    data.update(kw)
    return reg.Applicant(**data)


def count_rows() -> int:
    return db.session.scalar(sa.select(sa.func.count(Registration.id)))


def statuses(event: Event) -> dict[str, RegistrationStatus]:
    rows = db.session.execute(
        sa.select(Registration.email, Registration.status).where(Registration.event_id == event.id)
    ).all()
    return dict(rows)


def test_seats_then_waiting_list_in_order(app, make):
    event = make.event(capacity=2)
    results = [reg.register(event, applicant(i))[0] for i in range(4)]
    assert [r.status for r in results] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]
    assert [reg.waitlist_position(r) for r in results] == [None, None, 1, 2]
    assert reg.waitlist_positions(results) == {results[2].id: 1, results[3].id: 2}
    db.session.refresh(event)
    assert event.confirmed_count == 2
    status = reg.capacity_status(event)
    assert (status.seats_left, status.is_full, status.waiting) == (0, True, 2)


def test_unlimited_event_confirms_everyone(app, make):
    event = make.event(capacity=None)
    for i in range(5):
        assert reg.register(event, applicant(i))[0].status == RegistrationStatus.CONFIRMED
    assert reg.capacity_status(event).seats_left is None


def test_same_address_returns_the_existing_registration(app, make):
    event = make.event(capacity=1)
    first, created = reg.register(event, applicant(1))
    again, created_again = reg.register(event, applicant(1, email="  P1@Example.org ", name="Other"))
    assert created and not created_again
    assert again.id == first.id and again.name == "Person 1"
    assert count_rows() == 1
    db.session.refresh(event)
    assert event.confirmed_count == 1


def test_a_user_cannot_hold_two_registrations_under_two_addresses(app, make):
    event = make.event()
    user = make.user("me@example.org")
    first, _ = reg.register(event, applicant(1, email="me@example.org"), user=user)
    second, created = reg.register(event, applicant(1, email="other@example.org"), user=user)
    assert not created and second.id == first.id and count_rows() == 1


def test_cancelling_a_seat_promotes_the_first_in_line_and_tells_them(app, make):
    event = make.event(capacity=1, title="Procurement training")
    holder, _ = reg.register(event, applicant("holder"))
    first_waiting, _ = reg.register(event, applicant("w1"))
    second_waiting, _ = reg.register(event, applicant("w2"))
    jobs.run_pending(app)  # the worker sends their notices meanwhile

    promoted = reg.cancel_registration(holder)

    assert [p.id for p in promoted] == [first_waiting.id]
    assert statuses(event) == {
        "pholder@example.org": RegistrationStatus.CANCELLED,
        "pw1@example.org": RegistrationStatus.CONFIRMED,
        "pw2@example.org": RegistrationStatus.WAITLISTED,
    }
    assert reg.waitlist_position(second_waiting) == 1
    db.session.refresh(event)
    assert event.confirmed_count == 1
    subjects = [m["Subject"] for m in outbox.to(app, "pw1@example.org")]
    assert subjects == [
        "You are on the waiting list for Procurement training",
        "A place opened up: you are now registered for Procurement training",
    ]
    assert [m["Subject"] for m in outbox.to(app, "pholder@example.org")][-1] == (
        "Your registration for Procurement training is cancelled"
    )


def test_leaving_the_waiting_list_frees_no_seat(app, make):
    event = make.event(capacity=1)
    reg.register(event, applicant(1))
    waiting, _ = reg.register(event, applicant(2))
    assert reg.cancel_registration(waiting) == []
    db.session.refresh(event)
    assert event.confirmed_count == 1
    with pytest.raises(reg.RegistrationError, match="already cancelled"):
        reg.cancel_registration(waiting)


def test_raising_capacity_promotes_and_lowering_cancels_nobody(app, make):
    event = make.event(capacity=1)
    for i in range(4):
        reg.register(event, applicant(i))
    promoted = reg.set_capacity(event, 3)
    assert [p.email for p in promoted] == ["p1@example.org", "p2@example.org"]
    assert event.confirmed_count == 3 and event.capacity == 3
    assert reg.set_capacity(event, 1) == []
    assert list(statuses(event).values()).count(RegistrationStatus.CONFIRMED) == 3
    # With too many confirmed, a cancellation promotes nobody until there is room.
    first = db.session.scalar(sa.select(Registration).where(Registration.email == "p0@example.org"))
    assert reg.cancel_registration(first) == []
    assert reg.set_capacity(event, None)[0].email == "p3@example.org"
    with pytest.raises(reg.RegistrationError):
        reg.set_capacity(event, -1)


def test_organiser_promotion_may_exceed_capacity(app, make):
    event = make.event(capacity=1)
    reg.register(event, applicant(1))
    waiting, _ = reg.register(event, applicant(2))
    reg.promote(waiting)
    db.session.refresh(event)
    assert waiting.status == RegistrationStatus.CONFIRMED and event.confirmed_count == 2
    with pytest.raises(reg.RegistrationError):
        reg.promote(waiting)


def test_re_registering_after_cancelling_reuses_the_row_with_a_new_link(app, make):
    event = make.event(capacity=5)
    first, _ = reg.register(event, applicant(1))
    jobs.run_pending(app)  # the confirmation e-mail's job issues the link
    db.session.refresh(first)
    old_hash = first.manage_token_hash
    assert old_hash is not None
    reg.cancel_registration(first)
    again, created = reg.register(event, applicant(1))
    assert created and again.id == first.id
    assert again.status == RegistrationStatus.CONFIRMED and again.cancelled_at is None
    assert again.manage_token_hash is None  # the old link stops at once
    jobs.run_pending(app)
    db.session.refresh(again)
    assert again.manage_token_hash not in (None, old_hash)


@pytest.mark.parametrize(
    "setup, message",
    [
        (dict(status="draft"), "not published"),
        (dict(status="cancelled"), "cancelled"),
        (dict(registration_opens=utcnow() + timedelta(days=1)), "not opened yet"),
        (
            dict(
                registration_closes=utcnow() - timedelta(minutes=1),
                registration_opens=utcnow() - timedelta(days=3),
            ),
            "closed",
        ),
        (dict(start_at=utcnow() - timedelta(days=3)), "over"),
    ],
)
def test_closed_events_write_nothing(app, make, setup, message):
    if "start_at" in setup:
        setup["end_at"] = setup["start_at"] + timedelta(days=1)
    event = make.event(**setup)
    with pytest.raises(reg.RegistrationError, match=message):
        reg.register(event, applicant(1))
    assert count_rows() == 0
    assert outbox.messages(app) == []


def test_organisers_may_add_people_outside_the_window_of_a_published_event(app, make):
    event = make.event(
        registration_closes=utcnow() - timedelta(minutes=1), registration_opens=utcnow() - timedelta(days=3)
    )
    assert reg.register(event, applicant(1), bypass_window=True)[1] is True
    draft = make.event(status="draft")
    with pytest.raises(reg.RegistrationError):
        reg.register(draft, applicant(1), bypass_window=True)


@pytest.mark.parametrize(
    "change, problem",
    [
        (dict(consent=False), "agree"),
        (dict(email="not-an-address"), "valid e-mail"),
        (dict(email=""), "valid e-mail"),
        (dict(name="  "), "your name"),
        (dict(name="x" * 201), "too long"),
        (dict(organisation="o" * 201), "too long"),
        (dict(country="XX"), "country"),
        (dict(country="Spain"), "country"),
        (dict(sector="astronaut"), "sector"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_written(app, make, change, problem):
    event = make.event()
    with pytest.raises(reg.RegistrationError, match=problem):
        reg.register(event, applicant(1, **change))
    assert count_rows() == 0
    db.session.refresh(event)
    assert event.confirmed_count == 0


def test_guest_token_finds_only_its_own_registration(app, make):
    event, other_event = make.event(), make.event()
    first, _ = reg.register(event, applicant(1))
    link = outbox.link(outbox.to(app, "p1@example.org")[0], "/registration/")
    token = link.rsplit("/", 1)[1]
    assert reg.registration_by_token(event, token).id == first.id
    assert reg.registration_by_token(other_event, token) is None
    assert reg.registration_by_token(event, token + "x") is None
    assert reg.registration_by_token(event, "") is None
    assert reg.registration_by_token(event, "a" * 500) is None


def test_reissued_link_replaces_the_old_one(app, make):
    event = make.event()
    first, _ = reg.register(event, applicant(1))
    old = outbox.link(outbox.to(app, "p1@example.org")[0], "/registration/").rsplit("/", 1)[1]
    reg.reissue_manage_link(first)
    mails = outbox.to(app, "p1@example.org")
    assert mails[-1]["Subject"] == f"Your registration for {event.title}"
    new = outbox.link(mails[-1], "/registration/").rsplit("/", 1)[1]
    assert reg.registration_by_token(event, old) is None
    assert reg.registration_by_token(event, new).id == first.id


def test_confirmation_mail_has_text_html_and_the_event_calendar(app, make):
    event = make.event(capacity=1, slug="ka4")
    reg.register(event, applicant(1, name="Ana Fernández"))
    reg.register(event, applicant(2))
    confirmed, waitlisted = outbox.to(app, "p1@example.org")[0], outbox.to(app, "p2@example.org")[0]
    assert "is confirmed" in outbox.text(confirmed)
    assert "Europe/Madrid" in outbox.text(confirmed)
    html = outbox.html(confirmed)
    assert '<a href="http://confsite.test/events/ka4/registration/' in html
    [attachment] = list(confirmed.iter_attachments())
    assert attachment.get_filename() == "ka4.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("charset") == "utf-8"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    assert [str(c["SUMMARY"]) for c in calendar.walk("VEVENT")] == [event.title]
    assert "position 1" in outbox.text(waitlisted)
    assert list(waitlisted.iter_attachments()) == []


def test_escaping_in_html_mail(app, make):
    event = make.event()
    reg.register(event, applicant(1, name="<script>alert(1)</script>"))
    html = outbox.html(outbox.to(app, "p1@example.org")[0])
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_mail_server_down_keeps_the_registration_and_the_message(make_app, make):
    app = make_app(MAIL_BACKEND="smtp", MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=9)
    with app.app_context():
        event = make.event()
        result, created = reg.register(event, applicant(1))
        assert created and result.status == RegistrationStatus.CONFIRMED
        # The request neither rendered nor sent it: a job renders it into the outbox,
        # where it stays while its delivery job waits for the server.
        assert db.session.scalars(sa.select(OutboxMessage)).all() == []
        jobs.run_pending(app)
        [row] = db.session.scalars(sa.select(OutboxMessage)).all()
        assert row.status == OutboxStatus.RETRYING and row.attempts == 1

        later = datetime.now(UTC)
        for _attempt in range(7):  # the first try and its retries, each after its back-off
            jobs.run_pending(app, now=later)
            later += timedelta(hours=1)
        db.session.expire_all()
        assert row.status == OutboxStatus.FAILED and row.attempts == 6
        assert "Connection refused" in row.error or "Errno" in row.error
        [dead] = jobs.dead_letters()
        assert dead.name == "confsite.mail.deliver" and "ConnectionRefused" in dead.error
        assert db.session.get(Registration, result.id) is not None

        runner = app.test_cli_runner()
        queued = runner.invoke(args=["mail-retry"])
        assert queued.exit_code == 0 and "Queued 1 failed message(s) again" in queued.output
        app.config["MAIL_BACKEND"] = "file"  # the server is back (the file backend stands in)
        assert [m["To"] for m in outbox.messages(app)] == ["p1@example.org"]
        db.session.expire_all()
        assert row.status == OutboxStatus.SENT
        jobs.run_pending(app, now=later + timedelta(days=1))
        assert len(outbox.messages(app)) == 1  # delivered once, whatever runs later
        db.session.remove()


def test_check_in_only_for_confirmed(app, make):
    event = make.event(capacity=1)
    confirmed, _ = reg.register(event, applicant(1))
    waiting, _ = reg.register(event, applicant(2))
    reg.check_in(confirmed)
    assert confirmed.checked_in_at is not None
    reg.check_in(confirmed, undo=True)
    assert confirmed.checked_in_at is None
    with pytest.raises(reg.RegistrationError):
        reg.check_in(waiting)


def test_nul_characters_are_refused_by_the_service(app, make):
    event = make.event()
    with pytest.raises(reg.RegistrationError, match="NUL"):
        reg.register(event, applicant(1, organisation="Org\x00"))
    assert count_rows() == 0


def test_seats_freed_without_promotion_go_to_the_queue_before_newcomers(app, make):
    event = make.event(capacity=1)
    reg.register(event, applicant(1))
    waiting, _ = reg.register(event, applicant(2))
    event.capacity = 2  # edited directly, not through set_capacity: nobody was promoted
    db.session.commit()
    newcomer, _ = reg.register(event, applicant(3))
    db.session.refresh(waiting)
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert newcomer.status == RegistrationStatus.WAITLISTED and reg.waitlist_position(newcomer) == 1
    assert outbox.to(app, "p2@example.org")[-1]["Subject"].startswith("A place opened up")
    db.session.refresh(event)
    assert event.confirmed_count == 2


def test_behind_a_queue_a_newcomer_waits_without_asking_for_a_seat(app, make):
    """The full event of a morning rush: one seat check (for the head of the queue),
    then the newcomer is written as waiting. No second seat check, no status change
    after the INSERT, and the event row is left alone (no change announced)."""
    event = make.event(capacity=1)
    reg.register(event, applicant(1))
    reg.register(event, applicant(2))  # the queue
    with count_queries() as statements:
        newcomer, created = reg.register(event, applicant("Žiga"))
    assert created and newcomer.status == RegistrationStatus.WAITLISTED
    assert reg.waitlist_position(newcomer) == 2
    heads = [" ".join(s.split()[:3]).upper() for s in statements]
    assert [h for h in heads if h.startswith("UPDATE")] == ["UPDATE EVENTS SET"]  # the head's check
    assert "INSERT INTO REGISTRATIONS" in heads
    with pytest.raises(reg.EventFull):
        reg.register(event, applicant(4), waitlist=False)
    assert "p4@example.org" not in statuses(event)
