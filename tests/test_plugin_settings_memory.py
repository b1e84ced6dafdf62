"""Which plugins are on for an event, and their settings for it, are kept in each
worker's memory on PostgreSQL (their tables announce changes like ``events``) and read
on every request on SQLite; a request that has written reads its own writes."""

from __future__ import annotations

import sqlalchemy as sa

from confsite.caching import event_memory
from confsite.extensions import db
from confsite.models import PluginEventValues, PluginSetting
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
    generation = memory.memory.generation
    with db.engine.begin() as elsewhere:
        elsewhere.execute(
            sa.insert(PluginSetting).values(plugin="take_home", event_id=event.id, enabled=False)
        )
    assert wait_for(lambda: memory.memory.generation != generation)
    assert disabled_plugins(event=event) == frozenset({"take_home"})

    generation = memory.memory.generation
    with db.engine.begin() as elsewhere:
        elsewhere.execute(
            sa.insert(PluginEventValues).values(
                plugin="attendance", event_id=event.id, values={"ask_attendance_mode": False}
            )
        )
    assert wait_for(lambda: memory.memory.generation != generation)
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
