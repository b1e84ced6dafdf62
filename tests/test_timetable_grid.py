"""The organiser's timetable grid: the layout of a day and moving sessions on it."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import RoleName, Session, SessionChange
from confsite.services.timetable_grid import slot_grid
from tests.factories import utc


def _world(make):
    # 13 July 2031, Madrid (UTC+2)
    event = make.event(slug="ka4", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 13, 16))
    hall, lab = make.room(event, "Hall"), make.room(event, "Lab")
    first = make.session(
        event, title="Opening", room=hall, start_at=utc(2031, 7, 13, 7, 30), end_at=utc(2031, 7, 13, 8)
    )
    second = make.session(
        event, title="Panel", room=lab, start_at=utc(2031, 7, 13, 8), end_at=utc(2031, 7, 13, 9, 10)
    )
    return event, hall, lab, first, second


def test_a_day_is_laid_out_in_quarter_hours_by_room(app, make):
    event, _hall, _lab, first, second = _world(make)
    grid = slot_grid(event, date(2031, 7, 13), [first, second])
    # 09:30–11:10 local, rounded out to 09:00–12:00: twelve quarter hours
    assert [s.strftime("%H:%M") for s in (grid.slots[0], grid.slots[-1])] == ["09:00", "11:45"]
    blocks = {b.session.title: b for b in grid.blocks}
    assert (blocks["Opening"].row, blocks["Opening"].row_end, blocks["Opening"].column) == (4, 6, 2)
    assert (blocks["Panel"].row, blocks["Panel"].row_end, blocks["Panel"].column) == (6, 11, 3)
    assert grid.columns[-1] is None  # a column for sessions without a room


def _organiser(client, make, auth, event):
    organiser = make.user("org@example.org")
    make.role(organiser, RoleName.ORGANISER, event=event)
    auth.login("org@example.org")
    return client


def test_moving_a_session_saves_it_and_logs_the_change(client, make, auth):
    event, hall, _lab, first, _second = _world(make)
    _organiser(client, make, auth, event)
    page = client.get("/manage/events/ka4/timetable?day=2031-07-13").get_data(as_text=True)
    assert 'class="tt-grid"' in page and "timetable-grid.js" in page
    moved = client.post(
        f"/manage/events/ka4/sessions/{first.id}/move",
        data={"day": "2031-07-13", "start": "12:00", "end": "12:45", "room": str(hall.id)},
    )
    assert moved.status_code == 200 and moved.json["saved"] is True
    db.session.expire_all()
    saved = db.session.get(Session, first.id)
    assert (saved.start_at, saved.end_at) == (utc(2031, 7, 13, 10), utc(2031, 7, 13, 10, 45))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionChange)) >= 1


def test_a_move_into_a_clash_needs_confirmation(client, make, auth):
    event, _hall, lab, first, _second = _world(make)
    _organiser(client, make, auth, event)
    move = {"day": "2031-07-13", "start": "10:15", "end": "10:45", "room": str(lab.id)}
    asked = client.post(f"/manage/events/ka4/sessions/{first.id}/move", data=move)
    assert asked.status_code == 200 and asked.json["saved"] is False
    assert asked.json["clashes"] == ["“Panel” and “Opening” overlap in Lab."]
    db.session.expire_all()
    assert db.session.get(Session, first.id).room_id != lab.id  # nothing saved yet
    confirmed = client.post(f"/manage/events/ka4/sessions/{first.id}/move", data={**move, "confirm": "1"})
    assert confirmed.status_code == 200
    db.session.expire_all()
    assert db.session.get(Session, first.id).room_id == lab.id


def test_bad_moves_are_refused_with_a_reason(client, make, auth):
    event, _hall, _lab, first, _second = _world(make)
    other = make.event(slug="other")
    foreign_room = make.room(other, "Elsewhere")
    _organiser(client, make, auth, event)
    url = f"/manage/events/ka4/sessions/{first.id}/move"
    for data, reason in (
        ({"day": "13/07/2031", "start": "10:00", "end": "11:00"}, "Give the day"),
        ({"day": "2031-07-13", "start": "11:00", "end": "10:00"}, "must end after it starts"),
        (
            {"day": "2031-07-13", "start": "10:00", "end": "11:00", "room": str(foreign_room.id)},
            "this event's rooms",
        ),
    ):
        response = client.post(url, data=data)
        assert response.status_code == 400 and reason in response.json["error"], data
    db.session.expire_all()
    assert db.session.get(Session, first.id).start_at == utc(2031, 7, 13, 7, 30)


def test_organisers_of_other_events_cannot_move_sessions(client, make, auth):
    _event, _hall, _lab, first, _second = _world(make)
    _organiser(client, make, auth, make.event(slug="mine"))
    response = client.post(
        f"/manage/events/ka4/sessions/{first.id}/move",
        data={"day": "2031-07-13", "start": "12:00", "end": "13:00"},
    )
    assert response.status_code == 404
