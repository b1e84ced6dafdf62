"""A partner proposes a recommendation and an organiser arranges, previews, exports and
publishes the key-area report, in a real browser; every page passes axe."""

from __future__ import annotations

import re

import pytest
from confsite_plugins.reports.demo import load as load_reports_demo

from confsite.api import run_pending
from confsite.demo import load_demo
from confsite.extensions import db
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def _log_in(page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("confsite-demo")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()


def test_partner_and_organiser_work_on_the_report(live_server, page, new_page):
    load_demo()
    load_reports_demo()
    db.session.commit()

    _log_in(page, live_server, "jonas.weidner@example.org")
    page.goto(live_server("/manage/events/ka4-workshop-2021/reports/"))
    page.get_by_role("heading", name="Smart and future hospitals").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Propose a recommendation").click()
    page.get_by_label("Policy area").select_option(label="Smart and future hospitals")
    page.get_by_label("Recommendation", exact=True).fill("Open hospital test beds to regional start-ups.")
    page.get_by_label("Addressed to").select_option(label="Healthcare providers")
    assert_accessible(page)
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("Recommendation submitted for review.").wait_for()
    assert "Saxon State Ministry" in page.inner_text("main")
    assert_accessible(page)
    page.goto(live_server("/manage/events/ka4-workshop-2021/reports/vote"))
    page.get_by_text("The final order is frozen.").wait_for()
    assert_accessible(page)

    organiser = new_page()
    _log_in(organiser, live_server, "organiser@example.org")
    organiser.goto(live_server("/manage/events/ka4-workshop-2021/reports/results"))
    organiser.get_by_role("table", name="Smart and future hospitals").wait_for()
    assert_accessible(organiser)
    organiser.goto(live_server("/manage/series/regions4permed/reports/builder"))
    assert_accessible(organiser)
    rows = organiser.locator("#sections ~ table tbody tr td:nth-child(2)")
    before = rows.all_inner_texts()
    moved = before[2]  # the workshop's chapter, after the overview and the conference
    organiser.get_by_role("button", name=f"Move “{moved}” up").click()
    organiser.wait_for_load_state()
    after = organiser.locator("#sections ~ table tbody tr td:nth-child(2)").all_inner_texts()
    assert after[1] == moved and after[2] == before[1]

    organiser.locator("#build-format").select_option("md")
    organiser.get_by_role("button", name="Build", exact=True).click()
    organiser.get_by_role("status").filter(has_text="%").wait_for()
    assert_accessible(organiser)  # the build page with its progress bar
    run_pending(live_server.app)
    organiser.reload()
    organiser.get_by_text("The report is ready.").wait_for()
    with organiser.expect_download() as built:
        organiser.get_by_role("link", name="Download Markdown").click()
    assert built.value.suggested_filename == "regions4permed-report-draft.md"

    organiser.goto(live_server("/manage/series/regions4permed/reports/builder"))
    organiser.get_by_role("link", name="Preview").click()
    organiser.get_by_role("heading", name=re.compile("Key message to policy makers")).wait_for()
    assert_accessible(organiser)
    with organiser.expect_download() as download:
        organiser.get_by_role("link", name="Word (DOCX)").click()
    assert download.value.suggested_filename == "regions4permed-report-draft.docx"
    organiser.goto(live_server("/manage/series/regions4permed/reports/export/html"))
    organiser.get_by_role("heading", name=re.compile("Capacity-building conclusions")).wait_for()
    assert_accessible(organiser)  # the standalone export, too
    organiser.goto(live_server("/manage/series/regions4permed/reports/builder"))
    organiser.get_by_role("button", name="Publish version 2").click()
    organiser.get_by_text("Version 2 published.").wait_for()
    assert_accessible(organiser)
    organiser.goto(live_server("/series/regions4permed/"))
    organiser.get_by_role("link", name="PDF of version 2").wait_for()
    assert_accessible(organiser)
