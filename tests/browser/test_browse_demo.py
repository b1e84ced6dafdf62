"""A newcomer browses the demo in a real browser."""

from __future__ import annotations

import pytest

from confsite.demo import load_demo
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_browse_demo_agenda(live_server, page):
    load_demo()
    page.goto(live_server("/"))
    assert_accessible(page)
    page.get_by_role("link", name="Innovation Flow in the Healthcare: Key Area 4 Conference").first.click()
    page.get_by_role("heading", name="Agenda").wait_for()
    assert "Europe/Madrid" in page.inner_text("main")
    assert_accessible(page)
    page.get_by_role("link", name="Gary Saunders").first.click()
    page.get_by_role("heading", name="Gary Saunders").wait_for()
    assert_accessible(page)
