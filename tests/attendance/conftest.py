"""Fixtures of the attendance-plugin tests: the reference conference's published
figures (16 countries, 65 registered attendees, 11 speakers, 194 and 414 stream views),
built from scratch with the test factories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from confsite_plugins.attendance.models import ManualCount

from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationStatus, RoleName, Sector, User
from tests.factories import utc

# 65 confirmed attendees over 16 countries.
COUNTRY_SPREAD = {
    "ES": 14,
    "IT": 7,
    "BE": 5,
    "DE": 5,
    "FR": 4,
    "GB": 4,
    "NL": 4,
    "PL": 4,
    "GR": 3,
    "PT": 3,
    "AT": 2,
    "FI": 2,
    "HU": 2,
    "IE": 2,
    "RO": 2,
    "SE": 2,
}
SECTORS = list(Sector)


@dataclass
class Reference:
    event: Event
    organiser: User


def add_registrations(
    event: Event,
    spread: dict[str, int],
    status=RegistrationStatus.CONFIRMED,
    prefix: str = "a",
    checked_in_every: int = 0,
) -> int:
    """Registrations per country, confirmed on successive days before the event."""
    index = 0
    for country, n in spread.items():
        for _ in range(n):
            when = event.start_at - timedelta(days=40) + timedelta(hours=15 * index)
            db.session.add(
                Registration(
                    event=event,
                    name=f"Attendee {prefix}{index}",
                    email=f"{prefix}{index}@example.org",
                    country=country,
                    sector=SECTORS[index % len(SECTORS)],
                    status=status,
                    created_at=when,
                    confirmed_at=when if status == RegistrationStatus.CONFIRMED else None,
                    cancelled_at=when + timedelta(days=1) if status == RegistrationStatus.CANCELLED else None,
                    waitlisted_at=when if status == RegistrationStatus.WAITLISTED else None,
                    checked_in_at=event.start_at
                    if checked_in_every and index % checked_in_every == 0
                    else None,
                )
            )
            index += 1
    db.session.commit()
    return index


@pytest.fixture
def reference(app, make) -> Reference:
    """The Key Area 4 conference, 13–14 July 2021 (Europe/Madrid), with its figures."""
    event = make.event(
        slug="ka4-conf",
        title="Innovation Flow in the Healthcare",
        timezone="Europe/Madrid",
        start_at=utc(2021, 7, 13, 7, 0),
        end_at=utc(2021, 7, 14, 15, 0),
    )
    speakers = [make.person(name=f"Speaker {i}") for i in range(11)]
    chair = make.person(name="A Chair")  # chairs are not counted as speakers
    opening = make.session(event, title="Opening session", start_at=utc(2021, 7, 13, 7, 0), chairs=[chair])
    make.talk(opening, [speakers[0], speakers[1]])
    first = make.session(event, title="Session I", start_at=utc(2021, 7, 13, 9, 0))
    for person in speakers[2:5]:
        make.talk(first, [person])
    second = make.session(event, title="Session II", start_at=utc(2021, 7, 14, 7, 0))
    for person in speakers[5:7]:
        make.talk(second, [person])
    third = make.session(event, title="Session III", start_at=utc(2021, 7, 14, 9, 0))
    for person in [speakers[7], speakers[7], speakers[8], speakers[9], speakers[10]]:
        make.talk(third, [person])  # speaker 7 gives two talks: still one speaker
    make.session(event, title="Coffee", kind="break", start_at=utc(2021, 7, 13, 11, 0))

    add_registrations(event, COUNTRY_SPREAD, checked_in_every=2)
    # People who are not attendees: they must not move the figures (a 17th country too).
    add_registrations(event, {"JP": 2, "ES": 1}, RegistrationStatus.CANCELLED, prefix="c")
    add_registrations(event, {"CA": 3}, RegistrationStatus.WAITLISTED, prefix="w")

    organiser = make.user("organiser@example.org")
    make.role(organiser, RoleName.ORGANISER, event=event)
    return Reference(event, organiser)


@pytest.fixture
def reference_with_streams(reference) -> Reference:
    for day, views in ((date(2021, 7, 13), 194), (date(2021, 7, 14), 414)):
        db.session.add(
            ManualCount(event_id=reference.event.id, day=day, source="Streaming platform", count=views)
        )
    db.session.commit()
    return reference


@pytest.fixture
def organiser_client(client, auth, reference):
    response = auth.login(reference.organiser.email)
    assert response.status_code == 302
    return client
