"""Talks with their own start time: set in the talk form, shown in the agenda, carried
by spreadsheet imports, event files and copies."""

from __future__ import annotations

import json

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import RoleName, Talk
from confsite.services import agenda_import, event_io
from tests.factories import utc


def _world(client, make, auth):
    # 13 July 2031, 09:00–18:00 Madrid (UTC+2); the session runs 10:00–11:30
    event = make.event(slug="ka4", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 13, 16))
    session = make.session(event, title="Panel", start_at=utc(2031, 7, 13, 8), end_at=utc(2031, 7, 13, 9, 30))
    organiser = make.user("org@example.org")
    make.role(organiser, RoleName.ORGANISER, event=event)
    auth.login("org@example.org")
    return event, session


def test_a_talk_gets_its_own_time_within_its_session(client, make, auth):
    _event, session = _world(client, make, auth)
    url = f"/manage/events/ka4/sessions/{session.id}/talks/new"
    outside = client.post(url, data={"title": "Too late", "start": "12:00"})
    assert outside.status_code == 200 and "within its session" in outside.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Talk)) == 0
    assert client.post(url, data={"title": "Regions compare", "start": "10:20"}).status_code == 302
    talk = db.session.scalar(sa.select(Talk))
    assert talk.start_at == utc(2031, 7, 13, 8, 20)
    agenda = client.get("/events/ka4/").get_data(as_text=True)
    assert '<time class="talk-time" datetime="2031-07-13T08:20:00+00:00">10:20</time>' in agenda
    edit = client.get(f"/manage/events/ka4/sessions/{session.id}/talks/{talk.id}/edit").get_data(as_text=True)
    assert 'value="10:20"' in edit
    assert (
        client.post(
            f"/manage/events/ka4/sessions/{session.id}/talks/{talk.id}/edit", data={"title": "Untimed"}
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(Talk, talk.id).start_at is None


def test_spreadsheet_rows_give_talks_their_times_and_files_keep_them(client, make, auth):
    event, _session = _world(client, make, auth)
    header = "Day,Start,End,Session,Room,Talk title,Speakers\r\n"
    rows = "2031-07-13,12:00,12:20,Lightning,,First,\r\n2031-07-13,12:20,12:40,Lightning,,Second,\r\n"
    preview = agenda_import.read_agenda(event, "a.csv", (header + rows).encode())
    agenda_import.apply_agenda(event, preview, None)
    titles = dict(db.session.execute(sa.select(Talk.title, Talk.start_at)).all())
    assert titles["Second"] == utc(2031, 7, 13, 10, 20)
    document = event_io.export_event(event)
    lightning = next(s for s in document["sessions"] if s["title"] == "Lightning")
    assert [t.get("start") for t in lightning["talks"]] == [
        "2031-07-13T12:00:00+02:00",
        "2031-07-13T12:20:00+02:00",
    ]
    panel = next(s for s in document["sessions"] if s["title"] == "Panel")
    assert all("start" not in t for t in panel["talks"])  # untimed talks write no field
    bad = json.loads(json.dumps(document))
    bad["event"]["slug"] = "ka4-bad"
    lightning_bad = next(s for s in bad["sessions"] if s["title"] == "Lightning")
    lightning_bad["talks"][0]["start"] = "2031-07-13T15:00:00+02:00"
    assert any("must start within its session" in p for p in event_io.check_document(bad))
