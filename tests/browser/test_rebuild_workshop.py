"""Rebuilding the reference workshop (KA4 interregional workshop, 16–17 November 2021)
from nothing through the organiser's pages, counting the forms it takes.

The programme comes from a spreadsheet an organiser would keep anyway: one row per talk,
and one per break or visit, with chairs and speakers from several countries. The sheet
is made here from the demo's own data, so the rebuilt event can be checked against it.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from confsite.demo import content
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_organiser import _log_in

pytestmark = pytest.mark.browser

FORM_LIMIT = 15  # the bar for rebuilding the reference workshop


def _workshop_sheet() -> tuple[bytes, dict]:
    workshop = next(e for e in content.EVENTS if e["slug"] == "ka4-workshop-2021")
    people = {p["key"]: p for p in content.PEOPLE}
    orgs = {o["key"]: o["name"] for o in content.ORGANISATIONS}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["day", "start", "end", "session", "room", "kind", "chairs", "talk title", "speakers",
                     "affiliation", "country"])  # fmt: skip
    for session in workshop["sessions"]:
        day, start = session["start"].split("T")
        end = session["end"].split("T")[1]
        chairs = "; ".join(people[k]["name"] for k in session["chairs"])
        common = [day, start, end, session["title"], session["room"] or "", session["kind"], chairs]
        for talk in session["talks"] or [None]:
            if talk is None:
                writer.writerow([*common, "", "", "", ""])
                continue
            speakers = [people[k] for k in talk["speakers"]]
            writer.writerow([
                *common,
                talk["title"],
                "; ".join(p["name"] for p in speakers),
                "; ".join(orgs.get(p["organisation"], "") for p in speakers),
                "; ".join(p["country"] or "" for p in speakers),
            ])  # fmt: skip
    return out.getvalue().encode("utf-8"), workshop


def test_the_reference_workshop_is_rebuilt_in_under_fifteen_forms(live_server, page, tmp_path):
    sheet, workshop = _workshop_sheet()
    path = tmp_path / "ka4-workshop.csv"
    path.write_bytes(sheet)
    factories.user("officer@example.org", admin=True, display_name="Project Officer")
    forms: list[str] = []
    page.on(
        "request", lambda r: forms.append(r.url) if r.method == "POST" and r.is_navigation_request() else None
    )

    _log_in(page, live_server, "officer@example.org")
    page.goto(live_server("/manage/events/new"))
    page.get_by_label("Title", exact=True).fill(workshop["title"])
    page.get_by_label("Web address name").fill("ka4-workshop-rebuilt")
    page.get_by_label("Time zone").fill("Europe/Madrid")
    page.get_by_label("Starts", exact=True).fill(workshop["start"])
    page.get_by_label("Ends", exact=True).fill(workshop["end"])
    page.get_by_label("Description").fill(workshop["description"])
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_text("Event created as a draft")).to_be_visible()

    page.get_by_role("link", name="Import an agenda from a spreadsheet").click()
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("button", name="Import this agenda")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Import this agenda").click()

    # The publish checklist points at what the sheet could not say: a session's description.
    page.goto(live_server("/manage/events/ka4-workshop-rebuilt/"))
    co_creation = next(s for s in workshop["sessions"] if s["kind"] == "co_creation")
    page.get_by_role("link", name=re.compile("has neither a description nor talks")).click()
    page.get_by_role("link", name="Edit the session").click()
    page.get_by_label("Description").fill(co_creation["description"])
    page.get_by_role("button", name="Save session").click()
    page.goto(live_server("/manage/events/ka4-workshop-rebuilt/"))
    expect(page.get_by_text("Nothing to look at")).to_be_visible()
    page.get_by_role("button", name="Publish the event").click()
    expect(page.get_by_text("The event is published")).to_be_visible()

    assert len(forms) < FORM_LIMIT, forms
    page.goto(live_server("/events/ka4-workshop-rebuilt/"))
    agenda = page.locator("main")
    for session in workshop["sessions"]:
        expect(agenda.get_by_text(session["title"], exact=True).first).to_be_visible()
        for talk in session["talks"]:
            expect(agenda.get_by_text(talk["title"], exact=True).first).to_be_visible()
    for name in ("Ángel Alonso Sánchez", "José María Romero Fidalgo", "Mariona Baliu-Piqué"):
        expect(agenda.get_by_role("link", name=name).first).to_be_visible()
    assert_accessible(page)
    talks = sum(len(s["talks"]) for s in workshop["sessions"])
    assert agenda.locator(".talk-title").count() == talks
