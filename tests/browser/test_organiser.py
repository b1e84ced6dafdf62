"""A project officer builds a small event by hand, publishes it, and checks someone in
at the door on a phone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from confsite.extensions import db
from confsite.models import Event, Registration
from confsite.services import event_io
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.conftest import empty_all_tables
from tests.manage_helpers import ensure_guest_page_route

pytestmark = pytest.mark.browser


def _log_in(page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_build_publish_and_check_in(live_server, page, phone_page):
    ensure_guest_page_route(live_server.app)
    factories.user("officer@example.org", admin=True, display_name="Project Officer")
    _log_in(page, live_server, "officer@example.org")

    # A new event.
    page.goto(live_server("/manage/"))
    assert_accessible(page)
    page.get_by_role("link", name="New event").click()
    page.get_by_label("Title", exact=True).fill("Smart Hospitals Workshop")
    page.get_by_label("Web address name").fill("smart-hospitals")
    page.get_by_label("Time zone").fill("Europe/Madrid")
    page.get_by_label("Starts", exact=True).fill("2031-11-16T09:00")
    page.get_by_label("Ends", exact=True).fill("2031-11-16T17:00")
    assert_accessible(page)
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_role("heading", name="Smart Hospitals Workshop")).to_be_visible()
    expect(page.get_by_text("Event created as a draft")).to_be_visible()
    assert_accessible(page)

    # A room and a speaker.
    page.get_by_role("link", name="Rooms").click()
    page.get_by_label("Room or track name").fill("Main stream")
    page.get_by_role("button", name="Add room").click()
    expect(page.get_by_text("Room “Main stream” added.")).to_be_visible()
    page.goto(live_server("/manage/people/new"))
    page.get_by_label("Full name").fill("Javier Quiles del Río")
    page.get_by_label("Country").select_option(label="Spain")
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("cell", name="Javier Quiles del Río", exact=True)).to_be_visible()
    assert_accessible(page)

    # A session on the timetable, then a talk in it.
    page.goto(live_server("/manage/events/smart-hospitals/timetable"))
    assert_accessible(page)
    page.get_by_role("link", name="Add a session on this day").click()
    page.get_by_label("Title", exact=True).fill("Smart and future hospitals")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("11:30")
    page.get_by_label("Room or track").select_option(label="Main stream")
    page.get_by_role("combobox", name="Chairs").fill("Javier")  # the people picker
    page.get_by_role("option", name=re.compile("^Javier Quiles del Río")).click()
    page.get_by_role("button", name="Add session").click()
    page.get_by_role("link", name="Add a talk").click()
    page.get_by_label("Talk title").fill("Procurement for the hospital of the future")
    page.get_by_role("combobox", name="Speakers").fill("javier quiles del rio")
    page.get_by_role("option", name=re.compile("^Javier Quiles del Río")).click()
    page.get_by_role("button", name="Add talk").click()
    expect(page.get_by_role("link", name="Edit Procurement for the hospital of the future")).to_be_visible()
    assert_accessible(page)

    # Publish: the public sees the programme.
    page.get_by_role("link", name="Timetable of Smart Hospitals Workshop").click()
    expect(page.get_by_text("No clashes")).to_be_visible()
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Publish the event").click()
    expect(page.get_by_text("The event is published")).to_be_visible()
    page.goto(live_server("/events/smart-hospitals/"))
    expect(page.get_by_role("link", name="Smart and future hospitals")).to_be_visible()

    # Someone registers at the desk.
    page.goto(live_server("/manage/events/smart-hospitals/registrations/"))
    assert_accessible(page)
    page.get_by_role("link", name="Add a registration").click()
    page.get_by_label("Full name").fill("Alicia Piñeiro Redondo")
    page.get_by_label("E-mail").fill("alicia@example.org")
    page.get_by_label("Country").select_option(label="Spain")
    page.get_by_label("This person agreed").check()
    page.get_by_role("button", name="Add registration").click()
    expect(page.get_by_role("cell", name="Alicia Piñeiro Redondo", exact=True)).to_be_visible()

    # At the door, on a phone: search, one tap, undo.
    _log_in(phone_page, live_server, "officer@example.org")
    phone_page.goto(live_server("/manage/events/smart-hospitals/checkin"))
    phone_page.get_by_label("Name, e-mail or organisation").fill("piñeiro")
    phone_page.get_by_role("button", name="Find").click()
    button = phone_page.get_by_role("button", name="Check in Alicia Piñeiro Redondo")
    box = button.bounding_box()
    assert (
        box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 390
    )  # a thumb-sized target on screen
    assert_accessible(phone_page)
    button.tap()
    expect(phone_page.get_by_text("Alicia Piñeiro Redondo is checked in.")).to_be_visible()
    expect(phone_page.get_by_text(re.compile(r"✓ In at \d\d:\d\d"))).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert_accessible(phone_page)
    db.session.expire_all()
    registration = db.session.query(Registration).filter_by(email="alicia@example.org").one()
    assert registration.checked_in_at is not None
    phone_page.get_by_role("button", name="Undo check-in of Alicia Piñeiro Redondo").tap()
    expect(phone_page.get_by_text("check-in undone")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).checked_in_at is None
    assert db.session.query(Event).filter_by(slug="smart-hospitals").one().status.value == "published"

    # Export the event file, move it to an empty site, and get the same file back.
    page.goto(live_server("/manage/events/smart-hospitals/"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the event file (JSON)").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    document = json.loads(exported)
    assert [s["title"] for s in document["sessions"]] == ["Smart and future hospitals"]
    db.session.remove()
    empty_all_tables()
    factories.user("admin@example.org", admin=True)
    _log_in(page, live_server, "admin@example.org")
    page.goto(live_server("/manage/"))
    page.get_by_role("link", name="Import an event file").click()
    expect(page.get_by_role("button", name="Upload")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("File").set_input_files(str(download.value.path()))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("“Smart Hospitals Workshop” was imported.")).to_be_visible()
    event = db.session.query(Event).filter_by(slug="smart-hospitals").one()
    assert event_io.dumps(event_io.export_event(event)) == exported


def test_workspace_pages_are_accessible(live_server, page, tmp_path):
    from confsite.models import RoleName
    from tests.factories import utc

    ensure_guest_page_route(live_server.app)
    admin = factories.user("officer@example.org", admin=True)
    event = factories.event(
        slug="ka4", title="Key Area 4", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 14, 16)
    )
    room = factories.room(event, "Stream")
    speaker = factories.person(name="Gary Saunders", organisation=factories.organisation(name="ELIXIR Hub"))
    first = factories.session(
        event, title="Session I", room=room, start_at=utc(2031, 7, 13, 8), end_at=utc(2031, 7, 13, 9)
    )
    factories.session(
        event, title="Session II", room=room, start_at=utc(2031, 7, 13, 8, 30), end_at=utc(2031, 7, 13, 10)
    )
    factories.talk(first, [speaker], title="Research infrastructures")
    factories.role(admin, RoleName.ORGANISER, event=event)
    _log_in(page, live_server, "officer@example.org")

    page.goto(live_server("/manage/events/ka4/timetable?day=2031-07-13"))
    expect(page.get_by_text("“Session I” and “Session II” overlap in Stream.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Move or edit Session II").click()
    page.get_by_label("Starts at").fill("11:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("No clashes")).to_be_visible()

    page.goto(live_server("/manage/events/ka4/changes"))
    expect(page.get_by_role("cell", name="time", exact=True)).to_be_visible()
    assert_accessible(page)
    page.goto(live_server("/manage/events/ka4/roles"))
    page.get_by_label("E-mail address").fill("rapporteur@example.org")
    page.get_by_label("Role").select_option(label="Rapporteur")
    page.get_by_role("button", name="Give role").click()
    expect(page.get_by_text("an invitation was sent")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Remove rapporteur@example.org as Rapporteur").click()
    expect(page.get_by_role("button", name="Remove role")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove role").click()
    expect(page.get_by_text("is no longer rapporteur")).to_be_visible()
    page.goto(live_server("/manage/organisations/"))
    assert_accessible(page)

    agenda = tmp_path / "agenda.csv"
    agenda.write_text(
        "day,start,end,session,room,talk title,speakers,affiliation,country\n"
        "2031-07-14,09:30,10:00,Session III,Stream,PCP and PPI,Ana Lucía Jaramillo,Corvers,NL\n"
        "2031-07-14,10:00,09:00,Broken,Stream,Backwards,,,\n",
        encoding="utf-8",
    )
    page.goto(live_server("/manage/events/ka4/agenda-import"))
    page.get_by_label("File").set_input_files(str(agenda))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("the talk ends before it starts")).to_be_visible()
    assert_accessible(page)
    agenda.write_text(
        agenda.read_text(encoding="utf-8").splitlines()[0]
        + "\n"
        + agenda.read_text(encoding="utf-8").splitlines()[1]
        + "\n",
        encoding="utf-8",
    )
    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("File").set_input_files(str(agenda))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Ana Lucía Jaramillo new")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Import this agenda").click()
    expect(page.get_by_text("1 session(s) with 1 talk(s) imported.")).to_be_visible()
