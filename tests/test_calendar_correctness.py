"""Calendar details found with independent clients: Mozilla's ical.js (Thunderbird)
reading summer-time sessions across years, vobject reading the calendar NAME, the
waiting list in the personal feed, SEQUENCE rules, and the exports' validators."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, timedelta
from pathlib import Path

import vobject
from werkzeug.http import http_date

from confsite.extensions import db
from confsite.models import Event
from confsite.services import events as programme_service
from confsite.services import personal_feed
from confsite.services.changes import record_session_change
from tests.calendar_helpers import parse, programme, register
from tests.factories import utc

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve().parent / "js" / "icaljs_times.mjs"


def read_with_icaljs(raw: bytes, tmp_path: Path) -> dict[str, dict]:
    """Each VEVENT as ical.js understands it (needs `make browser-deps`: never skipped)."""
    node = shutil.which("node")
    assert node, "Node.js is needed for the ical.js test"
    assert (ROOT / "node_modules" / "ical.js").is_dir(), "run `make browser-deps` (npm ci) first"
    path = tmp_path / "feed.ics"
    path.write_bytes(raw)
    result = subprocess.run(
        [node, str(SCRIPT), str(path)], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return {row["uid"]: row for row in rows}


def _summer_programmes(series):
    """Events in July of three years and one in January, all in Madrid time."""
    return [
        programme(series=series, start_at=utc(year, month, 13, 7), title=f"Meeting {year}-{month}")
        for year, month in ((2021, 7), (2022, 1), (2023, 7), (2025, 7))
    ]


def test_icaljs_reads_summer_sessions_at_their_time_in_the_series_feed(app, client, make, tmp_path):
    series = make.series(slug="multi-year")
    progs = _summer_programmes(series)
    raw = client.get("/series/multi-year/calendar.ics").data
    [zone] = parse(raw).ical.walk("VTIMEZONE")
    assert all("RDATE" not in observance for observance in zone.subcomponents)
    read = read_with_icaljs(raw, tmp_path)
    for prog in progs:
        for session in (prog.opening, prog.panel):
            row = read[session.uid]
            assert row["zone"] == "Europe/Madrid"
            assert row["start"] == session.start_at.astimezone(UTC).isoformat().replace("+00:00", ".000Z")


def test_icaljs_reads_the_personal_feed_right_and_sees_the_waiting_list(app, client, make, tmp_path):
    series = make.series()
    progs = _summer_programmes(series)
    user = make.user()
    personal_feed.regenerate_token(user)
    db.session.commit()
    for prog in progs[:-1]:
        register(user, prog.event)
    progs[-1].event.online_url = "https://meet.example.org/only-for-confirmed"
    db.session.commit()
    register(user, progs[-1].event, status="waitlisted")
    raw = client.get(f"/calendar/{user.calendar_token}.ics").data
    read = read_with_icaljs(raw, tmp_path)
    for prog in progs:
        row = read[prog.panel.uid]
        assert row["start"] == prog.panel.start_at.astimezone(UTC).isoformat().replace("+00:00", ".000Z")
    waiting = read[progs[-1].panel.uid]
    assert waiting["status"] == "TENTATIVE" and waiting["summary"].startswith("Waiting list: ")
    assert read[progs[0].panel.uid]["status"] == "CONFIRMED"
    assert progs[-1].event.online_url.encode() not in raw  # no join link for the waiting list


def test_calendar_name_with_a_comma_is_escaped(app, client, make):
    event = make.event(title="Health, wealth and regions")
    raw = client.get(f"/events/{event.slug}/calendar.ics").data
    assert b"NAME:Health\\, wealth and regions" in raw
    calendar = vobject.readOne(raw.decode())
    assert calendar.contents["name"][0].value.startswith("Health, wealth and regions")


def test_moving_an_event_without_sessions_raises_its_sequence(app, client, make):
    event = make.event()
    first = parse(client.get(f"/events/{event.slug}/calendar.ics").data).vevents[0]
    assert int(first["SEQUENCE"]) == 0
    event.start_at += timedelta(days=1)
    event.end_at += timedelta(days=1)
    db.session.commit()
    moved = parse(client.get(f"/events/{event.slug}/calendar.ics").data).vevents[0]
    assert str(moved["UID"]) == str(first["UID"])
    assert int(moved["SEQUENCE"]) == 1
    event.description = "Only words changed."
    db.session.commit()
    again = parse(client.get(f"/events/{event.slug}/calendar.ics").data).vevents[0]
    assert int(again["SEQUENCE"]) == 1


def test_a_new_session_starts_at_sequence_zero(app, client, make):
    event = make.event()
    data = programme_service.SessionInput(
        title="Fresh session",
        kind="talks",
        status="scheduled",
        start_at=event.start_at,
        end_at=event.start_at + timedelta(hours=1),
        room=None,
    )
    session = programme_service.create_session(event, data, None)
    vevent = parse(client.get(f"/events/{event.slug}/calendar.ics").data).by_uid(session.uid)
    assert int(vevent["SEQUENCE"]) == 0
    before = {"time": "x", "room": "", "title": session.title, "speakers": "", "status": "scheduled"}
    record_session_change(session, before)
    db.session.commit()
    vevent = parse(client.get(f"/events/{event.slug}/calendar.ics").data).by_uid(session.uid)
    assert int(vevent["SEQUENCE"]) == 1


def test_exports_carry_validators_and_answer_304(app, client):
    prog = programme()
    for identifier in ("ical", "schedule-xml", "schedule-json"):
        url = f"/events/{prog.event.slug}/export/{identifier}"
        first = client.get(url)
        assert first.status_code == 200
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        assert modified == http_date(db.session.get(Event, prog.event.id).content_changed_at)
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b""
        assert again.headers["ETag"] == etag and again.headers["Last-Modified"] == modified
        since = client.get(url, headers={"If-Modified-Since": modified})
        assert since.status_code == 304


def test_feed_304_keeps_last_modified(app, client):
    prog = programme()
    url = f"/events/{prog.event.slug}/calendar.ics"
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Last-Modified"] == first.headers["Last-Modified"]
