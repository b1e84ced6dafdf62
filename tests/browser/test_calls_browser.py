"""A full call in the browser (apply → review → shortlist → decide → the accepted
contribution appears in the programme) and a matchmaking workshop (profiles →
suggestions → meeting booked → both agendas and personal feeds show it)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from confsite_plugins.calls import evaluation, matchmaking, services
from confsite_plugins.calls.models import CallKind, Decision, FieldKind, Submission
from playwright.sync_api import expect

from confsite.extensions import db
from confsite.models import RoleName, User
from confsite.services import personal_feed
from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def log_in(page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name=re.compile("Log out")).wait_for()


def log_out(page) -> None:
    page.get_by_role("button", name=re.compile("Log out")).click()


def _call_world():
    event = factories.event(title="Personalised medicine conference", slug="pm-conference")
    session = factories.session(event, title="Contributed talks")
    organiser = factories.user("org@example.org", display_name="Olga Organiser")
    factories.role(organiser, RoleName.ORGANISER, event=event)
    factories.user("angel@example.org", display_name="Ángel Martínez")
    reviewer = factories.user("ziga@example.org", display_name="Žiga Recenzent")
    now = datetime.now(UTC).replace(microsecond=0)
    call = services.create_call(
        services.CallInput(
            CallKind.CONTRIBUTIONS, "Call for abstracts", "Tell us what you learnt.", "Anyone in health.",
            now - timedelta(days=1), now + timedelta(days=7), True, False, False, True,
        ),
        event=event,
    )  # fmt: skip
    services.add_field(
        call,
        services.FieldInput(
            FieldKind.CHOICE, "Track", "", True, ["Research", "Implementation"], None, [], None
        ),
    )
    evaluation.add_criterion(call, "Relevance", "", 1.0, 5)
    evaluation.add_reviewer(call, reviewer.email)
    db.session.commit()
    return event, session, call


def test_a_full_call_from_application_to_the_programme(live_server, page):
    event, session, call = _call_world()

    # The applicant finds the call on the event page and applies.
    log_in(page, live_server, "angel@example.org")
    page.goto(live_server(f"/events/{event.slug}/"))
    page.get_by_role("link", name="Call for abstracts").click()
    page.get_by_role("link", name="Apply").click()
    page.get_by_label("Title").fill("Pharmacogenomics in primary care")
    page.get_by_label("Summary").fill("A gene panel checked at every new prescription.")
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator("#form-error")).to_contain_text("Please correct")  # the track is required
    expect(page.get_by_label("Title")).to_have_value("Pharmacogenomics in primary care")
    page.get_by_label("Implementation").check()
    assert_accessible(page)
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator(".flashes")).to_contain_text("Your application was submitted")
    expect(page.locator("#status")).to_have_text("Submitted")
    log_out(page)

    # The organiser assigns it to the committee.
    log_in(page, live_server, "org@example.org")
    page.goto(live_server(f"/manage/events/{event.slug}/calls/"))
    page.get_by_role("link", name="Call for abstracts").click()
    page.get_by_role("link", name="Committee and criteria").click()
    page.get_by_role("button", name="Assign automatically (balanced)").click()
    expect(page.locator(".flashes")).to_contain_text("1 assignments made")
    log_out(page)

    # The reviewer scores it.
    log_in(page, live_server, "ziga@example.org")
    page.goto(live_server(f"/events/{event.slug}/calls/{call.id}"))
    page.get_by_role("link", name="Your reviews").click()
    page.get_by_role("link", name="Pharmacogenomics in primary care").click()
    page.get_by_label(re.compile("^Relevance")).fill("4")
    page.get_by_label("Comment").fill("Clear and practical.")
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator(".flashes")).to_contain_text("Review submitted")
    log_out(page)

    # The organiser shortlists, accepts and puts it into the programme.
    log_in(page, live_server, "org@example.org")
    page.goto(live_server(f"/manage/events/{event.slug}/calls/{call.id}/submissions"))
    expect(page.locator("#ranking")).to_contain_text("80.0")
    assert_accessible(page)
    page.get_by_label(re.compile("Shortlist Pharmacogenomics")).check()
    page.get_by_role("button", name="Save shortlist").click()
    expect(page.locator(".flashes")).to_contain_text("1 applications go on to stage two")
    page.get_by_role("link", name="Pharmacogenomics in primary care").click()
    page.get_by_label("Decision").select_option("accepted")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#decision")).to_have_text("Accepted")
    page.get_by_label("Session").select_option(label=f"{event.title} · Contributed talks")
    page.get_by_role("button", name="Add as a talk").click()
    expect(page.locator(".flashes")).to_contain_text("is now a talk")
    log_out(page)

    db.session.expire_all()
    submission = db.session.scalar(db.select(Submission))
    assert submission.decision == Decision.ACCEPTED and submission.shortlisted and submission.talk_id

    # Anyone sees the talk, with its speaker, in the programme.
    page.goto(live_server(f"/events/{event.slug}/sessions/{session.id}"))
    expect(page.locator("main")).to_contain_text("Pharmacogenomics in primary care")
    expect(page.locator("main")).to_contain_text("Ángel Martínez")


def test_a_matchmaking_workshop_books_a_meeting_into_both_agendas_and_feeds(live_server, page, new_page):
    event = factories.event(title="Call-for-competences workshop", slug="competences", kind="workshop")
    organiser = factories.user("org@example.org")
    factories.role(organiser, RoleName.ORGANISER, event=event)
    factories.user("saskia@example.org", display_name="Saskia Peeters")
    factories.user("katrin@example.org", display_name="Katrin Müller")
    start = event.start_at + timedelta(hours=2)
    matchmaking.add_slot(event, start, start + timedelta(minutes=25), "Table 4")
    db.session.commit()

    # Organiser-defined slots exist; the provider publishes her offers.
    other = new_page()
    log_in(other, live_server, "katrin@example.org")
    other.goto(live_server(f"/events/{event.slug}/matchmaking"))
    other.get_by_label("Region").fill("Saxony")
    other.get_by_label(re.compile("you offer")).fill("microfluidics, clean room prototyping")
    other.get_by_role("button", name="Save profile").click()
    expect(other.locator(".flashes")).to_contain_text("Profile saved")

    # The project owner publishes her needs and sees the provider suggested.
    log_in(page, live_server, "saskia@example.org")
    page.goto(live_server(f"/events/{event.slug}/"))
    page.get_by_role("link", name=re.compile("Matchmaking")).click()
    page.get_by_label("Region").fill("Flanders")
    page.get_by_label(re.compile("you need")).fill("Microfluidics, regulatory advice")
    page.get_by_role("button", name="Save profile").click()
    suggestion = page.locator("article.calls-match", has_text="Katrin Müller")
    expect(suggestion).to_contain_text("another region")
    expect(suggestion).to_contain_text("Offers what you need: microfluidics")
    assert_accessible(page)
    suggestion.get_by_label("Message").fill("Could your lab prototype our chip?")
    suggestion.get_by_role("button", name=re.compile("Request a meeting")).click()
    expect(page.locator(".flashes")).to_contain_text("Meeting requested")

    # The provider accepts.
    other.reload()
    other.get_by_role("button", name="Accept").click()
    expect(other.locator(".calls-meetings")).to_contain_text("Accepted")

    # Both agendas and both personal feeds show the meeting.
    for who, browser_page, partner in (
        ("saskia@example.org", page, "Katrin Müller"),
        ("katrin@example.org", other, "Saskia Peeters"),
    ):
        browser_page.goto(live_server("/me/agenda"))
        expect(browser_page.locator("main")).to_contain_text(f"1:1 meeting with {partner}")
        expect(browser_page.locator("main")).to_contain_text("Table 4")
        user = db.session.scalar(db.select(User).where(User.email == who))
        personal_feed.regenerate_token(user)
        db.session.commit()
        feed = browser_page.request.get(live_server(f"/calendar/{user.calendar_token}.ics"))
        assert feed.ok and f"1:1 meeting with {partner}" in feed.text()

    # The organiser prints the schedule and sees one cross-regional meeting.
    page.goto(live_server("/"))
    log_out(page)
    log_in(page, live_server, "org@example.org")
    page.goto(live_server(f"/manage/events/{event.slug}/calls/matchmaking"))
    expect(page.locator("#cross-count")).to_have_text("1")
    page.get_by_role("link", name="Printable meeting schedule").click()
    expect(page.locator("#schedule")).to_contain_text("Saskia Peeters")
    expect(page.locator("#schedule")).to_contain_text("Katrin Müller")
