"""Public iCal feeds: what calendar apps depend on, read back with two parsers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from confsite import testing
from confsite.extensions import db
from confsite.models import SessionStatus
from confsite.services.changes import record_session_change, session_snapshot
from tests.calendar_helpers import as_utc, parse, programme
from tests.factories import utc


def get_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response, parse(response.data)


def test_event_feed_has_one_vevent_per_session_with_everything_apps_need(app, client):
    prog = programme()
    event = prog.event
    response, cal = get_feed(client, f"/events/{event.slug}/calendar.ics")

    assert response.headers["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    assert response.headers["ETag"].startswith('"') and not response.headers["ETag"].startswith("W/")
    assert response.headers["Last-Modified"]
    assert str(cal.ical["X-WR-CALNAME"]).startswith(event.title)
    assert str(cal.ical["NAME"]) == str(cal.ical["X-WR-CALNAME"])
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in cal.raw
    assert cal.vobj.x_wr_calname.value.startswith(event.title)

    assert sorted(str(e["UID"]) for e in cal.vevents) == sorted([prog.opening.uid, prog.panel.uid])
    opening = cal.by_uid(prog.opening.uid)
    assert opening["DTSTART"].params["TZID"] == "Europe/Madrid"
    assert opening.decoded("DTSTART") == datetime(2021, 7, 13, 9, tzinfo=ZoneInfo("Europe/Madrid"))
    [tz] = cal.ical.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Madrid"
    assert {c["TZOFFSETTO"].to_ical() for c in tz.subcomponents} == {"+0200", "+0100"}
    assert opening.decoded("SEQUENCE") == 0
    assert opening.decoded("DTSTAMP") and opening.decoded("LAST-MODIFIED")
    assert str(opening["STATUS"]) == "CONFIRMED"
    assert str(opening["LOCATION"]) == "Auditorium"
    assert str(opening["URL"]).endswith(f"/events/{event.slug}/sessions/{prog.opening.id}")
    description = str(opening["DESCRIPTION"])
    assert f"Chairs: José María Romero (Galician Health Knowledge Agency {event.id})" in description
    assert "- Infrastructure for research — Gary Saunders" in description
    assert "Welcome words." in description
    assert str(cal.by_uid(prog.panel.uid)["LOCATION"]) == "Online"

    vo = cal.vobj_by_uid(prog.opening.uid)
    assert as_utc(vo.dtstart.value) == utc(2021, 7, 13, 7)
    assert vo.summary.value == "Opening session"


def test_feed_never_shows_the_join_url_publicly(app, client, make):
    prog = programme()
    series = make.series()
    prog.event.series_id = series.id
    db.session.commit()
    secret = prog.event.online_url
    for url in (
        f"/events/{prog.event.slug}/calendar.ics",
        f"/events/{prog.event.slug}/sessions/{prog.opening.id}/calendar.ics",
        f"/series/{series.slug}/calendar.ics",
        f"/events/{prog.event.slug}/",
        f"/events/{prog.event.slug}/sessions/{prog.opening.id}",
        f"/events/{prog.event.slug}/schedule.xml",
        f"/events/{prog.event.slug}/schedule.json",
    ):
        body = client.get(url).data
        assert secret.encode() not in body, url
        assert b"secret-4242" not in body, url


def test_output_is_deterministic_so_the_strong_etag_is_honest(app, client):
    prog = programme()
    url = f"/events/{prog.event.slug}/calendar.ics"
    first, second = client.get(url), client.get(url)
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]


def test_dst_change_inside_the_event(app, client, make):
    """Madrid leaves summer time on 31 October 2021 at 03:00 (+02:00 → +01:00)."""
    event = make.event(start_at=utc(2021, 10, 30, 7), end_at=utc(2021, 11, 1, 18), timezone="Europe/Madrid")
    saturday = make.session(event, title="Saturday", start_at=utc(2021, 10, 30, 8))  # 10:00 CEST
    sunday = make.session(event, title="Sunday", start_at=utc(2021, 10, 31, 9))  # 10:00 CET
    _, cal = get_feed(client, f"/events/{event.slug}/calendar.ics")

    assert cal.by_uid(saturday.uid)["DTSTART"].to_ical() == b"20211030T100000"
    assert cal.by_uid(sunday.uid)["DTSTART"].to_ical() == b"20211031T100000"
    assert as_utc(cal.by_uid(saturday.uid).decoded("DTSTART")) == utc(2021, 10, 30, 8)
    assert as_utc(cal.by_uid(sunday.uid).decoded("DTSTART")) == utc(2021, 10, 31, 9)
    # The independent parser reads the offsets from our VTIMEZONE.
    assert cal.vobj_by_uid(saturday.uid).dtstart.value.utcoffset() == timedelta(hours=2)
    assert cal.vobj_by_uid(sunday.uid).dtstart.value.utcoffset() == timedelta(hours=1)
    assert as_utc(cal.vobj_by_uid(sunday.uid).dtstart.value) == utc(2021, 10, 31, 9)
    [tz] = cal.ical.walk("VTIMEZONE")
    transitions = {c.name: c.decoded("DTSTART") for c in tz.subcomponents}
    assert transitions["STANDARD"] == datetime(2021, 10, 31, 3)


def test_madrid_event_seen_from_new_york(app, client, make):
    event = make.event(start_at=utc(2021, 7, 13, 7), timezone="Europe/Madrid")
    session = make.session(event, start_at=utc(2021, 7, 13, 7))  # 09:00 in Madrid
    _, cal = get_feed(client, f"/events/{event.slug}/sessions/{session.id}/calendar.ics")
    new_york = ZoneInfo("America/New_York")
    for start in (cal.by_uid(session.uid).decoded("DTSTART"), cal.vobj_by_uid(session.uid).dtstart.value):
        seen = start.astimezone(new_york)
        assert (seen.hour, seen.minute, seen.day) == (3, 0, 13)


def test_kolkata_half_hour_offset(app, client, make):
    event = make.event(start_at=utc(2022, 3, 10, 4, 30), timezone="Asia/Kolkata")
    session = make.session(event, start_at=utc(2022, 3, 10, 4, 30))  # 10:00 IST
    _, cal = get_feed(client, f"/events/{event.slug}/calendar.ics")
    vevent = cal.by_uid(session.uid)
    assert vevent["DTSTART"].params["TZID"] == "Asia/Kolkata"
    assert vevent["DTSTART"].to_ical() == b"20220310T100000"
    assert cal.vobj_by_uid(session.uid).dtstart.value.utcoffset() == timedelta(hours=5, minutes=30)
    [tz] = cal.ical.walk("VTIMEZONE")
    assert {c["TZOFFSETTO"].to_ical() for c in tz.subcomponents} == {"+0530"}


def test_utc_event_needs_no_vtimezone(app, client, make):
    event = make.event(start_at=utc(2022, 3, 10, 9), timezone="UTC")
    session = make.session(event, start_at=utc(2022, 3, 10, 9))
    _, cal = get_feed(client, f"/events/{event.slug}/calendar.ics")
    assert cal.by_uid(session.uid)["DTSTART"].to_ical() == b"20220310T090000Z"
    assert cal.ical.walk("VTIMEZONE") == []


def test_moved_session_keeps_its_uid_and_bumps_sequence(app, client):
    prog = programme()
    url = f"/events/{prog.event.slug}/calendar.ics"
    before_response, before = get_feed(client, url)

    snapshot = session_snapshot(prog.opening)
    prog.opening.start_at += timedelta(hours=1)
    prog.opening.end_at += timedelta(hours=1)
    record_session_change(prog.opening, snapshot)
    db.session.commit()

    after_response, after = get_feed(client, url)
    assert after_response.headers["ETag"] != before_response.headers["ETag"]
    moved = after.by_uid(prog.opening.uid)
    assert moved.decoded("SEQUENCE") == before.by_uid(prog.opening.uid).decoded("SEQUENCE") + 1
    assert as_utc(moved.decoded("DTSTART")) == utc(2021, 7, 13, 8)
    assert moved.decoded("LAST-MODIFIED") >= before.by_uid(prog.opening.uid).decoded("LAST-MODIFIED")
    assert after.by_uid(prog.panel.uid).decoded("SEQUENCE") == 0

    snapshot = session_snapshot(prog.opening)
    prog.opening.title = "Welcome and opening"
    record_session_change(prog.opening, snapshot)
    db.session.commit()
    _, renamed = get_feed(client, url)
    assert renamed.by_uid(prog.opening.uid).decoded("SEQUENCE") == 2
    assert renamed.vobj_by_uid(prog.opening.uid).sequence.value == "2"


def test_cancelled_session_stays_in_the_feed_marked_cancelled(app, client):
    prog = programme()
    snapshot = session_snapshot(prog.panel)
    prog.panel.status = SessionStatus.CANCELLED
    record_session_change(prog.panel, snapshot)
    db.session.commit()

    _, cal = get_feed(client, f"/events/{prog.event.slug}/calendar.ics")
    cancelled = cal.by_uid(prog.panel.uid)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.decoded("SEQUENCE") == 1
    assert str(cancelled["SUMMARY"]).startswith("Cancelled: ")
    assert cal.vobj_by_uid(prog.panel.uid).status.value == "CANCELLED"
    assert str(cal.by_uid(prog.opening.uid)["STATUS"]) == "CONFIRMED"


def test_cancelled_event_cancels_every_session_in_the_feed(app, client):
    prog = programme()
    prog.event.status = "cancelled"
    db.session.commit()
    _, cal = get_feed(client, f"/events/{prog.event.slug}/calendar.ics")
    assert len(cal.vevents) == 2
    for vevent in cal.vevents:
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert vevent.decoded("SEQUENCE") == 1


def test_event_without_programme_is_one_entry_with_a_stable_uid(app, client, make):
    event = make.event(
        title="Interregional workshop",
        venue="Santiago de Compostela",
        format="in_person",
        timezone="Europe/Madrid",
    )
    _, first = get_feed(client, f"/events/{event.slug}/calendar.ics")
    [vevent] = first.vevents
    assert str(vevent["SUMMARY"]) == "Interregional workshop"
    assert str(vevent["LOCATION"]) == "Santiago de Compostela"
    event.title = "Interregional workshop (updated)"
    event.slug = event.slug + "-renamed"
    db.session.commit()
    _, second = get_feed(client, f"/events/{event.slug}/calendar.ics")
    assert str(second.vevents[0]["UID"]) == str(vevent["UID"])


def test_series_feed_lists_public_events_only(app, client, make):
    series = make.series(title="Regions for personalised medicine")
    public = programme(series_id=series.id)
    draft = make.event(series_id=series.id, status="draft", title="Secret planning")
    make.session(draft, title="Hidden session")
    response, cal = get_feed(client, f"/series/{series.slug}/calendar.ics")
    assert {str(e["UID"]) for e in cal.vevents} == {public.opening.uid, public.panel.uid}
    assert b"Hidden session" not in response.data
    assert str(cal.ical["X-WR-CALNAME"]).startswith("Regions for personalised medicine")
    assert f"Event: {public.event.title}" in str(cal.by_uid(public.opening.uid)["DESCRIPTION"])


def test_series_feed_query_count_does_not_grow_with_events(app, client, make):
    series = make.series()
    programme(series_id=series.id)
    counted = count_queries(lambda: client.get(f"/series/{series.slug}/calendar.ics"))
    for _ in range(3):
        programme(series_id=series.id)
    assert count_queries(lambda: client.get(f"/series/{series.slug}/calendar.ics")) == counted


def test_unknown_and_unpublished_give_404(app, client, make):
    draft = make.event(status="draft")
    session = make.session(draft)
    published = make.event()
    for url in (
        f"/events/{draft.slug}/calendar.ics",
        f"/events/{draft.slug}/sessions/{session.id}/calendar.ics",
        "/events/no-such-event/calendar.ics",
        "/series/no-such-series/calendar.ics",
        f"/events/{published.slug}/sessions/{session.id}/calendar.ics",
        f"/events/{published.slug}/sessions/999999/calendar.ics",
    ):
        assert client.get(url).status_code == 404, url


def test_odd_text_still_gives_a_valid_calendar(app, client, make):
    nasty = (
        "Bad\x01 title\x07 with\x1b controls, commas; semicolons \\ backslashes\r\n"
        "and a new line 😀🇪🇸 " + "très long " * 12
    )  # within the 200-character column
    event = make.event(title=nasty, venue="Sala «Ñ», planta 2; edificio\tB")
    room = make.room(event, 'Room; 1, "quoted"')
    session = make.session(event, title=nasty, description=nasty * 20, room=room)
    make.talk(session, [make.person(name="Zoë \x0bO'Brien, Jr.")], title="📈 Growth; margins, etc.")
    _, cal = get_feed(client, f"/events/{event.slug}/calendar.ics")
    vevent = cal.by_uid(session.uid)
    expected = nasty.replace("\x01", "").replace("\x07", "").replace("\x1b", "").replace("\r\n", "\n")
    assert str(vevent["SUMMARY"]) == expected
    assert cal.vobj_by_uid(session.uid).summary.value == expected
    assert (expected * 20).strip() in str(vevent["DESCRIPTION"])  # a 3 000-character line, folded
    assert "Zoë O'Brien, Jr." in str(vevent["DESCRIPTION"])
    assert str(vevent["LOCATION"]) == 'Room; 1, "quoted", Sala «Ñ», planta 2; edificio\tB'
    assert cal.vobj_by_uid(session.uid).location.value == str(vevent["LOCATION"])


def test_clean_text_drops_what_rfc_5545_forbids():
    from confsite.services.ical import clean_text

    assert clean_text("a\x00b\x1fc\x7fd\x85e\r\nf\rg\th 😀") == "abcde\nf\ng\th 😀"
    assert clean_text(None) == ""


def test_registration_mail_attachment_is_a_valid_calendar(app, make):
    from confsite.services.ical import event_calendar_bytes

    prog = programme()
    with app.test_request_context():
        cal = parse(event_calendar_bytes(prog.event))
    assert {str(e["UID"]) for e in cal.vevents} == {prog.opening.uid, prog.panel.uid}
    assert prog.event.online_url.encode() not in cal.raw


def count_queries(action) -> int:
    """How many SQL statements ``action`` (a request) runs, on every engine."""
    with testing.count_queries() as statements:
        response = action()
        assert response.status_code in (200, 304)
    return len(statements)


def test_add_to_calendar_box_on_event_and_session_pages(app, client, make):
    prog = programme()
    page = client.get(f"/events/{prog.event.slug}/").get_data(as_text=True)
    assert f'href="webcal://confsite.test/events/{prog.event.slug}/calendar.ics"' in page
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert "dates=20210713T070000Z%2F20210714T070000Z" in page
    assert "outlook.live.com/calendar/0/deeplink/compose" in page
    session_page = client.get(f"/events/{prog.event.slug}/sessions/{prog.opening.id}").get_data(as_text=True)
    assert f"/events/{prog.event.slug}/sessions/{prog.opening.id}/calendar.ics" in session_page
    assert "startdt=2021-07-13T07%3A00%3A00Z" in session_page
    assert "Opening+session+%28" in session_page

    draft = make.event(status="draft")
    organiser = make.user(admin=True)
    client.post("/login", data={"email": organiser.email, "password": "correct horse battery"})
    draft_page = client.get(f"/events/{draft.slug}/")
    assert draft_page.status_code == 200
    assert "Add to your calendar" not in draft_page.get_data(as_text=True)
