"""PostgreSQL announces every change to the ``events`` and ``series`` tables, to the
per-event plugin settings and to any table a plugin names (LISTEN/NOTIFY).

App servers that keep event rows and what plugins are set to per event in memory
(``confsite.caching.event_memory``) listen on :data:`CHANNEL` and drop what they
derived from a table when it is announced. A statement-level trigger catches every
write, whatever code (or person at a SQL prompt) made it, and PostgreSQL delivers the
notification only when the writing transaction commits, once per transaction and
table, with the table's name as payload. SQLite has nothing of the kind and needs
nothing: its readers are in process and simply read.

The DDL lives here once: ``db.create_all()`` runs it through each table's
``after_create`` event, and the core migrations run the same statements (``0002`` for
``events``, ``0015`` for the plugin settings' tables, ``0016`` for the payload,
``0017`` for ``series``, ``0018`` for the seat counter announced apart: :data:`SEATS`).
Each announcing table, the core's and any plugin's, calls :func:`announce_changes`
beside its model; a plugin also calls :func:`announce_in_migration` in a migration of
its own.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

CHANNEL = "confsite_event_changed"

CREATE = (
    f"""CREATE OR REPLACE FUNCTION confsite_notify_event_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",
    """CREATE TRIGGER events_notify_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events
FOR EACH STATEMENT EXECUTE FUNCTION confsite_notify_event_changed()""",
)

DROP = (
    "DROP TRIGGER IF EXISTS events_notify_changed ON events",
    "DROP FUNCTION IF EXISTS confsite_notify_event_changed()",
)

# A write that moves nothing of an event row but its seat counter (every registration,
# cancellation and promotion) is announced under this name, not the table's: workers
# keep the event rows through a registration rush and forget only the counts
# (``caching.event_memory``). A write that changes anything else of a row is an
# ``events`` change, as before.
SEATS = "events.confirmed_count"

# ``events`` announces inserts, deletes and truncations as every table does, and its
# updates through a trigger of its own that compares each row before and after.
EVENTS_APART = (
    "DROP TRIGGER IF EXISTS events_notify_changed ON events",
    """CREATE TRIGGER events_notify_changed
AFTER INSERT OR DELETE OR TRUNCATE ON events
FOR EACH STATEMENT EXECUTE FUNCTION confsite_notify_event_changed()""",
    f"""CREATE OR REPLACE FUNCTION confsite_notify_events_updated() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
        WHERE o.id IS NULL
           OR (to_jsonb(n) - 'confirmed_count') IS DISTINCT FROM (to_jsonb(o) - 'confirmed_count')
    ) THEN
        PERFORM pg_notify('{CHANNEL}', 'events');
    ELSIF EXISTS (SELECT 1 FROM new_rows) THEN
        PERFORM pg_notify('{CHANNEL}', '{SEATS}');
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",
    """CREATE TRIGGER events_notify_updated
AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION confsite_notify_events_updated()""",
)
# Back to one trigger for every change of ``events`` (a downgrade).
EVENTS_TOGETHER = (
    "DROP TRIGGER IF EXISTS events_notify_updated ON events",
    "DROP FUNCTION IF EXISTS confsite_notify_events_updated()",
    "DROP TRIGGER IF EXISTS events_notify_changed ON events",
    CREATE[1],
)

# Which plugins are switched off for an event, and their settings for it, are read on
# almost every request of its pages: they are announced like the event row.
PLUGIN_SETTING_TABLES = ("plugin_settings", "plugin_event_values")
# Each announcement names its table (the payload), so listeners forget only what was
# derived from that one. Filled by :func:`announce_changes` as the models are imported
# (the core's, then the plugins'), the same in every process of a site.
ANNOUNCED_TABLES: set[str] = set()


def create_trigger(table: str) -> str:
    return f"""CREATE TRIGGER {table}_notify_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION confsite_notify_event_changed()"""


def drop_trigger(table: str) -> str:
    return f"DROP TRIGGER IF EXISTS {table}_notify_changed ON {table}"


def announce_changes(model: type[Any]) -> None:
    """Have PostgreSQL announce every committed change to ``model``'s table, so that
    values derived from it can be kept in memory until it changes
    (``caching.event_memory``). Creates the trigger (and the announcing function) with
    the table; an existing database gets them from a migration
    (:func:`announce_in_migration`)."""
    name: str = model.__tablename__
    ANNOUNCED_TABLES.add(name)
    for statement in announcing_ddl(name):
        sa.event.listen(model.__table__, "after_create", sa.DDL(statement).execute_if(dialect="postgresql"))


def announce_seats_apart(model: type[Any]) -> None:
    """Have changes of ``model``'s (the events') seat counter alone announced as
    :data:`SEATS`, after :func:`announce_changes` for the same model."""
    ANNOUNCED_TABLES.add(SEATS)
    for statement in EVENTS_APART:
        sa.event.listen(model.__table__, "after_create", sa.DDL(statement).execute_if(dialect="postgresql"))


def announcing_ddl(name: str) -> tuple[str, str]:
    """The statements that make PostgreSQL announce changes to table ``name``: the
    announcing function (again: it does no harm) and the table's trigger."""
    return CREATE[0], create_trigger(name)


def announce_in_migration(op: Any, *tables: str) -> None:
    """A migration's upgrade: PostgreSQL announces changes to ``tables`` from now on
    (nothing to do on SQLite). ``op`` is Alembic's."""
    if op.get_bind().dialect.name == "postgresql":
        for name in tables:
            for statement in announcing_ddl(name):
                op.execute(statement)


def stop_announcing_in_migration(op: Any, *tables: str) -> None:
    """A migration's downgrade: undo :func:`announce_in_migration`."""
    if op.get_bind().dialect.name == "postgresql":
        for name in tables:
            op.execute(drop_trigger(name))
