"""The checklist a draft event's workspace page shows before publishing."""

from __future__ import annotations

from datetime import timedelta

from confsite.extensions import db
from confsite.models import RoleName, SessionKind


def _organiser(make, auth, event):
    organiser = make.user("org@example.org")
    make.role(organiser, RoleName.ORGANISER, event=event)
    auth.login("org@example.org")


def test_a_draft_lists_what_to_look_at_before_publishing(client, make, auth):
    event = make.event(slug="ws", status="draft", description="")
    hall = make.room(event, "Hall")
    start = event.start_at + timedelta(hours=1)
    panel = make.session(event, title="Panel on data", kind=SessionKind.PANEL, start_at=start)
    make.talk(panel, [], title="Nobody's talk")
    make.session(
        event,
        title="Clash A",
        kind=SessionKind.OTHER,
        room=hall,
        start_at=start + timedelta(hours=3),
        description="A",
    )
    make.session(
        event,
        title="Clash B",
        kind=SessionKind.OTHER,
        room=hall,
        start_at=start + timedelta(hours=3),
        description="B",
    )
    make.session(event, title="Coffee", kind=SessionKind.BREAK, start_at=start + timedelta(hours=5))
    _organiser(make, auth, event)

    page = client.get("/manage/events/ws/").get_data(as_text=True)
    checklist = page[page.index("Before you publish") : page.index("Publish the event")]
    assert "“Clash A” and “Clash B” overlap in Hall." in checklist
    assert "The event has no description." in checklist
    assert "“Panel on data” has no room." in checklist and "“Panel on data” has no chair." in checklist
    assert "The talk “Nobody&#39;s talk” has no speaker." in checklist
    assert "Coffee" not in checklist  # a break needs no room, chair or description
    assert f"/manage/events/ws/sessions/{panel.id}" in checklist

    event.description = "A workshop."
    panel.room = make.room(event, "Side room")
    panel.chairs = [make.person(name="Øystein Berg")]
    panel.talks[0].speaker_links.clear()
    panel.talks.clear()
    panel.description = "Three regions compare notes."
    for item in event.sessions:
        if item.title == "Clash B":
            item.start_at += timedelta(hours=1)
            item.end_at += timedelta(hours=1)
    db.session.commit()
    page = client.get("/manage/events/ws/").get_data(as_text=True)
    assert "Nothing to look at" in page, page[
        page.index("Before you publish") : page.index("Publish the event")
    ]


def test_published_events_show_no_checklist(client, make, auth):
    event = make.event(slug="pub", description="")
    _organiser(make, auth, event)
    assert "Before you publish" not in client.get("/manage/events/pub/").get_data(as_text=True)
