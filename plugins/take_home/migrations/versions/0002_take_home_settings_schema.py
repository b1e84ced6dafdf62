"""take_home: per-event settings move onto the core's plugin settings (schema)

Revision ID: 0002_take_home
Revises: 0001_take_home
Depends on: 0008_plugin_platform
Create Date: 2026-11-29 21:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0002_take_home"
down_revision = "0001_take_home"
branch_labels = None
depends_on = "0008_plugin_platform"

VALUES = sa.table(
    "plugin_event_values",
    sa.column("plugin", sa.String),
    sa.column("event_id", sa.Integer),
    sa.column("values", sa.JSON),
)


def upgrade():
    connection = op.get_bind()
    opened = connection.execute(
        sa.text("SELECT event_id FROM take_home_event_settings WHERE suggestions_open")
    ).scalars()
    rows = [
        {"plugin": "take_home", "event_id": event_id, "values": {"suggestions_open": True}}
        for event_id in opened
    ]
    if rows:
        op.bulk_insert(VALUES, rows)
    op.drop_table("take_home_event_settings")


def downgrade():
    op.create_table(
        "take_home_event_settings",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("suggestions_open", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_take_home_event_settings_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_take_home_event_settings")),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(VALUES.c.event_id, VALUES.c["values"]).where(VALUES.c.plugin == "take_home")
    ).all()
    settings = sa.table(
        "take_home_event_settings",
        sa.column("event_id", sa.Integer),
        sa.column("suggestions_open", sa.Boolean),
    )
    opened = [
        {"event_id": e, "suggestions_open": True}
        for e, values in rows
        if (values or {}).get("suggestions_open")
    ]
    if opened:
        op.bulk_insert(settings, opened)
    connection.execute(sa.delete(VALUES).where(VALUES.c.plugin == "take_home"))
