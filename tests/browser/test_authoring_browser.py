"""Authoring helpers in a real browser: the Markdown preview, the agenda grid and the
now-and-next page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from confsite.models import RoleName, utcnow
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_organiser import _log_in
from tests.factories import utc

pytestmark = pytest.mark.browser


def test_an_organiser_previews_a_markdown_description(live_server, page):
    event = factories.event(slug="md", title="Markdown Workshop", status="draft")
    organiser = factories.user("org@example.org")
    factories.role(organiser, RoleName.ORGANISER, event=event)
    _log_in(page, live_server, "org@example.org")
    page.goto(live_server("/manage/events/md/edit"))
    page.get_by_label("Description").fill(
        "## Aims\n\nCompare **three** regions.\n\n<script>alert(1)</script>"
    )
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".markdown-preview")
    expect(preview.locator("strong")).to_have_text("three")
    expect(preview.locator("h4")).to_have_text("Aims")
    expect(preview.locator("script")).to_have_count(0)
    assert_accessible(page)


def test_the_grid_and_now_and_next_pages_read_well(live_server, page):
    now = utcnow().replace(second=0, microsecond=0)
    event = factories.event(
        slug="live",
        title="Live Conference",
        start_at=now - timedelta(hours=1),
        end_at=now + timedelta(hours=5),
    )
    hall, lab = factories.room(event, "Main hall"), factories.room(event, "Žiga lab")
    factories.session(
        event,
        title="Keynote",
        room=hall,
        start_at=now - timedelta(minutes=30),
        end_at=now + timedelta(minutes=30),
    )
    factories.session(event, title="Hands-on", room=lab, start_at=now, end_at=now + timedelta(hours=1))
    page.goto(live_server("/events/live/"))
    page.get_by_role("link", name="Grid").click()
    expect(page.get_by_role("columnheader", name="Žiga lab")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server("/events/live/"))
    page.get_by_role("link", name="Now and next").click()
    expect(page.get_by_role("rowheader", name="Main hall")).to_be_visible()
    expect(page.get_by_role("link", name="Keynote")).to_be_visible()
    page.get_by_role("button", name="Pause updates").click()
    expect(page.get_by_role("status")).to_have_text("Updates paused.")
    expect(page.get_by_role("button", name="Pause updates")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)


def _timetable_world(live_server, page):
    event = factories.event(slug="grid", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 13, 16))
    hall, lab = factories.room(event, "Hall"), factories.room(event, "Łódź lab")
    factories.session(
        event, title="Opening", room=hall, start_at=utc(2031, 7, 13, 7, 30), end_at=utc(2031, 7, 13, 8)
    )
    factories.session(
        event, title="Panel", room=lab, start_at=utc(2031, 7, 13, 8), end_at=utc(2031, 7, 13, 9)
    )
    organiser = factories.user("org@example.org")
    factories.role(organiser, RoleName.ORGANISER, event=event)
    _log_in(page, live_server, "org@example.org")
    page.goto(live_server("/manage/events/grid/timetable?day=2031-07-13"))


def test_a_session_moves_on_the_grid_with_the_keyboard(live_server, page):
    _timetable_world(live_server, page)
    assert_accessible(page)
    move = page.get_by_role("button", name="Move Opening")
    move.focus()
    page.keyboard.press("Enter")
    expect(move).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("ArrowDown")  # 15 minutes later
    page.keyboard.press("Shift+ArrowDown")  # 15 minutes longer
    expect(page.locator("#tt-status")).to_contain_text("09:45–10:30")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.locator(".tt-block", has_text="Opening")).to_contain_text("09:45–10:30")


def test_a_drag_into_a_clash_asks_before_saving(live_server, page):
    _timetable_world(live_server, page)
    messages = []
    page.on("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    block = page.locator(".tt-block", has_text="Opening")
    target = page.locator(".tt-room", has_text="Łódź lab")
    box, column = block.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(column["x"] + 10, box["y"] + 55, steps=8)  # one room right, two quarter hours down
    page.mouse.up()
    page.wait_for_load_state("load")
    expect(page.locator(".tt-block", has_text="Opening")).to_contain_text("10:00–10:30")
    assert messages and "overlap in Łódź lab" in messages[0]


def test_an_organiser_duplicates_an_event_for_next_year(live_server, page):
    series = factories.series(slug="r4pm", title="Regions4PerMed")
    event = factories.event(
        slug="ka4",
        title="Key Area 4 Conference",
        series=series,
        start_at=utc(2031, 7, 13, 7),
        end_at=utc(2031, 7, 14, 16),
    )
    factories.session(event, title="Opening", start_at=utc(2031, 7, 13, 7, 30), end_at=utc(2031, 7, 13, 8))
    organiser = factories.user("org@example.org")
    factories.role(organiser, RoleName.ORGANISER, series=series)
    _log_in(page, live_server, "org@example.org")
    page.goto(live_server("/manage/events/ka4/"))
    page.get_by_role("link", name="Duplicate the event…").click()
    expect(page.get_by_label("Web address name")).to_have_value("ka4-2")
    assert_accessible(page)
    page.get_by_label("Title", exact=True).fill("Key Area 4 Conference 2032")
    page.get_by_label("First day").fill("2032-07-11")
    page.get_by_role("button", name="Create the copy").click()
    expect(page.get_by_text("was created as a draft copy")).to_be_visible()
    page.get_by_role("link", name="Timetable").first.click()
    expect(page.get_by_role("link", name="Opening").first).to_be_visible()
    assert_accessible(page)
