"""An organiser writes to registrants and watches the sending finish, sets the
reminder and the join-link hold-back, builds certificates and prints badges."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import expect

from confsite import jobs
from confsite.models import RoleName
from confsite.services import registration as reg
from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def _log_in(page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.fixture
def organised_event(live_server):
    event = factories.event(title="Interregional workshop", slug="interregional", capacity=5)
    factories.role(factories.user("org@example.org"), RoleName.ORGANISER, event=event)
    for name, email in (("Ángel Ruiz", "angel"), ("Łukasz Nowak", "lukasz")):
        registration, _ = reg.register(
            event, reg.Applicant(name=name, email=f"{email}@example.org", consent=True)
        )
    reg.check_in(registration)
    jobs.run_pending(live_server.app)
    return event


def test_message_with_preview_and_live_progress(live_server, page, organised_event):
    _log_in(page, live_server, "org@example.org")
    page.goto(live_server("/manage/events/interregional/"))
    page.get_by_role("link", name="Messages", exact=True).click()
    expect(page.get_by_role("button", name="Preview")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("To", exact=True).select_option("confirmed")
    page.get_by_label("Subject", exact=True).fill("Rooms and timing")
    page.get_by_label("Message", exact=True).fill("We start at **nine**.\n\n- Room A\n- Room B")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".message-preview .preview-body strong")).to_have_text("nine")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Sending your message to 2 people.")).to_be_visible()
    expect(page.locator("#message-progress-state")).to_have_text("Sending…")
    assert_accessible(page)

    # The worker runs while the page polls its progress.
    worker = threading.Thread(target=lambda: jobs.run_pending(live_server.app))
    worker.start()
    worker.join()
    expect(page.locator("#message-progress-state")).to_have_text("Finished.", timeout=15_000)
    expect(page.locator("#message-progress-text")).to_have_text("2 of 2 sent")
    expect(page.locator("#message-recipients tr")).to_have_count(2)
    page.get_by_role("link", name="All messages").click()
    expect(page.get_by_role("link", name="Rooms and timing")).to_be_visible()

    page.get_by_label("Subject", exact=True).fill("Empty")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Write the message.")).to_be_visible()


def test_reminder_and_join_link_settings(live_server, page, organised_event):
    _log_in(page, live_server, "org@example.org")
    page.goto(live_server("/manage/events/interregional/edit"))
    reminder = page.get_by_label("Reminder e-mail (hours before the start)")
    expect(reminder).to_have_value("24")
    reminder.fill("48")
    page.get_by_label("Hold the online link back until (minutes before the start)").fill("30")
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_text("Event saved.")).to_be_visible()
    page.goto(live_server("/manage/events/interregional/edit"))
    expect(page.get_by_label("Reminder e-mail (hours before the start)")).to_have_value("48")
    expect(page.get_by_label("Hold the online link back until (minutes before the start)")).to_have_value(
        "30"
    )
    page.get_by_label("Reminder e-mail (hours before the start)").fill("-3")
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_text("Number must be between 0 and 720.")).to_be_visible()


def test_certificates_and_badges_from_the_page(live_server, page, organised_event):
    _log_in(page, live_server, "org@example.org")
    page.goto(live_server("/manage/events/interregional/"))
    page.get_by_role("link", name="Certificates and badges").click()
    expect(page.get_by_text("1 person has been checked in.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Build all certificates").click()
    expect(page.get_by_text("The certificates are being built", exact=False).first).to_be_visible()
    jobs.run_pending(live_server.app)
    page.reload()
    with page.expect_download() as certificates:
        page.get_by_role("link", name="Download all certificates (ZIP)").click()
    assert certificates.value.suggested_filename == "interregional-certificates.zip"
    with page.expect_download() as badges:
        page.get_by_role("link", name="Download badge sheets (PDF)").click()
    assert badges.value.suggested_filename == "interregional-badges.pdf"
