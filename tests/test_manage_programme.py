"""Organisers build an event by hand in the workspace: series, event, rooms, people,
sessions, talks, lifecycle, timetable conflicts and the change log."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from confsite import hookimpl
from confsite.extensions import db
from confsite.lifecycle import EventPublished
from confsite.models import Event, Organisation, Person, Room, Series, Session, SessionChange, Talk
from confsite.services.changes import touch_event
from tests.factories import utc
from tests.manage_helpers import session_form


class Recorder:
    """A plugin that writes down the lifecycle events it hears."""

    def __init__(self) -> None:
        self.heard: list[object] = []

    @hookimpl
    def lifecycle_event(self, happening):
        self.heard.append(happening)


@pytest.fixture
def admin(make, auth):
    user = make.user("admin@example.org", admin=True, display_name="Ada Admin")
    auth.login("admin@example.org")
    return user


def _event_form(**overrides):
    data = {
        "title": "Innovation Flow in the Healthcare",
        "slug": "ka4-conference",
        "series": "0",
        "kind": "conference",
        "format": "online",
        "timezone": "Europe/Madrid",
        "start": "2031-07-13T09:00",
        "end": "2031-07-14T14:00",
        "venue": "",
        "online_url": "",
        "host": "0",
        "description": "Key Area 4 conference.",
        "capacity": "",
        "registration_opens": "",
        "registration_closes": "",
    }
    data.update(overrides)
    return data


def test_build_an_event_by_hand(client, admin):
    # A series, then a draft event in it.
    response = client.post("/manage/series/new", data={"title": "Regions4PerMed", "slug": "regions4permed"})
    assert response.status_code == 302
    series = db.session.scalar(sa.select(Series))
    response = client.post("/manage/events/new", data=_event_form(series=str(series.id)))
    assert response.status_code == 302, response.get_data(as_text=True)
    event = db.session.scalar(sa.select(Event).where(Event.slug == "ka4-conference"))
    assert event.status.value == "draft" and event.series_id == series.id
    assert (
        event.local(event.start_at).hour == 9 and event.start_at.hour == 7
    )  # Madrid summer time, stored UTC

    # A room, an organisation and two people.
    assert client.post("/manage/events/ka4-conference/rooms", data={"name": "Stream"}).status_code == 302
    client.post(
        "/manage/organisations/new",
        data={"name": "ELIXIR Hub", "country": "GB", "region": "", "sector": "academia"},
    )
    org = db.session.scalar(sa.select(Organisation))
    client.post(
        "/manage/people/new",
        data={
            "name": "Gary Saunders",
            "organisation": str(org.id),
            "country": "GB",
            "position": "",
            "email": "",
            "photo_url": "",
            "bio": "",
        },
    )
    client.post(
        "/manage/people/new",
        data={
            "name": "José María Romero",
            "organisation": "0",
            "country": "ES",
            "position": "",
            "email": "",
            "photo_url": "",
            "bio": "",
        },
    )
    room = db.session.scalar(sa.select(Room))

    # A session with a chair, then two talks, then reorder them.
    response = client.post(
        "/manage/events/ka4-conference/sessions/new",
        data=session_form(room=str(room.id), chairs="josé maría romero"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    session = db.session.scalar(sa.select(Session))
    assert [p.name for p in session.chairs] == ["José María Romero"]
    assert session.room_id == room.id and session.event.local(session.start_at).strftime("%H:%M") == "10:00"
    base = f"/manage/events/ka4-conference/sessions/{session.id}"
    client.post(
        f"{base}/talks/new",
        data={"title": "Research infrastructures", "speakers": "Gary Saunders", "summary": ""},
    )
    client.post(f"{base}/talks/new", data={"title": "Living labs", "speakers": "", "summary": ""})
    db.session.expire_all()
    first, second = db.session.scalars(sa.select(Talk).order_by(Talk.position)).all()
    assert first.speakers[0].name == "Gary Saunders"
    client.post(f"{base}/talks/{second.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [t.title for t in db.session.get(Session, session.id).talks] == [
        "Living labs",
        "Research infrastructures",
    ]

    # The draft is hidden from the public, previewable by the organiser.
    page = client.get("/events/ka4-conference/")
    assert page.status_code == 200 and "Draft" in page.get_data(as_text=True)
    assert "Living labs" in page.get_data(as_text=True)


def test_publish_and_cancel_lifecycle(make_app, make, tmp_path):
    recorder = Recorder()
    app = make_app(extra_plugins=[("recorder", recorder)])
    with app.app_context():
        make.user("admin@example.org", admin=True)
        event = make.event(slug="lifecycle", status="draft")
        client = app.test_client()
        client.post("/login", data={"email": "admin@example.org", "password": make.PASSWORD})
        assert client.get("/manage/events/lifecycle/").status_code == 200
        assert client.post("/manage/events/lifecycle/publish").status_code == 302
        db.session.expire_all()
        assert db.session.get(Event, event.id).status.value == "published"
        assert [type(h) for h in recorder.heard] == [EventPublished]
        assert app.test_client().get("/events/lifecycle/").status_code == 200  # public now
        # Publishing twice is refused with a message, not a crash.
        response = client.post("/manage/events/lifecycle/publish", follow_redirects=True)
        assert "Only a draft can be published" in response.get_data(as_text=True)
        # Cancelling asks first, then keeps the page up with a notice.
        assert "Cancel the event" in client.get("/manage/events/lifecycle/cancel").get_data(as_text=True)
        client.post("/manage/events/lifecycle/cancel")
        db.session.expire_all()
        assert db.session.get(Event, event.id).status.value == "cancelled"
        assert "has been cancelled" in app.test_client().get("/events/lifecycle/").get_data(as_text=True)


def test_event_form_rejects_bad_input(client, admin, make):
    make.event(slug="taken")
    response = client.post(
        "/manage/events/new", data=_event_form(slug="taken", timezone="Mars/Olympus", end="2031-07-12T09:00")
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Another event already uses this name" in body
    assert "Unknown time zone" in body
    response = client.post("/manage/events/new", data=_event_form(slug="Bad Slug!", end="2031-07-12T09:00"))
    body = response.get_data(as_text=True)
    assert "lower-case letters" in body and "must end after it starts" in body
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1


def test_session_form_rejects_bad_input(client, admin, make):
    make.event(slug="ev", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 14, 12))
    make.person(name="Twin")
    make.person(name="Twin")
    response = client.post(
        "/manage/events/ev/sessions/new",
        data=session_form(start="12:00", end="11:00", chairs="Nobody Known; Twin"),
    )
    body = response.get_data(as_text=True)
    assert "must end after it starts" in body
    assert "Nobody called &#39;Nobody Known&#39;" in body
    assert "Several people are called &#39;Twin&#39;" in body
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 0
    assert (
        client.post("/manage/events/ev/sessions/new", data=session_form(day="13/07/2031")).status_code == 200
    )


def test_timetable_shows_conflicts(client, admin, make):
    event = make.event(slug="ev", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 13, 16))
    room = make.room(event, "Hall")
    speaker = make.person(name="Cristina Bescos")
    a = make.session(
        event, title="Panel A", room=room, start_at=utc(2031, 7, 13, 8), end_at=utc(2031, 7, 13, 9)
    )
    b = make.session(
        event, title="Panel B", room=room, start_at=utc(2031, 7, 13, 8, 30), end_at=utc(2031, 7, 13, 10)
    )
    c = make.session(event, title="Panel C", start_at=utc(2031, 7, 13, 8, 45), end_at=utc(2031, 7, 13, 9, 15))
    make.session(event, title="Late night", start_at=utc(2031, 7, 13, 20), end_at=utc(2031, 7, 13, 21))
    make.talk(a, [speaker])
    c.chairs = [speaker]
    db.session.commit()
    body = client.get("/manage/events/ev/timetable?day=2031-07-13").get_data(as_text=True)
    assert "“Panel A” and “Panel B” overlap in Hall." in body
    assert "Cristina Bescos is in “Panel A” and “Panel C” at the same time." in body
    assert "“Late night” is outside the event" in body
    # Moving Panel B later and Late night into the day clears those two.
    client.post(
        f"/manage/events/ev/sessions/{b.id}/edit",
        data=session_form(title="Panel B", day="2031-07-13", start="11:00", end="12:00", room=str(room.id)),
    )
    late = db.session.scalar(sa.select(Session).where(Session.title == "Late night"))
    client.post(
        f"/manage/events/ev/sessions/{late.id}/edit",
        data=session_form(title="Late night", day="2031-07-13", start="16:00", end="17:00"),
    )
    body = client.get("/manage/events/ev/timetable?day=2031-07-13").get_data(as_text=True)
    assert "overlap in Hall" not in body and "outside the event" not in body
    assert "at the same time" in body
    assert client.get("/manage/events/ev/timetable?day=not-a-day").status_code == 400


def test_changes_to_published_sessions_are_logged_with_sequence(client, admin, make):
    event = make.event(slug="ev", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 14, 12))
    room = make.room(event, "Hall")
    session = make.session(event, title="Opening", start_at=utc(2031, 7, 13, 8), end_at=utc(2031, 7, 13, 9))
    speaker = make.person(name="Ana Lucía Jaramillo")
    assert session.sequence == 0
    client.post(
        f"/manage/events/ev/sessions/{session.id}/edit",
        data=session_form(
            title="Opening session", day="2031-07-13", start="10:30", end="11:00", room=str(room.id)
        ),
    )
    client.post(
        f"/manage/events/ev/sessions/{session.id}/talks/new",
        data={"title": "Welcome", "speakers": "Ana Lucía Jaramillo", "summary": ""},
    )
    client.post(
        f"/manage/events/ev/sessions/{session.id}/edit",
        data=session_form(
            title="Opening session",
            status="cancelled",
            day="2031-07-13",
            start="10:30",
            end="11:00",
            room=str(room.id),
        ),
    )
    db.session.expire_all()
    assert db.session.get(Session, session.id).sequence == 2  # one bump per saved change set
    fields = sorted(db.session.scalars(sa.select(SessionChange.field)))
    assert fields == ["room", "speakers", "status", "time", "title"]
    log = client.get("/manage/events/ev/changes").get_data(as_text=True)
    assert "Ada Admin" in log and "Opening session" in log and speaker.name in log
    # Reordering talks changes the speaking order, which is logged.
    make.person(name="Evdokimos Konstantinidis")
    client.post(
        f"/manage/events/ev/sessions/{session.id}/talks/new",
        data={"title": "Second", "speakers": "Evdokimos Konstantinidis", "summary": ""},
    )
    second = db.session.scalar(sa.select(Talk).where(Talk.title == "Second"))
    count = db.session.scalar(sa.select(sa.func.count()).select_from(SessionChange))
    client.post(f"/manage/events/ev/sessions/{session.id}/talks/{second.id}/move", data={"direction": "up"})
    assert (
        client.post(
            f"/manage/events/ev/sessions/{session.id}/talks/{second.id}/move", data={"direction": "sideways"}
        ).status_code
        == 400
    )
    response = client.post(
        f"/manage/events/ev/sessions/{session.id}/talks/{second.id}/move",
        data={"direction": "up"},
        follow_redirects=True,
    )
    assert "cannot move further" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [t.title for t in db.session.get(Session, session.id).talks] == ["Second", "Welcome"]
    newest = db.session.scalars(sa.select(SessionChange).order_by(SessionChange.id.desc())).first()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionChange)) == count + 1
    assert (newest.field, newest.after) == ("speakers", "Evdokimos Konstantinidis; Ana Lucía Jaramillo")
    # Deleting a session is logged too; the log keeps its title.
    client.post(f"/manage/events/ev/sessions/{session.id}/delete")
    log = client.get("/manage/events/ev/changes").get_data(as_text=True)
    assert "deleted" in log and "Opening session" in log


def test_draft_changes_move_the_validator_but_are_not_logged(client, admin, make):
    event = make.event(slug="ev", status="draft", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 14, 12))
    before = event.content_changed_at
    client.post("/manage/events/ev/sessions/new", data=session_form())
    db.session.expire_all()
    assert db.session.get(Event, event.id).content_changed_at > before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionChange)) == 0


def test_rooms_rename_and_delete_keep_sessions(client, admin, make):
    event = make.event(slug="ev")
    room = make.room(event, "Hall")
    make.room(event, "Annex")
    session = make.session(event, room=room)
    assert "already has a room" in client.post("/manage/events/ev/rooms", data={"name": "hall"}).get_data(
        as_text=True
    )
    client.post(f"/manage/events/ev/rooms/{room.id}/edit", data={"name": "Main hall"})
    assert "Delete room" in client.get(f"/manage/events/ev/rooms/{room.id}/delete").get_data(as_text=True)
    client.post(f"/manage/events/ev/rooms/{room.id}/delete")
    db.session.expire_all()
    assert db.session.get(Session, session.id).room_id is None
    assert [r.name for r in db.session.get(Event, event.id).rooms] == ["Annex"]


def test_people_and_organisations_edit_and_delete(client, admin, make):
    event = make.event(slug="ev")
    org = make.organisation(name="Galaria")
    busy = make.person(name="Alicia Piñeiro", organisation=org)
    free = make.person(name="Spare Person")
    make.talk(make.session(event), [busy])
    client.post(
        f"/manage/people/{busy.id}/edit",
        data={
            "name": "Alicia Piñeiro Redondo",
            "organisation": str(org.id),
            "country": "ES",
            "position": "",
            "email": "",
            "photo_url": "",
            "bio": "",
        },
    )
    response = client.post(f"/manage/people/{busy.id}/delete", follow_redirects=True)
    assert "still speaks or chairs" in response.get_data(as_text=True)
    client.post(f"/manage/people/{free.id}/delete")
    db.session.expire_all()
    assert db.session.get(Person, busy.id).name == "Alicia Piñeiro Redondo"
    assert db.session.get(Person, free.id) is None
    assert "already exists" in client.post(
        "/manage/organisations/new", data={"name": "galaria", "country": "", "region": "", "sector": "other"}
    ).get_data(as_text=True)
    client.post(f"/manage/organisations/{org.id}/delete")
    db.session.expire_all()
    assert db.session.get(Person, busy.id).organisation_id is None


def test_series_and_event_delete_ask_first(client, admin, make):
    series = make.series(slug="s")
    event = make.event(slug="ev", series=series)
    make.session(event)
    assert "Delete the event" in client.get("/manage/events/ev/delete").get_data(as_text=True)
    assert db.session.get(Event, event.id) is not None
    client.post("/manage/events/ev/delete")
    client.post("/manage/series/s/delete")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Series)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 0


def test_timetable_query_count_is_bounded(client, admin, make):
    from confsite.testing import count_queries as counting

    ev = make.event(slug="ev", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 13, 16))

    def count_queries() -> int:
        with counting(forget_event_memory=True) as statements:
            assert client.get("/manage/events/ev/timetable").status_code == 200
        return len(statements)

    def added(sessions: int, first_hour: int) -> None:
        for i in range(sessions):
            s = make.session(
                ev, start_at=utc(2031, 7, 13, first_hour + i), end_at=utc(2031, 7, 13, first_hour + 1 + i)
            )
            make.talk(s, [make.person(), make.person()])
        touch_event(ev)  # what the programme services do: the kept day is not shown again
        db.session.commit()

    added(2, 8)
    few = count_queries()
    kept = count_queries()  # the day's HTML from the render cache: no programme queries
    assert kept < few
    added(6, 10)
    assert count_queries() == few
    assert count_queries() == kept


def test_event_organiser_edits_details_and_series_organiser_creates_events(client, make, auth):
    from confsite.models import RoleName

    mine, other = make.series(slug="mine"), make.series(slug="other")
    standalone = make.event(slug="standalone", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 14, 12))
    user = make.user("officer@example.org")
    make.role(user, RoleName.ORGANISER, event=standalone)
    make.role(user, RoleName.ORGANISER, series=mine)
    auth.login("officer@example.org")
    response = client.post(
        "/manage/events/standalone/edit",
        data=_event_form(
            slug="standalone",
            title="Renamed",
            start="2031-07-13T09:00",
            end="2031-07-14T14:00",
            capacity="25",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, standalone.id).title == "Renamed"
    assert db.session.get(Event, standalone.id).capacity == 25
    # New events go into a series they organise, never another one.
    body = client.post("/manage/events/new", data=_event_form(series=str(other.id))).get_data(as_text=True)
    assert "Not a valid choice" in body
    assert client.post("/manage/events/new", data=_event_form(series=str(mine.id))).status_code == 302
    assert db.session.scalar(sa.select(Event).where(Event.slug == "ka4-conference")).series_id == mine.id


def test_a_talk_can_bring_a_new_speaker(client, admin, make):
    event = make.event(slug="ev")
    org = make.organisation(name="ENoLL")
    session = make.session(event)
    make.person(name="Gary Saunders")
    base = f"/manage/events/ev/sessions/{session.id}/talks/new"
    response = client.post(
        base,
        data={
            "title": "Living labs",
            "speakers": "Gary Saunders",
            "new_speaker": "gary saunders",
            "new_speaker_organisation": "0",
            "new_speaker_country": "",
        },
    )
    assert "already on the People list" in response.get_data(as_text=True)
    client.post(
        base,
        data={
            "title": "Living labs",
            "speakers": "Gary Saunders",
            "new_speaker": "Evdokimos Konstantinidis",
            "new_speaker_organisation": str(org.id),
            "new_speaker_country": "GR",
        },
    )
    talk = db.session.scalar(sa.select(Talk))
    assert [p.name for p in talk.speakers] == ["Gary Saunders", "Evdokimos Konstantinidis"]
    assert (talk.speakers[1].organisation_id, talk.speakers[1].country) == (org.id, "GR")


def test_a_clash_is_saved_only_after_confirmation(client, admin, make):
    event = make.event(slug="ev", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 13, 16))
    room = make.room(event, "Hall")
    chair = make.person(name="Žiga Novak")
    existing = make.session(
        event, title="Panel A", room=room, start_at=utc(2031, 7, 13, 8), end_at=utc(2031, 7, 13, 9)
    )
    existing.chairs = [chair]
    db.session.commit()
    clashing = session_form(
        title="Panel B", start="10:30", end="11:30", room=str(room.id), chairs="Žiga Novak"
    )

    asked = client.post("/manage/events/ev/sessions/new", data=clashing)
    body = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "“Panel A” and “Panel B” overlap in Hall." in body
    assert "Žiga Novak is in" in body and "Save despite these clashes" in body
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 1

    saved = client.post("/manage/events/ev/sessions/new", data={**clashing, "accept_clashes": "y"})
    assert saved.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 2
    # editing without a clash asks nothing; the question is absent from a fresh form
    assert "Save despite these clashes" not in client.get("/manage/events/ev/sessions/new").get_data(
        as_text=True
    )
    moved = client.post(
        f"/manage/events/ev/sessions/{existing.id}/edit",
        data=session_form(
            title="Panel A", start="13:00", end="14:00", room=str(room.id), chairs="Žiga Novak"
        ),
    )
    assert moved.status_code == 302
