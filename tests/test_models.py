"""Constraints live in the database, not only in forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from confsite.extensions import db
from confsite.models import Event, Person, Registration, Session, Talk
from tests.factories import utc


def _insert_event(**overrides):
    values = dict(
        slug="raw",
        title="Raw",
        kind="conference",
        format="online",
        status="draft",
        timezone="UTC",
        start_at=utc(2030, 1, 1, 10),
        end_at=utc(2030, 1, 1, 12),
        venue="",
        description="",
        confirmed_count=0,
        content_changed_at=utc(2030, 1, 1),
        created_at=utc(2030, 1, 1),
        updated_at=utc(2030, 1, 1),
    )
    values.update(overrides)
    db.session.execute(sa.insert(Event.__table__).values(**values))
    db.session.flush()


def test_end_before_start_is_refused_by_the_database(app):
    with pytest.raises(IntegrityError):
        _insert_event(end_at=utc(2030, 1, 1, 9))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0


def test_negative_capacity_is_refused_by_the_database(app):
    with pytest.raises(IntegrityError):
        _insert_event(capacity=-1)
    db.session.rollback()


def test_unknown_enum_value_is_refused_by_the_database(app):
    _insert_event()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.text("UPDATE events SET kind = 'party'"))
    db.session.rollback()


def test_slugs_are_unique(app, make):
    make.event(slug="same")
    with pytest.raises(IntegrityError):
        make.event(slug="same")
    db.session.rollback()


def test_invalid_time_zone_is_refused_with_a_clear_message(app):
    with pytest.raises(ValueError, match="Unknown time zone 'Mars/Olympus'"):
        Event(timezone="Mars/Olympus")


def test_session_end_after_start(app, make):
    event = make.event()
    db.session.add(Session(event=event, title="x", start_at=event.start_at, end_at=event.start_at))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_deleting_an_event_cascades_to_its_programme_and_registrations(app, make):
    event = make.event()
    session = make.session(event)
    speaker = make.person()
    make.talk(session, [speaker])
    db.session.add(Registration(event=event, name="A", email="a@example.org", status="confirmed"))
    db.session.commit()
    db.session.delete(event)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Session.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Talk.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0
    # People are shared across events and survive.
    assert db.session.get(Person, speaker.id) is not None


def test_a_speaker_cannot_be_deleted_while_still_speaking(app, make):
    event = make.event()
    speaker = make.person()
    make.talk(make.session(event), [speaker])
    with pytest.raises(IntegrityError):
        db.session.execute(sa.delete(Person).where(Person.id == speaker.id))
    db.session.rollback()


def test_deleting_a_series_keeps_its_events(app, make):
    series = make.series()
    event = make.event(series=series)
    db.session.delete(series)
    db.session.commit()
    db.session.refresh(event)
    assert event.series_id is None


def test_registration_email_is_unique_per_event(app, make):
    event = make.event()
    db.session.add(Registration(event=event, name="A", email="a@example.org", status="confirmed"))
    db.session.commit()
    db.session.add(Registration(event=event, name="B", email="a@example.org", status="confirmed"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_datetimes_come_back_timezone_aware_in_utc(app, make):
    event = make.event(start_at=make.utc(2030, 5, 1, 8, 0))
    db.session.expire_all()
    reloaded = db.session.get(Event, event.id)
    assert reloaded.start_at.tzinfo is not None
    assert reloaded.start_at.utcoffset() == timedelta(0)
    assert reloaded.local(reloaded.start_at).hour == 10  # Madrid summer time
