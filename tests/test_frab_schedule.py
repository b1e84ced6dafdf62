"""frab schedule.xml / schedule.json: validated against c3voc's XSD and JSON Schema when
the reference files are around (``<repo>/../shared/reference/frab-schedule``, always in
CI; they are EUPL data files and are not copied into the project), and checked for the
structure conference apps read in any case."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
import sqlalchemy as sa
from lxml import etree

from confsite.demo import load_demo
from confsite.extensions import db
from confsite.models import Event, EventStatus, SessionStatus
from confsite.services.changes import record_session_change, session_snapshot
from tests.calendar_helpers import parse, programme
from tests.factories import utc

REPO = Path(__file__).resolve().parents[1]


def reference_dir() -> Path | None:
    """The reference folder next to the checkout (or next to the worktrees' folder)."""
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "reference" / "frab-schedule"
        if (candidate / "schedule.xml.xsd").is_file() and (candidate / "schema.json").is_file():
            return candidate
    return None


REFERENCE = reference_dir()


def fetch_xml(client, slug: str) -> etree._Element:
    response = client.get(f"/events/{slug}/schedule.xml")
    assert response.status_code == 200
    document = etree.fromstring(response.data)
    if REFERENCE is not None:
        schema = etree.XMLSchema(etree.parse(str(REFERENCE / "schedule.xml.xsd")))
        assert schema.validate(document), schema.error_log
    return document


def fetch_json(client, slug: str) -> dict:
    response = client.get(f"/events/{slug}/schedule.json")
    assert response.status_code == 200
    data = json.loads(response.data)
    if REFERENCE is not None:
        schema = json.loads((REFERENCE / "schema.json").read_text())
        jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    return data


def test_xml_schedule_of_the_reference_conference(app, client):
    prog = programme()
    root = fetch_xml(client, prog.event.slug)
    assert root.tag == "schedule"
    assert root.findtext("conference/title") == prog.event.title
    assert root.findtext("conference/time_zone_name") == "Europe/Madrid"
    assert root.findtext("conference/days") == "2"
    days = root.findall("day")
    assert [d.get("date") for d in days] == ["2021-07-13", "2021-07-14"]
    assert days[0].get("start") == "2021-07-13T00:00:00+02:00"
    events = root.findall("day/room/event")
    assert {e.get("guid") for e in events} == {prog.opening.uid, prog.panel.uid}
    [opening] = [e for e in events if e.get("guid") == prog.opening.uid]
    assert opening.findtext("room") == "Auditorium"
    assert opening.findtext("start") == "09:00"
    assert opening.findtext("date") == "2021-07-13T09:00:00+02:00"
    assert opening.findtext("duration") == "01:00"
    assert [p.text for p in opening.findall("persons/person")] == [
        "José María Romero",
        "Gary Saunders",
        "Andrea Damiani",
    ]
    assert "Infrastructure for research" in opening.findtext("description")
    [panel] = [e for e in events if e.get("guid") == prog.panel.uid]
    assert panel.findtext("room") == "Online"  # no room, online event
    assert prog.event.online_url not in etree.tostring(root, encoding="unicode")


def test_json_schedule_of_the_reference_conference(app, client):
    prog = programme()
    data = fetch_json(client, prog.event.slug)
    conference = data["schedule"]["conference"]
    assert conference["title"] == prog.event.title
    assert conference["daysCount"] == 2
    assert {r["name"] for r in conference["rooms"]} == {"Auditorium", "Online"}
    day = conference["days"][0]
    [opening] = day["rooms"]["Auditorium"]
    assert opening["guid"] == prog.opening.uid
    assert opening["date"] == "2021-07-13T09:00:00+02:00"
    assert [p["name"] for p in opening["persons"]] == ["José María Romero", "Gary Saunders", "Andrea Damiani"]
    assert opening["url"].endswith(f"/events/{prog.event.slug}/sessions/{prog.opening.id}")
    assert conference["days"][1]["rooms"] == {}


def test_guids_survive_edits_and_cancelled_sessions_leave_the_schedule(app, client):
    prog = programme()
    fetch_json(client, prog.event.slug)
    snapshot = session_snapshot(prog.opening)
    prog.opening.start_at += timedelta(hours=2)
    prog.opening.end_at += timedelta(hours=2)
    record_session_change(prog.opening, snapshot)
    snapshot = session_snapshot(prog.panel)
    prog.panel.status = SessionStatus.CANCELLED
    record_session_change(prog.panel, snapshot)
    db.session.commit()

    data = fetch_json(client, prog.event.slug)
    [opening] = data["schedule"]["conference"]["days"][0]["rooms"]["Auditorium"]
    assert opening["guid"] == prog.opening.uid and opening["start"] == "11:00"
    guids = {e.get("guid") for e in fetch_xml(client, prog.event.slug).findall("day/room/event")}
    assert guids == {prog.opening.uid}


def test_dst_and_unusual_zones_and_names(app, client, make):
    event = make.event(
        slug="ws",
        title="Taller «Ñ» \x07 😀",
        start_at=utc(2021, 10, 30, 7),
        end_at=utc(2021, 11, 1, 12),
        timezone="America/Argentina/Buenos_Aires",
        format="in_person",
        venue="Centro, sala 1",
    )
    make.session(event, title="😀😀", start_at=utc(2021, 10, 31, 13), end_at=utc(2021, 11, 1, 1))
    make.session(event, title="Long " * 59, start_at=utc(2021, 10, 30, 12))
    root = fetch_xml(client, "ws")
    assert root.findtext("conference/acronym") == "ws__"
    slugs = [e.findtext("slug") for e in root.findall("day/room/event")]
    assert len(set(slugs)) == 2
    assert any(s.endswith("-session") for s in slugs)
    assert {e.findtext("room") for e in root.findall("day/room/event")} == {"Centro, sala 1"}
    data = fetch_json(client, "ws")
    durations = sorted(
        e["duration"]
        for d in data["schedule"]["conference"]["days"]
        for items in d["rooms"].values()
        for e in items
    )
    assert durations == ["01:00", "12:00"]
    assert data["schedule"]["conference"]["title"] == "Taller «Ñ»  😀"


def test_cancelled_event_has_an_empty_but_valid_schedule(app, client):
    prog = programme(status="cancelled")
    assert fetch_xml(client, prog.event.slug).findall("day/room/event") == []
    days = fetch_json(client, prog.event.slug)["schedule"]["conference"]["days"]
    assert all(day["rooms"] == {} for day in days)


@pytest.mark.parametrize("suffix", ["schedule.xml", "schedule.json"])
def test_unpublished_and_unknown_events_give_404(app, client, make, suffix):
    draft = make.event(status="draft")
    assert client.get(f"/events/{draft.slug}/{suffix}").status_code == 404
    assert client.get(f"/events/nothing-here/{suffix}").status_code == 404


def test_every_demo_event_exports_valid_calendars_and_schedules(app, client):
    """The reference scenario (Key Area 4 conference and workshop) end to end."""
    load_demo()
    events = db.session.scalars(sa.select(Event).where(Event.status != EventStatus.DRAFT)).all()
    assert events
    for event in events:
        root = fetch_xml(client, event.slug)
        data = fetch_json(client, event.slug)
        cal = parse(client.get(f"/events/{event.slug}/calendar.ics").data)
        uids = {str(e["UID"]) for e in cal.vevents}
        assert {e.get("guid") for e in root.findall("day/room/event")} <= uids
        assert len(data["schedule"]["conference"]["days"]) >= 1
