"""Change notices: one debounced e-mail per registrant, with iTIP attachments that a
real CalDAV server applies in place (Radicale)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from confsite import jobs
from confsite.extensions import db
from confsite.models import Event, SessionStatus
from confsite.services import events as programme_service
from confsite.services import registration as reg
from tests import caldav_client, outbox
from tests.calendar_helpers import programme


def _applicant(n: int, name: str = "Ana Fernández") -> reg.Applicant:
    return reg.Applicant(name=name, email=f"guest{n}@example.org", consent=True)


def _move(session, hours: int = 0, room=None, status=None):
    data = programme_service.SessionInput(
        title=session.title,
        kind=session.kind.value,
        status=(status or session.status).value,
        start_at=session.start_at + timedelta(hours=hours),
        end_at=session.end_at + timedelta(hours=hours),
        room=room if room is not None else session.room,
        description=session.description,
        chairs=tuple(session.chairs),
    )
    programme_service.update_session(session, data, None)
    db.session.commit()


def _later(seconds: int) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


def _notices(app, address: str) -> list:
    return [
        m
        for m in outbox.to(app, address)
        if "Programme change" in m["Subject"] or "cancelled" in m["Subject"]
    ]


def _attachment(message, method: str) -> bytes:
    [found] = [a for a in message.iter_attachments() if a.get_param("method") == method]
    assert found.get_content_type() == "text/calendar" and found.get_param("charset") == "utf-8"
    return found.get_content().encode("utf-8")


def test_several_edits_make_one_notice_to_confirmed_registrants_only(app, make):
    prog = programme(capacity=1, start_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=20))
    reg.register(prog.event, _applicant(1))
    reg.register(prog.event, _applicant(2))  # waiting list
    other_room = make.room(prog.event, "Sala Žiga")
    outbox.messages(app)  # confirmations delivered

    _move(prog.panel, hours=1)
    _move(prog.opening, room=other_room)
    _move(prog.panel, hours=1)
    jobs.run_pending(app, now=_later(10))
    assert _notices(app, "guest1@example.org") == []  # still within the few minutes

    jobs.run_pending(app, now=_later(app.config["CHANGE_NOTICE_DELAY"] + 5))
    [notice] = _notices(app, "guest1@example.org")
    assert _notices(app, "guest2@example.org") == []
    body = outbox.text(notice)
    assert "Financial instruments: now" in body and "Opening session: now in Sala Žiga" in body
    request = icalendar.Calendar.from_ical(_attachment(notice, "REQUEST"))
    assert str(request["METHOD"]) == "REQUEST"
    panel = next(e for e in request.walk("VEVENT") if str(e["UID"]) == prog.panel.uid)
    assert int(panel["SEQUENCE"]) == 2
    assert panel.decoded("DTSTART").astimezone(UTC) == prog.panel.start_at
    assert str(panel["ATTENDEE"]) == "mailto:guest1@example.org" and "ORGANIZER" in panel

    jobs.run_pending(app, now=_later(3600))  # the earlier edits' jobs: nothing more
    assert len(_notices(app, "guest1@example.org")) == 1


def test_a_moved_session_updates_in_place_in_a_caldav_calendar(app, make, tmp_path):
    prog = programme(start_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=20))
    reg.register(prog.event, _applicant(3, name="Łukasz Øystein"))
    [confirmation] = outbox.to(app, "guest3@example.org")
    [ics] = [a.get_content().encode() for a in confirmation.iter_attachments()]
    original_start = prog.panel.start_at

    with caldav_client.radicale(tmp_path / "caldav") as calendar:
        caldav_client.import_ics(calendar, ics)
        assert {str(e["UID"]) for e in caldav_client.stored_events(calendar)} == {
            prog.opening.uid,
            prog.panel.uid,
        }

        _move(prog.panel, hours=2)
        jobs.run_pending(app, now=_later(app.config["CHANGE_NOTICE_DELAY"] + 5))
        [notice] = _notices(app, "guest3@example.org")
        caldav_client.apply_itip(calendar, _attachment(notice, "REQUEST"))

        stored = caldav_client.stored_events(calendar)
        assert sorted(str(e["UID"]) for e in stored) == sorted(
            [prog.opening.uid, prog.panel.uid]
        )  # no duplicate
        panel = next(e for e in stored if str(e["UID"]) == prog.panel.uid)
        assert panel.decoded("DTSTART").astimezone(UTC) == original_start + timedelta(hours=2)

        _move(prog.opening, status=SessionStatus.CANCELLED)
        jobs.run_pending(app, now=_later(2 * app.config["CHANGE_NOTICE_DELAY"] + 10))
        second = _notices(app, "guest3@example.org")[-1]
        caldav_client.apply_itip(calendar, _attachment(second, "CANCEL"))
        assert [str(e["UID"]) for e in caldav_client.stored_events(calendar)] == [prog.panel.uid]

        event = db.session.get(Event, prog.event.id)
        programme_service.cancel_event(event)
        jobs.run_pending(app, now=_later(3 * app.config["CHANGE_NOTICE_DELAY"] + 10))
        last = _notices(app, "guest3@example.org")[-1]
        assert "is cancelled" in last["Subject"]
        caldav_client.apply_itip(calendar, _attachment(last, "CANCEL"))
        assert caldav_client.stored_events(calendar) == []


def test_a_deleted_session_is_cancelled_by_uid(app, make):
    prog = programme(start_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=20))
    reg.register(prog.event, _applicant(4))
    outbox.messages(app)
    uid = prog.panel.uid
    programme_service.delete_session(prog.panel, None)
    db.session.commit()
    jobs.run_pending(app, now=_later(app.config["CHANGE_NOTICE_DELAY"] + 5))
    [notice] = _notices(app, "guest4@example.org")
    assert "Financial instruments: removed from the programme" in outbox.text(notice)
    cancel = icalendar.Calendar.from_ical(_attachment(notice, "CANCEL"))
    [gone] = list(cancel.walk("VEVENT"))
    assert str(gone["UID"]) == uid and str(gone["STATUS"]) == "CANCELLED"
