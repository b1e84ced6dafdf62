"""A visitor switches language and time zone in a real browser; every page kind is
screenshotted in all five languages (kept under the test's tmp_path)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from confsite.demo import load_demo
from confsite.i18n import LANGUAGES
from tests.browser.conftest import _open_page, assert_accessible

pytestmark = pytest.mark.browser

EVENT = "/events/ka4-conference-2021/"


def test_visitor_switches_language_and_time_zone(live_server, browser, tmp_path):
    load_demo()
    page, errors = _open_page(
        browser, viewport={"width": 1280, "height": 900}, locale="es-ES", timezone_id="America/New_York"
    )
    page.goto(live_server("/"))
    assert page.locator("html").get_attribute("lang") == "es"  # Accept-Language
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")  # the switcher's cookie wins
    page.get_by_role("link", name="Veranstaltungen", exact=True).wait_for()

    page.goto(live_server(EVENT))
    note = page.locator(".tz-note")
    assert "Die Zeiten gelten in Europe/" in note.inner_text()
    switch = page.get_by_role("button", name="In meiner Zeitzone anzeigen (America/New_York)")
    switch.click()
    page.get_by_text("Die Zeiten gelten in America/New_York, Ihrer Zeitzone.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("In der Zeitzone der Veranstaltung anzeigen")).click()
    expect(page.locator(".tz-note")).to_contain_text("Die Zeiten gelten in Europe/")

    session_link = page.locator(".session h4 a").first.get_attribute("href")
    kinds = {
        "home": "/",
        "event": EVENT,
        "session": session_link,
        "speakers": EVENT + "speakers/",
        "register": "/events/ka4-conference-2021/register",
        "search": "/search?q=jose",
        "login": "/login",
    }
    for language in LANGUAGES:
        page.goto(live_server(f"/language/{language}?next=/"))
        for kind, path in kinds.items():
            page.goto(live_server(path))
            assert page.locator("html").get_attribute("lang") == language
            page.screenshot(path=str(tmp_path / f"{kind}-{language}.png"), full_page=True)
    assert len(list(tmp_path.glob("*.png"))) == len(kinds) * len(LANGUAGES)
    page.context.close()
    assert errors == [], errors
