"""Generate the benchmark events quickly with bulk inserts.

The large event of ``make bench`` (``SIZES[600]``): 3 days, 30 rooms, 600 sessions,
1,500 talks, 1,200 speakers, 5,000 registrations and 100,000 page-view counters of the
attendance plugin. The events of the other sizes (60 and 6,000 sessions) are the same
event scaled: talks, speakers and rooms in proportion, 500 / 50,000 registrations, and
counters of the same depth for each page. All belong to one series. Deterministic, so
two runs measure the same data.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import (
    Event,
    Organisation,
    Person,
    Registration,
    Room,
    Series,
    Session,
    Talk,
    TalkSpeaker,
    User,
    session_chairs,
)

SLUG = "bench-large"
SERIES_SLUG = "bench-series"
DAYS = 3
EVENT_PAGE_DAYS, SESSION_PAGE_DAYS = 400, 166  # days of view counters per page


@dataclass(frozen=True)
class Size:
    """One benchmark event: ``sessions`` sessions and everything in proportion."""

    sessions: int
    registrations: int

    @property
    def slug(self) -> str:
        return SLUG if self.sessions == 600 else f"bench-{self.sessions}"

    @property
    def rooms(self) -> int:
        return max(self.sessions // 20, 3)

    @property
    def talks(self) -> int:
        return self.sessions * 5 // 2

    @property
    def speakers(self) -> int:
        return self.sessions * 2


SIZES = {n: Size(n, n * 25 // 3) for n in (60, 600, 6000)}  # 500 / 5,000 / 50,000 registrations
COUNTRIES = ["ES", "IT", "DE", "FR", "GR", "GB", "NL", "BE", "PL", "PT", "SE", "FI", "AT", "IE", "HU", "RO"]
SECTORS = ["academia", "industry", "public_authority", "healthcare_provider", "cluster_agency", "other"]


def _rows(table, rows: list[dict]) -> None:
    for start in range(0, len(rows), 2000):
        db.session.execute(sa.insert(table), rows[start : start + 2000])


def generate(start_day: date | None = None, size: Size = SIZES[600]) -> Event:
    """Create the event of ``size`` (published, capacity for every registrant) in the
    bench series and return it; an event already there is returned as it is."""
    rng = random.Random(42 * size.sessions)  # each size its own uids
    existing = db.session.scalar(sa.select(Event).where(Event.slug == size.slug))
    if existing is not None:
        return existing
    start_day = start_day or (datetime.now(UTC).date() + timedelta(days=60))
    start = datetime(start_day.year, start_day.month, start_day.day, 7, tzinfo=UTC)
    event = Event(
        slug=size.slug,
        title=f"Benchmark congress ({size.sessions} sessions)",
        kind="conference",
        format="hybrid",
        status="published",
        timezone="Europe/Madrid",
        start_at=start,
        end_at=start + timedelta(days=DAYS - 1, hours=11),
        venue="Exhibition centre",
        online_url="https://stream.example.org/bench",
        # Room for every registration the bench posts: it measures registrations that
        # take a seat (the rush check measures the waiting list).
        capacity=size.registrations + 100_000,
        confirmed_count=size.registrations,
        series=_series(),
    )
    db.session.add(event)
    db.session.flush()
    orgs = [
        Organisation(
            name=f"Bench organisation {size.sessions}-{i}", country=COUNTRIES[i % 16], sector=SECTORS[i % 6]
        )
        for i in range(100)
    ]
    db.session.add_all(orgs)
    db.session.flush()
    _rows(
        Room.__table__,
        [{"event_id": event.id, "name": f"Room {i + 1}", "position": i} for i in range(size.rooms)],
    )
    room_ids = db.session.scalars(
        sa.select(Room.id).where(Room.event_id == event.id).order_by(Room.position)
    ).all()
    speaker_prefix = f"Speaker {size.sessions}-"
    _rows(
        Person.__table__,
        [
            {
                "name": f"{speaker_prefix}{i:05d}",
                "position": "Researcher",
                "organisation_id": orgs[i % 100].id,
                "country": COUNTRIES[i % 16],
                "bio": "",
                "created_at": start,
                "updated_at": start,
            }
            for i in range(size.speakers)
        ],
    )
    person_ids = db.session.scalars(
        sa.select(Person.id).where(Person.name.like(f"{speaker_prefix}%")).order_by(Person.id)
    ).all()
    per_day = size.sessions // DAYS
    slots = per_day // size.rooms  # ~6 slots a day in each room
    sessions = []
    for index in range(size.sessions):
        day, rest = divmod(index, per_day)
        slot, room = divmod(rest, size.rooms)
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
            {"session_id": sid, "person_id": person_ids[i % size.speakers], "position": 0}
            for i, sid in enumerate(session_ids)
        ],
    )
    _rows(
        Talk.__table__,
        [
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                "session_id": session_ids[i % size.sessions],
                "title": f"Talk {i + 1}",
                "summary": "A talk of the benchmark congress.",
                "position": i // size.sessions,
                "created_at": start,
                "updated_at": start,
            }
            for i in range(size.talks)
        ],
    )
    talk_ids = db.session.scalars(
        sa.select(Talk.id).join(Session).where(Session.event_id == event.id).order_by(Talk.id)
    ).all()
    _rows(
        TalkSpeaker.__table__,
        [
            {"talk_id": tid, "person_id": person_ids[i % size.speakers], "position": 0}
            for i, tid in enumerate(talk_ids)
        ],
    )
    _registrations(event, size, opened=start - timedelta(days=60))
    _view_counters(event, session_ids)
    db.session.commit()
    return event


def _series() -> Series:
    series = db.session.scalar(sa.select(Series).where(Series.slug == SERIES_SLUG))
    if series is None:
        series = Series(slug=SERIES_SLUG, title="Benchmark congresses")
        db.session.add(series)
    return series


def _registrations(event: Event, size: Size, opened: datetime) -> None:
    for first in range(0, size.registrations, 10_000):  # in slices: 50,000 dicts at once are slow
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
                    "confirmed_at": opened + timedelta(minutes=i),
                    "created_at": opened + timedelta(minutes=i),
                    "updated_at": opened,
                    "checked_in_at": None,
                }
                for i in range(first, min(first + 10_000, size.registrations))
            ],
        )


def _view_counters(event: Event, session_ids: list[int]) -> None:
    """Fill the attendance plugin's per-day counters (event page and session pages), as
    if the pages had been viewed daily for months: 400 days of the event page and 166
    of each session page (100,000 rows for 600 sessions)."""
    from confsite_plugins.attendance.models import EventPageViews, SessionPageViews

    first = event.start_at.date() - timedelta(days=EVENT_PAGE_DAYS)
    _rows(
        EventPageViews.__table__,
        [
            {"event_id": event.id, "day": first + timedelta(days=d), "views": 20 + d % 50}
            for d in range(EVENT_PAGE_DAYS)
        ],
    )
    for begin in range(0, len(session_ids), 100):
        _rows(
            SessionPageViews.__table__,
            [
                {
                    "session_id": sid,
                    "event_id": event.id,
                    "day": first + timedelta(days=d),
                    "views": 1 + (i + d) % 37,
                }
                for i, sid in enumerate(session_ids[begin : begin + 100], start=begin)
                for d in range(SESSION_PAGE_DAYS)
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
