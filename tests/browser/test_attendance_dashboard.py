"""An organiser reads the attendance dashboard of the demo conference in a browser."""

from __future__ import annotations

import pytest
from confsite_plugins.attendance import demo
from playwright.sync_api import expect

from confsite.demo import load_demo
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_organiser_uses_the_attendance_dashboard(live_server, page):
    load_demo()
    demo.load()
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill("organiser@example.org")
    page.get_by_label("Password").fill("confsite-demo")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server("/manage/events/ka4-conference-2021/"))
    page.get_by_role("link", name="Attendance").click()
    page.get_by_role("heading", name="In a nutshell").wait_for()
    nutshell = page.locator(".attendance-nutshell").inner_text()
    for figure in ("16", "65", "11", "194", "414"):
        assert figure in nutshell
    assert page.locator("figure.attendance-chart svg").count() == 4
    page.get_by_text("Data table: confirmed attendees by country").click()
    expect(page.get_by_role("row", name="Spain (ES) 14")).to_be_visible()
    assert_accessible(page)

    # a head count, through the real form (CSRF on)
    page.get_by_label("Day", exact=True).fill("2021-07-14")
    page.get_by_label("Source", exact=True).fill("Head count")
    page.get_by_label("Number", exact=True).fill("37")
    page.get_by_role("button", name="Add").click()
    page.get_by_text("Added 37 views from Head count.").wait_for()
    assert page.get_by_role("row", name="14 Jul 2021 Head count 37").is_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download card (PNG)").click()
    assert download.value.suggested_filename == "ka4-conference-2021-nutshell.png"


def test_organiser_reads_the_series_figures_for_a_period(live_server, page):
    load_demo()
    demo.load()
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill("organiser@example.org")
    page.get_by_label("Password").fill("confsite-demo")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server("/manage/events/ka4-conference-2021/attendance/"))
    page.get_by_role("link", name="Figures of all events of").click()
    page.get_by_label("From", exact=True).fill("2021-07-01")
    page.get_by_label("To", exact=True).fill("2021-07-31")
    page.get_by_role("button", name="Show").click()
    page.get_by_text("1 event · from 1 Jul 2021 · until 31 Jul 2021").wait_for()
    assert "65" in page.locator(".attendance-nutshell").inner_text()
    assert_accessible(page)
