"""A partnership organiser fills in the profile, adds an undated activity and reads
the monitoring report in a real browser (CSRF on), on accessible pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from confsite.models import RoleName
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.plugins.monitoring import sources

pytestmark = pytest.mark.browser


def test_organiser_edits_profile_and_reads_the_report(live_server, page):
    series = sources.build_medtech()
    organiser = factories.user("olga@example.org")
    factories.role(organiser, RoleName.ORGANISER, series=series)

    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill(organiser.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)

    page.goto(
        live_server("/manage/series/medtech-2019/monitoring/?from=2019-01-01&to=2019-06-30&as_of=2019-06-10")
    )
    page.get_by_role("heading", name="Past meetings").wait_for()
    assert "Medtech NETHUB project" in page.inner_text("main")
    assert_accessible(page)

    page.get_by_role("link", name="Edit partnership profile").click()
    page.get_by_role("heading", name="Partnership profile").wait_for()
    assert_accessible(page)
    page.get_by_label("Objectives").fill("Join regional strengths in medical technologies.")
    page.get_by_label("Goal 3: Good health and well-being").select_option("strongly_agree")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Partnership profile saved.").wait_for()
    assert "Join regional strengths in medical technologies." in page.inner_text("main")

    page.get_by_role("link", name="Activities", exact=True).click()
    expect(page.get_by_role("link", name="Add an activity")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Title").fill("Regional matchmaking")
    page.get_by_label("Date precision").select_option("month")
    page.get_by_label("Dates").fill("2019-09-15, 2019-10-01")
    page.get_by_role("button", name="Save activity").click()
    page.get_by_text("Give exactly one date in the month").wait_for()
    assert_accessible(page)
    page.get_by_label("Dates").fill("2019-11")
    page.get_by_label("Date as written").fill("November 2019 (to be confirmed)")
    page.get_by_role("button", name="Save activity").click()
    page.get_by_text("Activity saved.").wait_for()
    assert "November 2019 (to be confirmed)" in page.inner_text("main")

    page.goto(live_server("/manage/events/mt-nethub/monitoring/"))
    page.get_by_role("heading", name="Monitoring details").wait_for()
    assert_accessible(page)
