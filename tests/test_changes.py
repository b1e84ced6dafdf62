"""The change log bumps SEQUENCE and records who changed what on published events."""

from __future__ import annotations

from datetime import timedelta

from confsite.extensions import db
from confsite.services.changes import change_log, record_session_change, session_snapshot


def test_moving_a_session_bumps_sequence_and_is_logged(app, make):
    event = make.event()
    user = make.user()
    session = make.session(event, title="Opening")
    stamp = event.content_changed_at
    before = session_snapshot(session)
    session.start_at += timedelta(minutes=30)
    session.end_at += timedelta(minutes=30)
    fields = record_session_change(session, before, user=user)
    db.session.commit()
    assert fields == ("time",)
    assert session.sequence == 1
    assert event.content_changed_at > stamp
    [entry] = change_log(event)
    assert (entry.field, entry.user_id, entry.session_uid) == ("time", user.id, session.uid)


def test_speaker_changes_are_logged_without_sequence_bump(app, make):
    event = make.event()
    session = make.session(event)
    before = session_snapshot(session)
    make.talk(session, [make.person(name="Ada")])
    db.session.refresh(session)
    assert record_session_change(session, before) == ("speakers",)
    assert session.sequence == 0


def test_drafts_are_not_logged(app, make):
    event = make.event(status="draft")
    session = make.session(event)
    before = session_snapshot(session)
    session.title = "Renamed"
    record_session_change(session, before)
    db.session.commit()
    assert change_log(event) == []
    assert session.sequence == 1
