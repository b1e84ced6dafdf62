"""Copies of events: duplicating one to a new first day, and importing an event file
as a new event beside the one it was exported from."""

from __future__ import annotations

import io
import json
from datetime import date

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, Person, Registration, RoleName
from confsite.services import event_io
from confsite.services.event_copy import duplicate_event
from tests.factories import utc


def _event_with_programme(make):
    series = make.series(slug="r4pm")
    event = make.event(
        slug="ka4",
        title="Key Area 4 Conference",
        series=series,
        timezone="Europe/Madrid",
        # 13 July 2031, 09:00 Madrid (summer time, UTC+2)
        start_at=utc(2031, 7, 13, 7),
        end_at=utc(2031, 7, 14, 12),
        capacity=65,
        status="published",
    )
    room = make.room(event, "Plenary room")
    chair = make.person(name="Ángel Alonso Sánchez")  # no e-mail: matched by identity, not address
    speaker = make.person(name="Łukasz Kowalski")
    session = make.session(
        event,
        title="Opening",
        room=room,
        start_at=utc(2031, 7, 13, 7, 30),
        end_at=utc(2031, 7, 13, 8),
        sequence=4,
    )
    session.chairs = [chair]
    make.talk(session, [speaker], title="Welcome")
    make.registration(event)
    return event, chair, speaker


def _organiser_of(make, auth, series):
    organiser = make.user("org@example.org")
    make.role(organiser, RoleName.ORGANISER, series=series)
    auth.login("org@example.org")


def test_an_organiser_duplicates_an_event_to_a_new_first_day(client, make, auth):
    event, chair, speaker = _event_with_programme(make)
    _organiser_of(make, auth, event.series)
    form = client.get("/manage/events/ka4/duplicate").get_data(as_text=True)
    assert 'value="ka4-2"' in form  # a free web address name is suggested

    response = client.post(
        "/manage/events/ka4/duplicate",
        data={"title": "Key Area 4 Conference 2032", "slug": "ka4-2032", "first_day": "2032-01-20"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/events/ka4-2032/")
    original = db.session.scalar(sa.select(Event).where(Event.slug == "ka4"))
    copy = db.session.scalar(sa.select(Event).where(Event.slug == "ka4-2032"))
    assert copy.status.value == "draft" and copy.capacity == 65 and copy.confirmed_count == 0
    assert copy.series_id == original.series_id
    # 09:00 Madrid in summer (07:00 UTC) stays 09:00 Madrid in winter (08:00 UTC)
    assert copy.start_at == utc(2032, 1, 20, 8)
    (session,) = copy.sessions
    assert session.start_at == utc(2032, 1, 20, 8, 30) and session.sequence == 0
    assert session.uid != original.sessions[0].uid
    assert session.talks[0].uid != original.sessions[0].talks[0].uid
    # the same people, not namesakes
    assert [p.id for p in session.chairs] == [chair.id]
    assert [p.id for p in session.talks[0].speakers] == [speaker.id]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).where(Registration.event_id == copy.id)) == 0
    # the original is untouched
    assert original.status.value == "published" and original.sessions[0].sequence == 4


def test_duplicating_refuses_a_taken_name_and_writes_nothing(client, make, auth):
    event, _chair, _speaker = _event_with_programme(make)
    _organiser_of(make, auth, event.series)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Event))
    response = client.post(
        "/manage/events/ka4/duplicate", data={"title": "Again", "slug": "ka4", "first_day": "2032-01-20"}
    )
    assert response.status_code == 200 and "already exists" in response.get_data(as_text=True)
    response = client.post(
        "/manage/events/ka4/duplicate",
        data={"title": "Again", "slug": "Not A Slug", "first_day": "2032-01-20"},
    )
    assert response.status_code == 200 and "lower-case" in response.get_data(as_text=True)
    response = client.post(
        "/manage/events/ka4/duplicate", data={"title": "Again", "slug": "far", "first_day": "9999-01-01"}
    )
    assert response.status_code == 200 and "between the years" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == before


def test_only_series_organisers_may_duplicate(client, make, auth):
    event, _chair, _speaker = _event_with_programme(make)
    helper = make.user("helper@example.org")
    make.role(helper, RoleName.ORGANISER, event=event)  # organises this event, not the series
    auth.login("helper@example.org")
    response = client.post(
        "/manage/events/ka4/duplicate", data={"title": "Mine", "slug": "mine", "first_day": "2032-01-20"}
    )
    assert response.status_code == 403
    assert db.session.scalar(sa.select(Event).where(Event.slug == "mine")) is None


def test_an_exported_file_imports_as_a_copy_on_the_same_site(client, make, auth):
    event, _chair, _speaker = _event_with_programme(make)
    make.user("admin@example.org", admin=True)
    auth.login("admin@example.org")
    exported = client.get("/manage/events/ka4/export.json").data

    def upload(**fields):
        return client.post(
            "/manage/import-event",
            data={"file": (io.BytesIO(exported), "ka4.json"), **fields},
            content_type="multipart/form-data",
        )

    refused = upload().get_data(as_text=True)
    assert "Nothing was imported" in refused and "already used on this site" in refused
    response = upload(as_copy="y", new_slug="ka4-copy")
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/events/ka4-copy/")
    copy = db.session.scalar(sa.select(Event).where(Event.slug == "ka4-copy"))
    assert copy.start_at == event.start_at and copy.status.value == "draft"
    assert copy.sessions[0].uid != event.sessions[0].uid
    bad = client.post(
        "/manage/import-event",
        data={"file": (io.BytesIO(json.dumps({"event": 1}).encode()), "x.json"), "as_copy": "y"},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 200 and "Nothing was imported" in bad.get_data(as_text=True)


def test_duplicate_service_keeps_local_times_across_daylight_saving(app, make):
    event, _chair, _speaker = _event_with_programme(make)
    copy = duplicate_event(event, slug="winter", title="Winter edition", first_day=date(2031, 12, 1))
    assert event.local(copy.sessions[0].start_at).strftime("%H:%M") == "09:30"


def test_the_command_line_imports_a_file_as_a_copy(app, make, tmp_path):
    event, _chair, _speaker = _event_with_programme(make)
    path = tmp_path / "ka4.json"
    path.write_text(event_io.dumps(event_io.export_event(event)), encoding="utf-8")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["import-event", str(path)])
    assert refused.exit_code == 1 and "already used on this site" in refused.output
    assert runner.invoke(args=["import-event", "--slug", "x", str(path)]).exit_code == 2
    result = runner.invoke(args=["import-event", "--as-copy", "--slug", "ka4-again", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported ka4-again (1 sessions)." in result.output
