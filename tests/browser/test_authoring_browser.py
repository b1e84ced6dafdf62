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
