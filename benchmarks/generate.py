"""Generate the large benchmark event quickly with bulk inserts.

3 days, 30 rooms, 600 sessions, 1,500 talks, 1,200 speakers, 5,000 registrations and
100,000 page-view counters of the attendance plugin. Deterministic, so two runs
measure the same data.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import (
    Event,
    Organisation,
    Person,
    Registration,
    Room,
    Session,
    Talk,
    TalkSpeaker,
    User,
    session_chairs,
)

SLUG = "bench-large"
DAYS, ROOMS, SESSIONS, TALKS, SPEAKERS, REGISTRATIONS, VIEW_COUNTERS = 3, 30, 600, 1500, 1200, 5000, 100_000
COUNTRIES = ["ES", "IT", "DE", "FR", "GR", "GB", "NL", "BE", "PL", "PT", "SE", "FI", "AT", "IE", "HU", "RO"]
SECTORS = ["academia", "industry", "public_authority", "healthcare_provider", "cluster_agency", "other"]


def _rows(table, rows: list[dict]) -> None:
    for start in range(0, len(rows), 2000):
        db.session.execute(sa.insert(table), rows[start : start + 2000])


def generate(start_day: date | None = None) -> Event:
    """Create the large event (published, capacity for every registrant) and return it."""
    rng = random.Random(42)
    existing = db.session.scalar(sa.select(Event).where(Event.slug == SLUG))
    if existing is not None:
        return existing
    start_day = start_day or (datetime.now(UTC).date() + timedelta(days=60))
    start = datetime(start_day.year, start_day.month, start_day.day, 7, tzinfo=UTC)
    event = Event(
        slug=SLUG,
        title="Benchmark congress",
        kind="conference",
        format="hybrid",
        status="published",
        timezone="Europe/Madrid",
        start_at=start,
        end_at=start + timedelta(days=DAYS - 1, hours=11),
        venue="Exhibition centre",
        online_url="https://stream.example.org/bench",
        capacity=REGISTRATIONS + 1000,
        confirmed_count=REGISTRATIONS,
    )
    db.session.add(event)
    db.session.flush()
    orgs = [
        Organisation(name=f"Bench organisation {i}", country=COUNTRIES[i % 16], sector=SECTORS[i % 6])
        for i in range(100)
    ]
    db.session.add_all(orgs)
    db.session.flush()
    _rows(
        Room.__table__, [{"event_id": event.id, "name": f"Room {i + 1}", "position": i} for i in range(ROOMS)]
    )
    room_ids = db.session.scalars(
        sa.select(Room.id).where(Room.event_id == event.id).order_by(Room.position)
    ).all()
    _rows(
        Person.__table__,
        [
            {
                "name": f"Speaker {i:04d}",
                "position": "Researcher",
                "organisation_id": orgs[i % 100].id,
                "country": COUNTRIES[i % 16],
                "bio": "",
                "created_at": start,
                "updated_at": start,
            }
            for i in range(SPEAKERS)
        ],
    )
    person_ids = db.session.scalars(
        sa.select(Person.id).where(Person.name.like("Speaker %")).order_by(Person.id)
    ).all()
    per_day = SESSIONS // DAYS
    slots = per_day // ROOMS  # ~6 slots a day in each room
    sessions = []
    for index in range(SESSIONS):
        day, rest = divmod(index, per_day)
        slot, room = divmod(rest, ROOMS)
        begins = start + timedelta(days=day, minutes=90 * (slot % max(slots, 1)))
        sessions.append(
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                "event_id": event.id,
                "title": f"Session {index + 1}",
                "kind": "talks",
                "status": "scheduled",
                "start_at": begins,
                "end_at": begins + timedelta(minutes=80),
                "room_id": room_ids[room],
                "description": "",
                "position": index,
                "sequence": 0,
                "created_at": start,
                "updated_at": start,
            }
        )
    _rows(Session.__table__, sessions)
    session_ids = db.session.scalars(
        sa.select(Session.id).where(Session.event_id == event.id).order_by(Session.position)
    ).all()
    _rows(
        session_chairs,
        [
            {"session_id": sid, "person_id": person_ids[i % SPEAKERS], "position": 0}
            for i, sid in enumerate(session_ids)
        ],
    )
    _rows(
        Talk.__table__,
        [
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                "session_id": session_ids[i % SESSIONS],
                "title": f"Talk {i + 1}",
                "summary": "A talk of the benchmark congress.",
                "position": i // SESSIONS,
                "created_at": start,
                "updated_at": start,
            }
            for i in range(TALKS)
        ],
    )
    talk_ids = db.session.scalars(
        sa.select(Talk.id).join(Session).where(Session.event_id == event.id).order_by(Talk.id)
    ).all()
    _rows(
        TalkSpeaker.__table__,
        [
            {"talk_id": tid, "person_id": person_ids[i % SPEAKERS], "position": 0}
            for i, tid in enumerate(talk_ids)
        ],
    )
    opened = start - timedelta(days=60)
    _rows(
        Registration.__table__,
        [
            {
                "event_id": event.id,
                "name": f"Attendee {i}",
                "email": f"attendee{i}@bench.example.org",
                "organisation": f"Bench organisation {i % 100}",
                "country": COUNTRIES[i % 16],
                "sector": SECTORS[i % 6],
                "status": "confirmed",
                "consent_at": opened,
                "confirmed_at": opened + timedelta(minutes=i * 17),
                "created_at": opened + timedelta(minutes=i * 17),
                "updated_at": opened,
                "checked_in_at": None,
            }
            for i in range(REGISTRATIONS)
        ],
    )
    _view_counters(event, session_ids)
    db.session.commit()
    return event


def _view_counters(event: Event, session_ids: list[int]) -> None:
    """Fill the attendance plugin's per-day counters (event page and session pages):
    VIEW_COUNTERS rows in all, as if the pages had been viewed daily for months."""
    from confsite_plugins.attendance.models import EventPageViews, SessionPageViews

    per_session = (VIEW_COUNTERS - 400) // len(session_ids)  # days of counters per session page (166)
    event_days = VIEW_COUNTERS - per_session * len(session_ids)
    first = event.start_at.date() - timedelta(days=max(event_days, per_session))
    _rows(
        EventPageViews.__table__,
        [
            {"event_id": event.id, "day": first + timedelta(days=d), "views": 20 + d % 50}
            for d in range(event_days)
        ],
    )
    _rows(
        SessionPageViews.__table__,
        [
            {
                "session_id": sid,
                "event_id": event.id,
                "day": first + timedelta(days=d),
                "views": 1 + (i + d) % 37,
            }
            for i, sid in enumerate(session_ids)
            for d in range(per_session)
        ],
    )


def bench_user(email: str = "bench@example.org", password: str = "bench-password-1") -> User:
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        user = User(email=email, display_name="Bench", is_admin=True)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
    return user
