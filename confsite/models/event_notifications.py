"""PostgreSQL announces every change to the ``events`` table (LISTEN/NOTIFY).

App servers that keep event rows in memory (``confsite.caching.event_memory``) listen on
:data:`CHANNEL` and drop what they hold when it fires. A statement-level trigger
catches every write, whatever code (or person at a SQL prompt) made it, and PostgreSQL
delivers the notification only when the writing transaction commits, once per
transaction. SQLite has nothing of the kind and needs nothing: its readers are in
process and simply read.

The DDL lives here once: ``db.create_all()`` runs it through the table's
``after_create`` event, and the core migration ``0002`` runs the same statements.
"""

from __future__ import annotations

import sqlalchemy as sa

CHANNEL = "confsite_event_changed"

CREATE = (
    f"""CREATE OR REPLACE FUNCTION confsite_notify_event_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '');
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


def install_with(table: sa.FromClause) -> None:
    """Create the trigger whenever ``table`` is created on PostgreSQL."""
    for statement in CREATE:
        sa.event.listen(table, "after_create", sa.DDL(statement).execute_if(dialect="postgresql"))
