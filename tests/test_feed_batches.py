"""Feeds read the programme in batches and write each session at once (issue #24:
memory of a worker on the 6,000-session event). The output must be byte for byte what
building the whole calendar / document at once gave, and memory must not grow with the
programme the way the whole-at-once build did."""

from __future__ import annotations

import json
import tracemalloc
from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa

from confsite import testing
from confsite.extensions import db
from confsite.models import Event, Session, SessionStatus, Talk, TalkSpeaker
from confsite.services import frab, ical, personal_feed, programme_batches
from tests import factories
from tests.calendar_helpers import parse, programme, register, star

BATCH = 4


def big_programme(event: Event, count: int) -> None:
    """``count`` sessions over three days: some at the same time (ordered by position),
    in two rooms or none, one cancelled, each with a chair and two talks whose speakers
    recur (the same people in many batches)."""
    rooms = [factories.room(event, "Hall A"), factories.room(event, "Hall B"), None]
    people = [factories.person(name=f"Speaker {n}") for n in range(7)]
    for n in range(count):
        start = event.start_at + timedelta(days=n % 3, hours=n // 6 % 8, minutes=30 * (n % 2))
        session = Session(
            event=event,
            title=f"Session {n}",
            start_at=start,
            end_at=start + timedelta(minutes=45),
            room=rooms[n % 3],
            position=count - n,
            description=f"About <b>topic</b> {n}",
            status=SessionStatus.CANCELLED if n == 5 else SessionStatus.SCHEDULED,
        )
        session.chairs = [people[n % 7]]
        session.talks = [
            Talk(
                title=f"Talk {n}.{t}",
                position=t,
                speaker_links=[TalkSpeaker(person=people[(n + t) % 7], position=0)],
            )
            for t in range(2)
        ]
        db.session.add(session)
    db.session.commit()


def whole_calendar(name: str, entries: list[ical.FeedEntry], **kw) -> bytes:
    """The calendar as it was built before: every VEVENT in one ``icalendar`` tree."""
    with_event_titles = kw.pop("with_event_titles", False)
    calendar = ical.calendar_shell(name, zones={e.event.timezone: e.event.tz for e in entries}, **kw)
    for entry in entries:
        calendar.add_component(ical.vevent(entry, with_event_title=with_event_titles))
    if entries:
        calendar.add_missing_timezones(*ical.date_range(entries))
        ical.split_timezone_observances(calendar)
    return calendar.to_ical()


def whole_xml(event: Event, sessions: list[Session]) -> bytes:
    """The XML as it was written before: the whole tree, indented, then serialized."""
    data = frab.schedule(event, sessions)
    conf = data["schedule"]["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name="confsite", version=data["generator"]["version"])
    ET.SubElement(root, "url").text = f"http://confsite.test/events/{event.slug}/schedule.xml"
    ET.SubElement(root, "version").text = data["schedule"]["version"]
    c = ET.SubElement(root, "conference")
    for tag, key in (("title", "title"), ("acronym", "acronym"), ("start", "start"), ("end", "end")):
        ET.SubElement(c, tag).text = conf[key]
    ET.SubElement(c, "days").text = str(conf["daysCount"])
    ET.SubElement(c, "timeslot_duration").text = conf["timeslot_duration"]
    ET.SubElement(c, "base_url").text = data["schedule"]["base_url"]
    ET.SubElement(c, "url").text = conf["url"]
    if "time_zone_name" in conf:
        ET.SubElement(c, "time_zone_name").text = conf["time_zone_name"]
    guids = {room["name"]: room["guid"] for room in conf["rooms"]}
    for day in conf["days"]:
        attrs = {"date": day["date"], "start": day["day_start"], "end": day["day_end"]}
        d = ET.SubElement(root, "day", attrs | {"index": str(day["index"])})
        for name, items in day["rooms"].items():
            r = ET.SubElement(d, "room", name=name, guid=guids[name])
            for item in items:
                e = ET.SubElement(r, "event", id=str(item["id"]), guid=item["guid"])
                for tag in frab.EVENT_FIELDS:
                    ET.SubElement(e, tag).text = item[tag] or ""
                persons = ET.SubElement(e, "persons")
                for person in item["persons"]:
                    ET.SubElement(persons, "person", id=str(person["id"])).text = person["name"]
                ET.SubElement(e, "links")
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(programme_batches, "BATCH_SIZE", BATCH)


def test_event_feeds_in_batches_are_byte_identical_to_whole_builds(app, client, small_batches):
    # A fixed morning start: the programme spans three local days whatever the hour
    # the suite runs at.
    event = factories.event(
        title="Batched, big; event", timezone="Europe/Madrid", start_at=factories.utc(2031, 3, 4, 8)
    )
    big_programme(event, 6 * BATCH + 3)  # several batches and a partial one
    sessions = ical.load_feed_sessions(Session.event_id == event.id)
    expected_ics = whole_calendar(
        ical.feed_name(event.title),
        ical.entries_for([event], sessions),
        modified=event.content_changed_at,
        source_url=f"http://confsite.test/events/{event.slug}/calendar.ics",
        description=f"Programme of {event.title}",
    )
    expected_json = json.dumps(frab.schedule(event, sessions), ensure_ascii=False, indent=1).encode()
    expected_xml = whole_xml(event, sessions)
    del sessions

    ics = client.get(f"/events/{event.slug}/calendar.ics").data
    assert ics == expected_ics
    uids = [str(e["UID"]) for e in parse(ics).vevents]
    assert sorted(uids) == sorted(
        db.session.scalars(sa.select(Session.uid).where(Session.event_id == event.id))
    )
    assert client.get(f"/events/{event.slug}/schedule.json").data == expected_json
    assert client.get(f"/events/{event.slug}/schedule.xml").data == expected_xml
    assert len(json.loads(expected_json)["schedule"]["conference"]["days"]) == 3


def test_series_and_personal_feeds_merge_events_and_sessions_as_before(app, client, small_batches):
    """Several events, in two zones, one without sessions: the entries' order (start,
    event) and the VTIMEZONEs are those of the whole build."""
    series = factories.series()
    first = programme(series_id=series.id)
    big_programme(first.event, 3 * BATCH)
    other = factories.event(series_id=series.id, timezone="America/New_York", start_at=first.event.start_at)
    big_programme(other, 2 * BATCH + 1)
    empty = factories.event(series_id=series.id, title="No programme yet")
    events = ical.public_series_events(series)
    ids = [e.id for e in events]
    expected = whole_calendar(
        ical.feed_name(series.title),
        ical.entries_for(events, ical.load_feed_sessions(Session.event_id.in_(ids))),
        modified=max([series.updated_at, *(e.content_changed_at for e in events)]),
        source_url=f"http://confsite.test/series/{series.slug}/calendar.ics",
        description=f"Events of {series.title}",
        with_event_titles=True,
    )
    raw = client.get(f"/series/{series.slug}/calendar.ics").data
    assert raw == expected
    cal = parse(raw)
    assert {str(z["TZID"]) for z in cal.ical.walk("VTIMEZONE")} == {"Europe/Madrid", "America/New_York"}
    assert sum(1 for e in cal.vevents if "No programme yet" in str(e["SUMMARY"])) == 1
    assert empty.id in ids

    # The personal feed: a registered event with sessions, one without, a starred
    # session of a third event; entries in the order of the whole build.
    user = factories.user()
    personal_feed.regenerate_token(user)
    register(user, first.event)
    register(user, empty)
    starred = db.session.scalars(sa.select(Session).where(Session.event_id == other.id)).first()
    star(user, starred)
    condition = sa.or_(Session.event_id.in_([first.event.id, empty.id]), Session.id == starred.id)
    entries = ical.entries_for([first.event, empty], ical.load_feed_sessions(condition))
    expected_uids = [e.session.uid if e.session else ical.event_uid(e.event) for e in entries]
    mine = parse(personal_feed.personal_calendar(user, personal_feed.personal_selection(user)))
    assert [str(e["UID"]) for e in mine.vevents] == expected_uids
    assert len(expected_uids) == 3 * BATCH + 2 + 1 + 1


def ics_peak(event: Event) -> int:
    """Peak bytes allocated while building the event's .ics."""
    db.session.expire_all()
    tracemalloc.start()
    try:
        ical.event_calendar(event)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_of_a_feed_grows_far_less_than_its_programme(app, monkeypatch):
    """Ten times the sessions must not take ten times the memory: only one batch of
    sessions is held, plus the text written (a ratio, no timing)."""
    monkeypatch.setattr(programme_batches, "BATCH_SIZE", 20)
    small = testing.sample_event(title="Small")
    big_programme(small, 40)
    large = testing.sample_event(title="Large")
    big_programme(large, 400)
    ics_peak(small)  # warm-up: compiled statements and imports are not the feed's
    small_peak, large_peak = ics_peak(small), ics_peak(large)
    assert large_peak < 4 * small_peak, (small_peak, large_peak)
