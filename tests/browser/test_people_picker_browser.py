"""The people picker in a real browser: an organiser chooses two speakers and adds a
new one with the keyboard only, the page stays axe-clean and within its
Content-Security-Policy; without JavaScript the same form takes typed names."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from confsite.extensions import db
from confsite.models import Talk
from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

# Injected through DevTools (not a <script> in the page), so the CSP does not apply to it.
WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def _log_in(page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.fixture
def programme(live_server):
    factories.user("officer@example.org", admin=True)
    event = factories.event(slug="picker-event", title="Picker workshop")
    session = factories.session(event, title="Living labs")
    murcia = factories.organisation(name="Universidad de Murcia")
    factories.organisation(name="Univerza v Ljubljani")
    factories.person(name="Ángel Alonso Sánchez", organisation=murcia, country="ES")
    factories.person(name="Łukasz Wójcik", country="PL")
    factories.person(name="Øystein Nilsen", country="NO")
    return f"/manage/events/picker-event/sessions/{session.id}/talks/new"


def test_choose_two_speakers_and_add_a_new_one_by_keyboard(live_server, page, programme):
    page.add_init_script(WATCH_CSP)
    _log_in(page, live_server, "officer@example.org")
    page.goto(live_server(programme))
    page.get_by_label("Talk title").fill("Open innovation in hospitals")
    combo = page.get_by_role("combobox", name="Speakers")
    listbox = page.get_by_role("listbox")
    status = page.get_by_role("status")

    # First speaker: typed without accents, chosen with Down and Enter.
    combo.focus()
    page.keyboard.type("angel")
    angel = page.get_by_role("option", name=re.compile("^Ángel Alonso Sánchez — Universidad de Murcia"))
    expect(angel).to_be_visible()
    expect(combo).to_have_attribute("aria-expanded", "true")
    expect(status).to_have_text(re.compile("1 person found"))
    assert_accessible(page)  # with the listbox open
    page.keyboard.press("ArrowDown")
    active = combo.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove Ángel Alonso Sánchez")).to_be_visible()
    expect(combo).to_have_value("")
    expect(combo).to_be_focused()

    # Escape closes the list without choosing anyone.
    page.keyboard.type("oystein")
    expect(page.get_by_role("option", name=re.compile("^Øystein Nilsen"))).to_be_visible()
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(combo).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Escape")
    expect(combo).to_have_value("")

    # Second speaker.
    page.keyboard.type("ŁUKASZ")
    expect(page.get_by_role("option", name=re.compile("^Łukasz Wójcik"))).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove Łukasz Wójcik")).to_be_visible()

    # A third, not yet on the People list: added inline, without leaving the form.
    page.keyboard.type("Žiga Novak")
    new_option = page.get_by_role("option", name="Add “Žiga Novak” as a new person…")
    expect(new_option).to_be_visible()
    expect(status).to_have_text(re.compile("Nobody found"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    organisation = page.get_by_role("combobox", name="Organisation")
    expect(organisation).to_be_focused()
    expect(page.get_by_role("textbox", name="Full name")).to_have_value("Žiga Novak")
    assert_accessible(page)  # the new-person fields
    organisation.select_option(label="Univerza v Ljubljani")
    page.keyboard.press("Tab")
    page.get_by_role("combobox", name="Country").select_option(label="Slovenia")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add this person")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove Žiga Novak")).to_be_visible()
    expect(combo).to_be_focused()
    assert_accessible(page)

    page.get_by_role("button", name="Add talk").click()
    expect(page.get_by_text("Talk added.")).to_be_visible()
    talk = db.session.scalar(sa.select(Talk).where(Talk.title == "Open innovation in hospitals"))
    assert [p.name for p in talk.speakers] == ["Ángel Alonso Sánchez", "Łukasz Wójcik", "Žiga Novak"]
    ziga = talk.speakers[2]
    assert (ziga.organisation.name, ziga.country) == ("Univerza v Ljubljani", "SI")

    # Editing shows the speakers as chips; removing one with its button saves without them.
    page.get_by_role("link", name="Edit Open innovation in hospitals").click()
    page.get_by_role("button", name="Remove Łukasz Wójcik").click()
    expect(status).to_have_text(re.compile("Łukasz Wójcik removed"))
    assert_accessible(page)
    page.get_by_role("button", name="Save talk").click()
    expect(page.get_by_text("Talk saved.")).to_be_visible()
    db.session.expire_all()
    talk = db.session.get(Talk, talk.id)
    assert [p.name for p in talk.speakers] == ["Ángel Alonso Sánchez", "Žiga Novak"]
    assert page.evaluate("window.__csp") == []


def test_without_javascript_the_names_field_still_works(live_server, browser, programme):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        _log_in(page, live_server, "officer@example.org")
        page.goto(live_server(programme))
        page.get_by_label("Talk title").fill("Plain form")
        page.get_by_label("Speakers").fill("oystein nilsen; angel alonso sanchez")
        page.get_by_role("button", name="Add talk").click()
        expect(page.get_by_text("Talk added.")).to_be_visible()
    finally:
        context.close()
    talk = db.session.scalar(sa.select(Talk).where(Talk.title == "Plain form"))
    assert [p.name for p in talk.speakers] == ["Øystein Nilsen", "Ángel Alonso Sánchez"]
