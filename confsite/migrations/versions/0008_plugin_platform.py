"""plugin platform: plugins' per-event settings, answers to plugins' registration
questions, the marker of events whose end was announced

Revision ID: 0008_plugin_platform
Revises: 0007_sessions_limits
Create Date: 2026-11-29 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_plugin_platform"
down_revision = "0007_sessions_limits"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "plugin_event_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plugin", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_plugin_event_values_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plugin_event_values")),
        sa.UniqueConstraint("plugin", "event_id", name=op.f("uq_plugin_event_values_plugin_event_id")),
    )
    with op.batch_alter_table("plugin_event_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plugin_event_values_event_id"), ["event_id"], unique=False)

    op.create_table(
        "registration_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("plugin", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_answers_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_answers")),
        sa.UniqueConstraint(
            "registration_id",
            "plugin",
            "key",
            name=op.f("uq_registration_answers_registration_id_plugin_key"),
        ),
    )
    with op.batch_alter_table("registration_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_answers_registration_id"), ["registration_id"], unique=False
        )

    op.create_table(
        "event_endings",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("announced_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_endings_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_event_endings")),
    )


def downgrade():
    op.drop_table("event_endings")
    with op.batch_alter_table("registration_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_answers_registration_id"))
    op.drop_table("registration_answers")
    with op.batch_alter_table("plugin_event_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plugin_event_values_event_id"))
    op.drop_table("plugin_event_values")
