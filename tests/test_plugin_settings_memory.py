"""Which plugins are on for an event, and their settings for it, are kept in each
worker's memory on PostgreSQL (their tables announce changes like ``events``) and read
on every request on SQLite; a request that has written reads its own writes."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from confsite.caching import event_memory
from confsite.extensions import db
from confsite.models import PluginEventValues, PluginSetting
from confsite.models.event_notifications import SEATS
from confsite.services import registration
from confsite.services.plugin_event_settings import plugin_settings
from confsite.services.plugin_settings import disabled_plugins
from confsite.testing import count_queries, wait_for


def test_settings_are_kept_until_a_change_is_announced(app, make, database):
    event = make.event(title="Žiga's workshop")
    db.session.commit()
    memory = event_memory.of(app)
    memory.engine()  # a worker's first use starts the listener
    if not database.is_postgres:
        assert not memory.memory.listening.is_set()
        disabled_plugins(event=event)
        with count_queries() as statements:
            assert disabled_plugins(event=event) == frozenset()
        assert len(statements) == 1  # read every time: nothing announces changes
        return

    assert memory.memory.listening.wait(10)
    assert disabled_plugins(event=event) == frozenset()  # read once, then kept
    assert plugin_settings("attendance", event)["ask_attendance_mode"] is True
    with app.app_context(), app.test_request_context(), count_queries() as statements:
        assert disabled_plugins(event=event) == frozenset()
        assert plugin_settings("attendance", event)["ask_attendance_mode"] is True
    assert statements == []

    # Changes made elsewhere (another worker, a SQL prompt) arrive as announcements.
    generation = memory.memory.generation("plugin_settings")
    with db.engine.begin() as elsewhere:
        elsewhere.execute(
            sa.insert(PluginSetting).values(plugin="take_home", event_id=event.id, enabled=False)
        )
    assert wait_for(lambda: memory.memory.generation("plugin_settings") != generation)
    assert disabled_plugins(event=event) == frozenset({"take_home"})

    generation = memory.memory.generation("plugin_event_values")
    with db.engine.begin() as elsewhere:
        elsewhere.execute(
            sa.insert(PluginEventValues).values(
                plugin="attendance", event_id=event.id, values={"ask_attendance_mode": False}
            )
        )
    assert wait_for(lambda: memory.memory.generation("plugin_event_values") != generation)
    with app.app_context(), app.test_request_context():  # a new request: nothing it kept
        assert plugin_settings("attendance", event)["ask_attendance_mode"] is False


def test_a_request_that_wrote_reads_its_own_writes(app, make, database):
    event = make.event()
    db.session.commit()
    memory = event_memory.of(app)
    memory.engine()
    if database.is_postgres:
        assert memory.memory.listening.wait(10)
    assert disabled_plugins(event=event) == frozenset()  # kept on PostgreSQL
    db.session.add(PluginSetting(plugin="calls", event_id=event.id, enabled=False))
    db.session.flush()  # not committed: no announcement, yet this transaction sees it
    assert disabled_plugins(event=event) == frozenset({"calls"})
    db.session.rollback()
    assert wait_for(lambda: disabled_plugins(event=event) == frozenset())


def test_a_registration_makes_its_worker_forget_the_seat_counts_alone(app, make, database, monkeypatch):
    """A seat taken (the morning rush's every request) moves the seat counter alone: the
    worker that registered forgets the seat counts at its commit and keeps the event rows
    and the plugin settings (the other workers hear of it as ``SEATS``:
    ``tests/test_migrations.py``)."""
    event = make.event(title="Øystein's clinic", capacity=50)
    db.session.commit()
    memory = event_memory.of(app)
    memory.engine()
    if not database.is_postgres:
        return  # nothing is kept on SQLite (the first test shows it)
    assert memory.memory.listening.wait(10)
    forgotten: list[frozenset[str] | None] = []
    invalidate = memory.memory.invalidate

    def noting(tables=None, **kw):
        if threading.current_thread() is not memory.listener:  # not what others announce
            forgotten.append(None if tables is None else frozenset(tables))
        invalidate(tables, **kw)

    monkeypatch.setattr(memory.memory, "invalidate", noting)
    with app.test_request_context():
        registration.register(
            event, registration.Applicant(name="Łukasz Nowak", email="lukasz@example.org", consent=True)
        )
    assert forgotten == [frozenset({SEATS})]


def test_forgetting_one_table_keeps_the_others_and_a_racing_read():
    memory = event_memory.Memory()
    memory.invalidate(listening=True)
    memory.keep("event", "row", memory.generation("events"), "events")
    memory.keep("off", "settings", memory.generation("plugin_settings"), "plugin_settings")
    read_before = memory.generation("events")
    memory.invalidate(["events"])
    assert memory.get("event", "events") is None
    assert memory.get("off", "plugin_settings") == "settings"
    memory.keep("event", "stale row", read_before, "events")  # read before the change
    assert memory.get("event", "events") is None
    memory.invalidate()  # everything, e.g. an announcement of unknown shape
    assert memory.get("off", "plugin_settings") is None
    assert event_memory.announced_tables("plugin_event_values") == ["plugin_event_values"]
    assert event_memory.announced_tables("") is None
