"""Deliverable metadata, document templates, quorum, chosen events and report builds.

Revision ID: 0002_reports
Revises: 0001_reports
Create Date: 2026-11-29

"""

import sqlalchemy as sa
from alembic import op

revision = "0002_reports"
down_revision = "0001_reports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reports_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quorum", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(
            sa.Column("template", sa.String(length=32), server_default="standard", nullable=False)
        )
        batch_op.add_column(sa.Column("event_ids", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("deliverable", sa.JSON(), server_default="{}", nullable=False))
    with op.batch_alter_table("reports_published", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deliverable", sa.JSON(), server_default="{}", nullable=False))
        batch_op.add_column(
            sa.Column("template", sa.String(length=32), server_default="standard", nullable=False)
        )
    op.create_table(
        "reports_builds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=200), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "(event_id IS NULL) <> (series_id IS NULL)", name=op.f("ck_reports_builds_one_scope")
        ),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name=op.f("ck_reports_builds_progress_range")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_reports_builds_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_reports_builds_series_id_series"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_reports_builds_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports_builds")),
    )
    with op.batch_alter_table("reports_builds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_builds_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_builds_series_id"), ["series_id"], unique=False)


def downgrade():
    with op.batch_alter_table("reports_builds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_builds_series_id"))
        batch_op.drop_index(batch_op.f("ix_reports_builds_event_id"))
    op.drop_table("reports_builds")
    with op.batch_alter_table("reports_published", schema=None) as batch_op:
        batch_op.drop_column("template")
        batch_op.drop_column("deliverable")
    with op.batch_alter_table("reports_settings", schema=None) as batch_op:
        batch_op.drop_column("deliverable")
        batch_op.drop_column("event_ids")
        batch_op.drop_column("template")
        batch_op.drop_column("quorum")
