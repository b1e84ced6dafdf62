"""A visitor adds a programme to their calendar; an attendee manages their feed."""

from __future__ import annotations

from pathlib import Path

import pytest

from confsite.extensions import db
from confsite.models import User
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.calendar_helpers import parse, programme

pytestmark = pytest.mark.browser


def test_add_to_calendar_links_and_download(live_server, page):
    prog = programme()
    page.goto(live_server(f"/events/{prog.event.slug}/"))
    section = page.get_by_role("region", name="Add to your calendar")
    assert (
        section.get_by_role("link", name="Subscribe to the programme")
        .get_attribute("href")
        .startswith("webcal://")
    )
    assert "calendar.google.com" in section.get_by_role("link", name="Google Calendar").get_attribute("href")
    assert_accessible(page)
    with page.expect_download() as download:
        section.get_by_role("link", name="Download the programme (.ics)").click()
    cal = parse(Path(download.value.path()).read_bytes())
    assert {str(e["UID"]) for e in cal.vevents} == {prog.opening.uid, prog.panel.uid}

    page.goto(live_server(f"/events/{prog.event.slug}/sessions/{prog.opening.id}"))
    assert page.get_by_role("link", name="Download this session (.ics)").is_visible()
    assert_accessible(page)


def test_attendee_creates_and_regenerates_the_feed(live_server, page):
    user = factories.user()
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server("/me/calendar-feed"))
    assert_accessible(page)
    page.get_by_role("button", name="Create my calendar feed").click()
    page.get_by_text("Your personal calendar feed is ready.").wait_for()
    first = page.get_by_label("Feed address (keep it private)").input_value()
    assert first.startswith(live_server("/calendar/"))
    assert_accessible(page)

    page.get_by_role("button", name="Regenerate the address").click()
    page.get_by_text("the old one no longer works").wait_for()
    second = page.get_by_label("Feed address (keep it private)").input_value()
    assert second != first
    db.session.expire_all()
    token = db.session.get(User, user.id).calendar_token
    assert second.endswith(f"/calendar/{token}.ics")
    assert page.request.get(first).status == 404
    assert page.request.get(second).status == 200
