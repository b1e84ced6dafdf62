"""Join links reach confirmed registrants only (e-mail, event page, guest page, .ics),
held back until the organiser's time; reminders go out once, with agenda and link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from confsite import jobs
from confsite.extensions import db
from confsite.models import Event
from confsite.services import registration as reg
from tests import outbox

JOIN = "https://meet.example.org/room/Ángel-42"


def _guest(n: int, name: str = "Žiga Novak") -> reg.Applicant:
    return reg.Applicant(name=name, email=f"g{n}@example.org", consent=True)


def _online_event(make, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("start_at", datetime.now(UTC).replace(microsecond=0) + timedelta(days=3))
    return make.event(format="online", online_url=JOIN, **kw)


def _ics_of(message) -> bytes:  # type: ignore[no-untyped-def]
    [attachment] = [a for a in message.iter_attachments() if a.get_content_type() == "text/calendar"]
    return attachment.get_content().encode()


def test_confirmed_registrant_finds_the_link_everywhere_the_waiting_list_nowhere(app, client, make):
    event = _online_event(make, capacity=1)
    reg.register(event, _guest(1))
    reg.register(event, _guest(2))
    [confirmed] = outbox.to(app, "g1@example.org")
    [waiting] = outbox.to(app, "g2@example.org")
    assert f"Join online: {JOIN}" in outbox.text(confirmed)
    vevent = icalendar.Calendar.from_ical(_ics_of(confirmed)).walk("VEVENT")[0]
    assert (
        str(vevent["URL"]) == JOIN and JOIN in str(vevent["LOCATION"]) and str(vevent["CONFERENCE"]) == JOIN
    )
    assert JOIN not in waiting.as_string()

    guest_page = client.get(outbox.link(confirmed, "/registration/").replace("http://confsite.test", ""))
    assert JOIN in guest_page.get_data(as_text=True)
    waiting_page = client.get(outbox.link(waiting, "/registration/").replace("http://confsite.test", ""))
    assert JOIN not in waiting_page.get_data(as_text=True)
    public = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert JOIN not in public
    assert JOIN.encode() not in client.get(f"/events/{event.slug}/calendar.ics").data


def test_signed_in_confirmed_registrant_sees_the_link_on_the_event_page(app, client, auth, make):
    event = _online_event(make)
    user = make.user("ana@example.org")
    reg.register(event, reg.Applicant(name="Ana", email=user.email, consent=True), user=user)
    auth.login("ana@example.org")
    assert JOIN in client.get(f"/events/{event.slug}/").get_data(as_text=True)


def test_a_held_back_link_appears_at_its_time_with_a_joining_details_mail(app, client, make):
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=5)
    event = _online_event(make, start_at=start, join_release_minutes=30, reminder_hours=0)
    reg.register(event, _guest(3))
    [confirmation] = outbox.to(app, "g3@example.org")
    assert JOIN not in confirmation.as_string()
    assert "will be e-mailed to you 30 min before the start" in outbox.text(confirmation)
    page_path = outbox.link(confirmation, "/registration/").replace("http://confsite.test", "")
    assert JOIN not in client.get(page_path).get_data(as_text=True)

    jobs.run_periodic(app, now=start - timedelta(minutes=31))
    jobs.run_pending(app)
    assert len(outbox.to(app, "g3@example.org")) == 1
    jobs.run_periodic(app, now=start - timedelta(minutes=29))
    jobs.run_periodic(app, now=start - timedelta(minutes=28))  # once only
    [_, details] = outbox.to(app, "g3@example.org")
    assert details["Subject"] == f"Joining details for {event.title}" and JOIN in outbox.text(details)

    db.session.get(Event, event.id).join_release_minutes = 60 * 6  # now released
    db.session.commit()
    assert JOIN in client.get(page_path).get_data(as_text=True)


def test_reminder_once_with_agenda_and_link_to_confirmed_only(app, make):
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=20)
    event = _online_event(make, start_at=start, capacity=1, title="Regions, health and Łódź")
    make.session(event, title="Opening of the day", start_at=start)
    reg.register(event, _guest(4, name="Øystein"))
    reg.register(event, _guest(5))
    quiet = _online_event(make, start_at=start, reminder_hours=0)
    reg.register(quiet, _guest(6))
    far = _online_event(make, start_at=start + timedelta(days=2))
    reg.register(far, _guest(7))
    outbox.messages(app)

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    now -= timedelta(minutes=now.minute % 5)  # the reminder job runs every five minutes
    for minutes in (0, 5, 10):
        jobs.run_periodic(app, now=now + timedelta(minutes=minutes))
    reminders = [m for m in outbox.messages(app) if m["Subject"].startswith("Reminder")]
    assert [m["To"] for m in reminders] == ["g4@example.org"]
    text = outbox.text(reminders[0])
    assert "Opening of the day" in text and f"Join online: {JOIN}" in text
    assert reminders[0]["Subject"] == "Reminder: Regions, health and Łódź starts soon"
