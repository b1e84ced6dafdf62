"""In a real browser: a partner's website embeds the agenda with the script snippet (in
the visitor's language and time zone), and an organiser makes an API token."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from confsite.models import RoleName
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.factories import utc

pytestmark = pytest.mark.browser


def _ka4():
    event = factories.event(
        slug="ka4",
        title="Innovation Flow in the Healthcare",
        timezone="Europe/Madrid",
        start_at=utc(2021, 7, 13, 7, 0),
        end_at=utc(2021, 7, 14, 12, 0),
    )
    for n in range(6):
        session = factories.session(
            event,
            title=f"Session {n}: financial instruments",
            start_at=utc(2021, 7, 13, 8 + n, 30),
            end_at=utc(2021, 7, 13, 9 + n, 15),
        )
        factories.talk(session, [factories.person(name=f"Speaker Ž{n}")], title=f"Talk {n}")
    return event


class PartnerSite:
    """A partner's page on another origin (another loopback port) with the snippet."""

    def __init__(self, agenda_url: str, script_url: str) -> None:
        html = (
            "<!doctype html><html lang='en'><head><title>Partner project</title></head><body>"
            "<main><h1>Our project's events</h1>"
            f'<div data-confsite-agenda="{agenda_url}" data-title="KA4 agenda"></div>'
            f'<script src="{script_url}" async></script></main></body></html>'
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(html)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_partner_site_embeds_the_agenda_in_the_visitors_language_and_zone(live_server, browser):
    _ka4()
    partner = PartnerSite(live_server("/embed/events/ka4/agenda"), live_server("/static/embed.js"))
    context = browser.new_context(locale="es-ES", timezone_id="America/New_York")
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(partner.url)
        frame = page.frame_locator("iframe[title='KA4 agenda']")
        frame.get_by_role("heading", name="Innovation Flow in the Healthcare").wait_for()
        assert frame.get_by_role("heading", name="martes, 13 de julio de 2021").is_visible()
        assert frame.get_by_text("04:30").first.is_visible()  # 08:30 UTC in New York
        src = page.locator("iframe").get_attribute("src")
        assert "lang=es" in src and "tz=America%2FNew_York" in src
        # The frame grows to fit the agenda (the script listens to the frame's message).
        page.wait_for_function("() => document.querySelector('iframe').getBoundingClientRect().height > 400")
        link = frame.get_by_role("link", name="Session 0: financial instruments")
        assert link.get_attribute("target") == "_top"
    finally:
        context.close()
        partner.close()
    assert errors == []


def test_the_embedded_agenda_is_accessible(live_server, page):
    _ka4()
    page.goto(live_server("/embed/events/ka4/agenda"))
    assert_accessible(page)


def test_an_organiser_makes_a_token_sees_it_once_and_revokes_it(live_server, page):
    user = factories.user("organiser@example.org")
    event = _ka4()
    factories.role(user, RoleName.ORGANISER, event=event)
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server("/me/account"))
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("button", name="Create token")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Partner website")
    page.get_by_label("Read and write (for events you organise)").check()
    page.get_by_label("Limit to").select_option(label="Event: Innovation Flow in the Healthcare")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("cs_")
    assert_accessible(page)
    page.goto(live_server("/me/tokens"))
    assert page.locator("#new-token").count() == 0 and secret not in page.content()
    page.get_by_role("button", name="Revoke Partner website").click()
    page.get_by_text("The token is revoked").wait_for()
