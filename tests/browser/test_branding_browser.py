"""An organiser gives an event a logo and an accent colour through the browser: a
colour white text cannot be read on is refused with a message, a good one and the logo
show on the public event page; both pages pass axe."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from confsite.extensions import db
from confsite.models import Event
from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def _logo(tmp_path) -> str:
    path = tmp_path / "logo.png"
    out = io.BytesIO()
    Image.new("RGB", (900, 300), (10, 60, 120)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_upload_a_logo_and_choose_an_accent_colour(live_server, page, tmp_path):
    event = factories.event(title="Smart Hospitals Workshop")
    user = factories.user("branding@example.org")
    factories.role(user, "organiser", event=event)
    slug = event.slug

    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill("branding@example.org")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/$"))

    page.goto(live_server(f"/manage/events/{slug}/"))
    page.get_by_role("link", name="Branding").click()
    expect(page.get_by_role("button", name="Save branding")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Accent colour", exact=True).fill("#ffff00")
    page.get_by_role("button", name="Save branding").click()
    expect(page.get_by_text("it needs at least 4.5:1")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Logo", exact=True).set_input_files(_logo(tmp_path))
    page.get_by_label("Accent colour", exact=True).fill("#1d4f91")
    page.get_by_role("button", name="Save branding").click()
    expect(page.get_by_text("Branding saved.")).to_be_visible()

    db.session.expire_all()
    saved = db.session.scalar(db.select(Event).where(Event.slug == slug))
    assert saved.accent_colour == "#1d4f91" and saved.logo

    page.goto(live_server(f"/events/{slug}/"))
    logo = page.get_by_role("img", name="Logo")
    expect(logo).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", logo.element_handle()) == 600  # resized
    header = page.locator(".event-header.branded")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(29, 79, 145)"
    assert_accessible(page)
