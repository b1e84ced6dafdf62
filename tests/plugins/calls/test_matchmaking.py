"""Matchmaking at a call-for-competences workshop: profiles, suggestions favouring
other regions, 1:1 meetings in organiser slots (a taken slot is refused), accepted
meetings in both people's agendas and personal feeds, the printable schedule, the matrix."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from confsite_plugins.calls import matchmaking
from confsite_plugins.calls.models import Meeting, MeetingStatus, Profile

from confsite.extensions import db
from confsite.services import personal_feed


def _profile(event, user, name, region, needs, offers):
    profile = matchmaking.save_profile(
        event,
        user,
        matchmaking.ProfileInput(name, f"{name} Ltd", region, "Health", 4, needs, offers, ""),
    )
    db.session.commit()
    return profile


@pytest.fixture
def workshop(world):
    event = world.event
    start = event.start_at + timedelta(hours=3)
    slots = [
        matchmaking.add_slot(
            event,
            start + timedelta(minutes=20 * i),
            start + timedelta(minutes=20 * (i + 1)),
            f"Table {i + 1}",
        )
        for i in range(2)
    ]
    db.session.commit()
    return slots


def test_profiles_are_published_through_the_page_and_matches_suggested(client, auth, world, workshop):
    url = f"/events/{world.event.slug}/matchmaking"
    auth.login("angel@example.org")
    response = client.post(
        url,
        data={
            "display_name": "Ángel",
            "region": "Flanders",
            "needs": "microfluidics, regulatory advice",
            "offers": "",
        },
    )
    assert response.status_code == 302
    auth.logout()
    auth.login("lukasz@example.org")
    client.post(
        url,
        data={
            "display_name": "Łukasz",
            "region": "Saxony",
            "offers": "Microfluidics, clean room",
            "needs": "clinical trials",
        },
    )
    page = client.get(url).get_data(as_text=True)
    assert "Ángel" in page and "another region" in page
    assert "Needs what you offer: microfluidics" in page
    # An empty profile is refused with a reason.
    response = client.post(url, data={"display_name": "Łukasz", "needs": "", "offers": ""})
    assert response.status_code == 400 and "at least one need or one offer" in response.get_data(as_text=True)


def test_suggestions_favour_partners_from_another_region(world, make):
    event = world.event
    me = _profile(event, world.applicant, "Ángel", "Flanders", ["microfluidics", "regulatory advice"], [])
    same = _profile(event, world.other, "Same region", "Flanders", [], ["microfluidics"])
    far = _profile(event, make.user(), "Other region", "Auvergne-Rhône-Alpes", [], ["microfluidics"])
    both = _profile(event, make.user(), "Two offers", "Flanders", [], ["Microfluidics", "Regulatory advice"])
    _profile(event, make.user(), "Unrelated", "Saxony", [], ["catering"])
    found = matchmaking.suggestions(me, matchmaking.profiles(event))
    assert [(m.profile.id, m.score) for m in found] == [(both.id, 2.0), (far.id, 1.5), (same.id, 1.0)]


def test_meeting_booked_shows_in_both_agendas_and_feeds_and_a_taken_slot_is_refused(
    app, client, auth, world, make, workshop
):
    event = world.event
    _profile(event, world.applicant, "Ángel", "Flanders", ["microfluidics"], [])
    lukasz = _profile(event, world.other, "Łukasz", "Saxony", [], ["microfluidics"])
    third = _profile(event, make.user("oystein@example.org"), "Øystein", "Flanders", [], ["microfluidics"])
    base = f"/events/{event.slug}/matchmaking"
    auth.login("angel@example.org")
    assert (
        client.post(
            f"{base}/request/{lukasz.id}", data={"meet-slot": str(workshop[0].id), "meet-message": "Chips?"}
        ).status_code
        == 302
    )
    # Ángel's first slot is taken now (the request is pending): another request there is refused.
    response = client.post(
        f"{base}/request/{third.id}", data={"meet-slot": str(workshop[0].id)}, follow_redirects=True
    )
    assert "That slot is already taken" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Meeting)) == 1
    auth.logout()

    meeting = db.session.scalar(db.select(Meeting))
    auth.login("lukasz@example.org")
    assert client.post(f"{base}/meetings/{meeting.id}/answer", data={"action": "accept"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.ACCEPTED
    agenda = client.get("/me/agenda").get_data(as_text=True)
    assert "1:1 meeting with Ángel" in agenda and "Table 1" in agenda
    auth.logout()
    auth.login("angel@example.org")
    agenda = client.get("/me/agenda").get_data(as_text=True)
    assert "1:1 meeting with Łukasz" in agenda

    for user, other in ((world.applicant, "Łukasz"), (world.other, "Ángel")):
        db.session.refresh(user)
        personal_feed.regenerate_token(user)
        db.session.commit()
        feed = client.get(f"/calendar/{user.calendar_token}.ics")
        assert feed.status_code == 200
        calendar = icalendar.Calendar.from_ical(feed.data)
        [vevent] = [
            c for c in calendar.walk("VEVENT") if str(c["UID"]) == f"calls-meeting-{meeting.id}@confsite"
        ]
        assert str(vevent["SUMMARY"]) == f"1:1 meeting with {other}"
        assert vevent.decoded("DTSTART") == workshop[0].start_at
        assert str(vevent["LOCATION"]) == "Table 1"


def test_a_slot_taken_by_the_other_person_is_refused_too(world, make, workshop):
    event = world.event
    a = _profile(event, world.applicant, "A", "Flanders", ["x"], [])
    b = _profile(event, world.other, "B", "Saxony", [], ["x"])
    c = _profile(event, make.user(), "C", "Saxony", ["x"], [])
    matchmaking.request_meeting(workshop[0], c, b)
    db.session.commit()
    with pytest.raises(matchmaking.CallError, match="already taken"):
        matchmaking.request_meeting(workshop[0], a, b)
    assert matchmaking.request_meeting(workshop[1], a, b).slot_id == workshop[1].id


def test_only_the_invitee_accepts(world, make, workshop):
    event = world.event
    a = _profile(event, world.applicant, "A", "Flanders", ["x"], [])
    b = _profile(event, world.other, "B", "Saxony", [], ["x"])
    meeting = matchmaking.request_meeting(workshop[0], a, b)
    with pytest.raises(matchmaking.CallError):
        matchmaking.answer_meeting(meeting, a, accept=True)


def test_organiser_sees_the_matrix_cross_regional_count_and_printable_schedule(
    client, auth, world, make, workshop
):
    event = world.event
    a = _profile(event, world.applicant, "Ángel", "Flanders", ["x"], [])
    b = _profile(event, world.other, "Łukasz", "Saxony", [], ["x"])
    matchmaking.answer_meeting(matchmaking.request_meeting(workshop[0], a, b), b, accept=True)
    db.session.commit()
    auth.login("org@example.org")
    page = client.get(f"/manage/events/{event.slug}/calls/matchmaking").get_data(as_text=True)
    assert '<dd id="meeting-count">1</dd>' in page and '<dd id="cross-count">1</dd>' in page
    assert "Match matrix" in page and "1.5" in page
    schedule = client.get(f"/manage/events/{event.slug}/calls/matchmaking/schedule").get_data(as_text=True)
    assert "Table 1" in schedule and "Ángel" in schedule and "Łukasz" in schedule
    # Slots are added through the page, in the event's zone.
    response = client.post(
        f"/manage/events/{event.slug}/calls/matchmaking",
        data={"start_at": "2030-05-04T10:00", "end_at": "2030-05-04T09:00", "location": "Table 9"},
    )
    assert response.status_code == 400 and "must end after it starts" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Profile)) == 2
