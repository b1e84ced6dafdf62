"""A rapporteur captures take-home messages on a phone; attendees read them."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from confsite_plugins.take_home.models import TakeHomeMessage
from playwright.sync_api import expect

from confsite.demo import DEMO_PASSWORD, load_full_demo
from confsite.extensions import db
from tests.browser.conftest import _open_page, assert_accessible

pytestmark = pytest.mark.browser

SESSION = "Session II: Financial instruments to support innovation"
TALK = "EIT Health instruments to finance health innovation"
NEW = "Regional <b>seed funds</b> should match the EIT Health calls."
SECOND = "Mentoring matters as much as money for young health start-ups."
SECOND_EDITED = "Mentoring matters as much as money for early-stage health start-ups."


def log_in(page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name=re.compile("Log out")).wait_for()


def count(text: str) -> int:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(TakeHomeMessage).where(TakeHomeMessage.body.contains(text))
    )


def test_rapporteur_captures_on_a_phone_and_attendees_see_the_messages(live_server, phone_page, new_page):
    load_full_demo()
    page = phone_page
    log_in(page, live_server, "rapporteur@example.org")
    page.goto(live_server("/events/ka4-conference-2021/"))
    page.get_by_role("link", name="Capture take-home messages").click()
    page.get_by_role("link", name=SESSION).click()
    page.get_by_role("heading", name=SESSION, level=1).wait_for()
    assert_accessible(page)

    talk_section = page.locator("section.th-group", has=page.get_by_role("heading", name=TALK))
    box = talk_section.get_by_label("New message")
    box.fill(NEW)
    expect(talk_section.locator("form.th-add .th-counter")).to_contain_text(
        f"{len('Regional seed funds should match the EIT Health calls.')} / 280"
    )
    talk_section.get_by_role("button", name=re.compile("Add message")).click()
    expect(page.locator(".flashes")).to_contain_text("Saved.")
    assert count("seed funds") == 1

    # A second message, then the newest goes up one place.
    talk_section = page.locator("section.th-group", has=page.get_by_role("heading", name=TALK))
    talk_section.get_by_label("New message").fill(SECOND)
    talk_section.get_by_role("button", name=re.compile("Add message")).click()
    page.locator(".th-text", has_text="Mentoring matters").wait_for()
    assert count("Mentoring matters") == 1

    talk_section = page.locator("section.th-group", has=page.get_by_role("heading", name=TALK))
    items = talk_section.locator("li.th-message")
    last = items.count()
    # The button posts a form: read the list of the page it leads to, not of this one.
    with page.expect_navigation():
        items.nth(last - 1).get_by_role("button", name=re.compile("Up")).click()
    talk_section = page.locator("section.th-group", has=page.get_by_role("heading", name=TALK))
    texts = talk_section.locator("li.th-message .th-text").all_inner_texts()
    assert texts[-2].startswith("Mentoring matters") and texts[-1].startswith("Regional seed funds")
    assert_accessible(page)

    # Edit one in place: open it, change the words, save.
    item = talk_section.locator("li.th-message", has_text="Mentoring matters")
    item.locator("summary").click()
    item.get_by_label("Message").fill(SECOND_EDITED)
    item.get_by_role("button", name="Save changes").click()
    expect(page.locator(".flashes")).to_contain_text("Changes saved.")
    assert count("early-stage") == 1

    page.get_by_role("button", name=re.compile("Publish this session")).click()
    expect(page.locator(".flashes")).to_contain_text("Published")

    # An attendee (another browser) reads them on the session and speaker pages.
    reader = new_page()
    log_in(reader, live_server, "attendee@example.org")
    reader.goto(live_server("/events/ka4-conference-2021/"))
    reader.get_by_role("link", name=SESSION).first.click()
    panel = reader.locator("section.plugin-take_home")
    expect(panel).to_contain_text("Regional seed funds should match the EIT Health calls.")
    expect(panel.locator("b", has_text="seed funds")).to_be_visible()
    expect(panel).to_contain_text(SECOND_EDITED)
    assert_accessible(reader)
    reader.locator("summary", has_text="Suggest a take-home message").click()
    reader.get_by_label("Your suggestion").fill("Match funding calls to regional strategies.")
    reader.get_by_role("button", name="Send suggestion").click()
    expect(reader.locator(".flashes")).to_contain_text("sent to the rapporteurs")
    reader.get_by_role("link", name="Cristina Bescos").first.click()
    reader.get_by_role("heading", name="Cristina Bescos", level=1).wait_for()
    expect(reader.locator("section.plugin-take_home")).to_contain_text(SECOND_EDITED)
    assert_accessible(reader)


def test_a_dropped_connection_keeps_the_text_and_never_duplicates(live_server, browser):
    load_full_demo()
    page, errors = _open_page(browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        log_in(page, live_server, "rapporteur@example.org")
        page.goto(live_server("/manage/events/ka4-conference-2021/take_home/"))
        page.get_by_role("link", name=SESSION).click()
        text = "Lost in the tunnel, saved once we were back."
        talk_section = page.locator("section.th-group", has=page.get_by_role("heading", name=TALK))
        talk_section.get_by_label("New message").fill(text)
        page.context.set_offline(True)
        talk_section.get_by_role("button", name=re.compile("Add message")).click()
        expect(talk_section.locator("form.th-add .th-network")).to_contain_text("Not saved")
        expect(talk_section.get_by_label("New message")).to_have_value(text)
        assert count("Lost in the tunnel") == 0
        page.context.set_offline(False)

        # Back online, but the answer is lost on the way back: the server saved the
        # message, the page says it did not; pressing again must not add a second one.
        def lose_the_answer(route):
            if route.request.method == "POST":
                route.fetch()
                route.abort()
            else:
                route.continue_()

        page.route("**/take_home/sessions/*", lose_the_answer)
        talk_section.get_by_role("button", name=re.compile("Add message")).click()
        expect(talk_section.locator("form.th-add .th-network")).to_contain_text("Not saved")
        assert count("Lost in the tunnel") == 1
        page.unroute("**/take_home/sessions/*")
        talk_section.get_by_role("button", name=re.compile("Add message")).click()
        expect(page.locator(".flashes")).to_contain_text("Already saved")
        page.locator(".th-text", has_text="Lost in the tunnel").wait_for()
        assert count("Lost in the tunnel") == 1

        # Too long: the counter warns, and the server's refusal keeps the text.
        talk_section = page.locator("section.th-group", has=page.get_by_role("heading", name=TALK))
        long_text = "Too long " * 40
        talk_section.get_by_label("New message").fill(long_text)
        expect(talk_section.locator("form.th-add .th-counter")).to_contain_text("too many")
        talk_section.get_by_role("button", name=re.compile("Add message")).click()
        expect(page.locator("form.th-add p.error:not(.th-network)")).to_contain_text(
            "Keep a message to 280 characters"
        )
        expect(page.locator("form.th-add textarea[aria-invalid=true]")).to_have_value(long_text)
        assert count("Too long") == 0
    finally:
        page.context.close()
    # The only errors allowed are the browser's own reports of the failed requests.
    expected = ("ERR_INTERNET_DISCONNECTED", "ERR_FAILED", "status of 422")
    assert [e for e in errors if not any(x in e for x in expected)] == [], errors


def test_organiser_pages_are_accessible(live_server, page):
    load_full_demo()
    log_in(page, live_server, "organiser@example.org")
    page.goto(live_server("/manage/events/ka4-conference-2021/"))
    page.get_by_role("link", name="Take-home messages").click()
    page.get_by_role("heading", name="Take-home messages", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Main outcomes", exact=True).click()
    expect(page.get_by_label("Key points")).to_contain_text("Living labs need a harmonised labelling")
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Attendees' suggestions").click()
    expect(page.locator("blockquote")).to_contain_text("pool their demand")
    assert_accessible(page)
    page.get_by_role("button", name="Accept as draft").click()
    expect(page.locator(".flashes")).to_contain_text("accepted")
    page.goto(live_server("/manage/events/ka4-conference-2021/take_home/history"))
    expect(page.locator("table")).to_contain_text("Olga Organiser")
    assert_accessible(page)
