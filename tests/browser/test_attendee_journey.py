"""A newcomer's journey in a real browser, and axe-core on every attendee page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from confsite.demo import load_demo
from confsite.extensions import db
from confsite.models import Event, Session
from confsite.services import registration as reg
from tests import outbox
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

TRAINING = "Training: preparing an innovation procurement in health"
CONFERENCE = "Innovation Flow in the Healthcare: Key Area 4 Conference"
PASSWORD = "a long enough passphrase"


def fill_registration(page: Page, *, name: str | None = None, email: str | None = None) -> None:
    if name is not None:
        page.get_by_label("Full name").fill(name)
    if email is not None:
        page.get_by_label("E-mail").fill(email)
    page.get_by_label("Organisation").fill("Servizo Galego de Saúde")
    page.get_by_label("Country").select_option("ES")
    page.get_by_label("Sector").select_option("healthcare_provider")
    attending = page.get_by_label("How will you attend?")  # the attendance plugin asks at hybrid events
    if attending.count():
        attending.select_option("online")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()


def test_newcomer_registers_and_a_waiting_guest_is_promoted(live_server, page, phone_page):
    load_demo()
    training = db.session.scalar(sa.select(Event).where(Event.slug == "procurement-training"))
    # One of the two places is already taken (mail outside a request needs a base URL).
    with live_server.app.test_request_context(base_url=live_server.url):
        reg.register(training, reg.Applicant("Early Bird", "early@example.org", consent=True))

    # A newcomer browses the demo agenda.
    page.goto(live_server("/"))
    page.get_by_role("link", name=CONFERENCE).first.click()
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    expect(page.get_by_text("Times are in Europe/Madrid.")).to_be_visible()
    page.get_by_label("Day", exact=True).select_option(index=2)
    page.get_by_role("button", name="Show sessions").click()
    expect(page).to_have_url(re.compile(r"day=2021-07-14"))

    # ... signs up ...
    page.get_by_role("link", name="Sign up").first.click()
    expect(page.get_by_label("Repeat the password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your name").fill("Nora Newcomer")
    page.get_by_label("E-mail").fill("nora@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    # Sign-up answers alike for taken addresses, so it does not sign in: log in now.
    expect(page.get_by_text("follow its link to confirm")).to_be_visible()
    page.get_by_label("E-mail").fill("nora@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # ... and takes the last place of the training.
    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("link", name=TRAINING, exact=True).click()
    expect(page.get_by_text("1 of 2 places left")).to_be_visible()
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_label("E-mail")).to_have_value("nora@example.org")
    assert_accessible(page)
    fill_registration(page)
    expect(page.get_by_role("heading", name="My agenda")).to_be_visible()
    expect(page.locator(".registration-row")).to_contain_text("Confirmed")

    # A second person, a guest on a phone, finds the training full and joins the waiting list.
    phone_page.goto(live_server("/events/procurement-training/"))
    expect(phone_page.get_by_text("Full: all 2 places are taken")).to_be_visible()
    phone_page.get_by_role("link", name="Join the waiting list").click()
    fill_registration(phone_page, name="Gil Guest", email="gil@example.org")
    expect(phone_page.get_by_role("heading", name="You are on the waiting list")).to_be_visible()
    expect(phone_page.locator(".registration-status")).to_contain_text("position 1")
    [waiting_mail] = outbox.to(live_server.app, "gil@example.org")
    manage_link = outbox.link(waiting_mail, "/registration/")
    phone_page.goto(manage_link)
    expect(phone_page.locator(".registration-status")).to_contain_text("On the waiting list: position 1")
    assert_accessible(phone_page)
    assert phone_page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    # The newcomer cancels from My agenda ...
    page.get_by_role("button", name=re.compile("^Cancel")).click()
    expect(page.get_by_role("heading", name="Cancel your registration?")).to_be_visible()
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_text(f"Your registration for {TRAINING} is cancelled.")).to_be_visible()

    # ... and the guest hears of the promotion by e-mail, whose fresh private link (it
    # replaces the old one) shows the confirmed place.
    promotion = outbox.to(live_server.app, "gil@example.org")[-1]
    assert promotion["Subject"] == f"A place opened up: you are now registered for {TRAINING}"
    phone_page.goto(outbox.link(promotion, "/registration/"))
    expect(phone_page.locator(".registration-status")).to_contain_text("Confirmed")


def test_attendee_pages_are_accessible(live_server, page, new_page):
    load_demo()
    conference = db.session.scalar(sa.select(Event).where(Event.slug == "ka4-conference-2021"))
    session = db.session.scalar(
        sa.select(Session).where(Session.event_id == conference.id, Session.title.like("Session II%"))
    )
    page.goto(live_server("/"))
    assert_accessible(page)
    page.goto(live_server(f"/events/{conference.slug}/"))
    assert_accessible(page)
    page.goto(live_server(f"/events/{conference.slug}/sessions/{session.id}"))
    assert_accessible(page)
    page.get_by_role("link", name="Cristina Bescos").first.click()
    expect(page.get_by_role("heading", name="Cristina Bescos")).to_be_visible()
    assert_accessible(page)

    # Signed in: star a session, see it in My agenda; keyboard focus is visible.
    page.goto(live_server("/signup"))
    page.get_by_label("Your name").fill("Sam Star")
    page.get_by_label("E-mail").fill("sam@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    # Sign-up answers alike for taken addresses, so it does not sign in: log in now.
    expect(page.get_by_text("follow its link to confirm")).to_be_visible()
    page.get_by_label("E-mail").fill("sam@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server(f"/events/{conference.slug}/sessions/{session.id}"))
    page.get_by_role("button", name="Add to my agenda").click()
    expect(page.get_by_role("button", name=re.compile("In my agenda"))).to_be_visible()
    page.get_by_role("link", name="My agenda").click()
    expect(page.locator(".starred")).to_contain_text("Session II")
    assert_accessible(page)
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"

    guest = new_page()
    guest.goto(live_server("/events/procurement-training/register"))
    guest.get_by_role("button", name="Register").click()  # nothing filled in: errors, announced
    expect(guest.get_by_text("Please correct the fields marked below.")).to_be_visible()
    assert_accessible(guest)
