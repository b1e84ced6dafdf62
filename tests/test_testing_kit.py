"""confsite.testing, the kit plugin authors test with: the documented fixture, one app
context per request, PostgreSQL through CONFSITE_TEST_DATABASE_URL, and the builders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from confsite import testing
from confsite.api import RegistrationStatus, db, is_registered, registration_of


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = testing.make_test_app(tmp_path, plugins=[])
    with app.app_context():
        yield app
        db.session.remove()


def test_a_second_client_is_not_served_as_the_first_clients_user(app):
    user = testing.sample_user("ángel@example.org")
    first, second = app.test_client(), app.test_client()
    testing.log_in(first, user)
    assert first.get("/me/agenda").status_code == 200
    assert second.get("/me/agenda").status_code == 302  # to the log-in page, not Ángel's agenda


def test_the_database_follows_confsite_test_database_url(app):
    url = os.environ.get("CONFSITE_TEST_DATABASE_URL")
    backend = db.engine.url.get_backend_name()
    assert backend == ("postgresql" if url else "sqlite")


def test_builders_make_sessions_talks_people_registrations_and_roles(app):
    event = testing.sample_event(title="Øresund workshop", capacity=10)
    speaker = testing.sample_person(name="Łukasz Nowak")
    session = testing.sample_session(event, title="Opening")
    talk = testing.sample_talk(session, [speaker], title="Why ports matter")
    member = testing.sample_user("member@example.org")
    confirmed = testing.sample_registration(event, member)
    waiting = testing.sample_registration(event, status="waitlisted", name="Žiga")
    guest = testing.sample_registration(event, email="Guest@Example.org")
    organiser = testing.sample_user()
    testing.grant_role(organiser, "organiser", event=event)

    assert talk.speakers == [speaker] and talk.session.event is event
    assert confirmed.user_id == member.id and confirmed.status == RegistrationStatus.CONFIRMED
    assert waiting.status == RegistrationStatus.WAITLISTED and waiting.user_id is None
    assert guest.user_id is None and guest.email == "guest@example.org"
    assert event.confirmed_count == 2  # the seats taken: the member's and the guest's
    html = app.test_client().get(f"/events/{event.slug}/sessions/{session.id}").get_data(as_text=True)
    assert "Why ports matter" in html and "Łukasz Nowak" in html


def test_registration_of_finds_a_registration_an_organiser_added_by_address(app):
    event = testing.sample_event()
    user = testing.sample_user("dana@example.org")
    assert registration_of(user, event) is None and not is_registered(user, event)
    added = testing.sample_registration(event, email="DANA@example.org")  # no user id
    assert added.user_id is None
    assert registration_of(user, event) == added and is_registered(user, event)
    assert registration_of(None, event) is None
    other = testing.sample_event()
    testing.sample_registration(other, user, status="waitlisted")
    assert registration_of(user, other) is not None and not is_registered(user, other)
