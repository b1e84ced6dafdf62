"""An organiser switches a plugin off for one event in a real browser (CSRF on), and
the plugin's panel and page disappear there; the pages pass axe-core."""

from __future__ import annotations

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def _log_in(page, live_server, email):
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_organiser_switches_the_example_plugin_off(live_server, page):
    event = factories.event(title="Water Summit")
    organiser = factories.user("organiser@example.org")
    factories.role(organiser, "organiser", event=event)
    page.goto(live_server(f"/events/{event.slug}/"))
    page.get_by_role("heading", name="Activity so far").wait_for()

    _log_in(page, live_server, organiser.email)
    page.goto(live_server(f"/manage/events/{event.slug}/"))
    page.get_by_role("link", name="Plugins").click()
    page.get_by_role("heading", name="Plugins for Water Summit").wait_for()
    assert_accessible(page)
    page.get_by_label("example").select_option("off")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Plugin settings saved.").wait_for()
    assert_accessible(page)

    page.goto(live_server(f"/events/{event.slug}/"))
    page.get_by_role("heading", name="Water Summit").first.wait_for()
    assert page.get_by_role("heading", name="Activity so far").count() == 0
    # fetched without rendering: a 404 document would log a console error
    assert page.request.get(live_server(f"/events/{event.slug}/example/")).status == 404


def test_admin_plugins_page_is_accessible(live_server, page):
    admin = factories.user("admin@example.org", admin=True)
    _log_in(page, live_server, admin.email)
    page.goto(live_server("/admin/plugins"))
    page.get_by_role("heading", name="Plugins").wait_for()
    assert "confsite-example" in page.inner_text("main")
    assert_accessible(page)
