"""Browser-test fixtures: a live server, Debian's Chromium driven by Playwright, axe-core.

``live_server`` serves a real app (CSRF on) from a thread on a free loopback port, on the
suite's database, so tests can prepare rows with factories inside ``live_server.app``'s
context and then click through them. ``page`` fails the test on any console error or
uncaught page exception. ``assert_accessible(page)`` runs axe-core in the page and fails
on serious or critical violations.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from confsite.extensions import db

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class LiveServer:
    """The server is bound first, so the app can be built with its address as base URL."""

    def __init__(self, make_app, **config) -> None:
        self._server = make_server("127.0.0.1", 0, self._dispatch, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self.app = make_app(BASE_URL=self.url, **config)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _dispatch(self, environ, start_response):
        return self.app(environ, start_response)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture
def live_server(make_app) -> Iterator[LiveServer]:
    server = LiveServer(
        make_app, WTF_CSRF_ENABLED=True, SERVER_NAME=None, TESTING=False, PROPAGATE_EXCEPTIONS=False
    )
    server.start()
    with server.app.app_context():
        yield server
        db.session.remove()
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open_page(browser: Browser, **context_options) -> tuple[Page, list[str]]:
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    return page, errors


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop-sized page; the test fails if the page logs an error."""
    page, errors = _open_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()
    assert errors == [], errors


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page (390 x 844, touch)."""
    page, errors = _open_page(browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    yield page
    page.context.close()
    assert errors == [], errors


@pytest.fixture
def new_page(browser: Browser):
    """Open further independent pages (another person's browser) in one test."""
    opened = []

    def _new() -> Page:
        page, errors = _open_page(browser, viewport={"width": 1280, "height": 900})
        opened.append((page, errors))
        return page

    yield _new
    for page, errors in opened:
        page.context.close()
        assert errors == [], errors


def assert_accessible(page: Page) -> None:
    """Run axe-core on the current page; fail on serious or critical violations."""
    # Callers wait for something of the page they mean before calling this; waiting for
    # its load as well keeps axe off a document that is still being replaced.
    page.wait_for_load_state("load")
    # Evaluated through the DevTools protocol: a <script> tag would be (rightly) refused
    # by the site's Content-Security-Policy.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], "\n".join(bad)
