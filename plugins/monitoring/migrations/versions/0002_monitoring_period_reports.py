"""Monitoring report completeness: thematic platform, EC coordinator, other information
and working-area comments on the profile; one narrative per reporting period (executive
summary, "any other comments" rows, progress report, self-evaluation).

Revision ID: 0002_monitoring
Revises: 0001_monitoring
Create Date: 2026-11-29

"""

import sqlalchemy as sa
from alembic import op

revision = "0002_monitoring"
down_revision = "0001_monitoring"
branch_labels = None
depends_on = None

NARRATIVE = (
    "executive_summary",
    "innovative_results",
    "socio_economic_impacts",
    "partnership_collaboration",
    "business_involvement",
    "cooperation_level",
    "eu13_involvement",
    "non_eu_involvement",
    "outreach",
    "other_platforms",
    "self_evaluation",
)


def upgrade():
    with op.batch_alter_table("monitoring_profiles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("thematic_platform", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("ec_coordinator", sa.String(length=300), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("other_information", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("working_areas_comments", sa.Text(), server_default="", nullable=False))
    op.create_table(
        "monitoring_period_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("executive_summary", sa.Text(), nullable=False),
        sa.Column("comments", sa.JSON(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in NARRATIVE[1:]),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_monitoring_period_reports_period_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["series.id"],
            name=op.f("fk_monitoring_period_reports_series_id_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_period_reports")),
        sa.UniqueConstraint(
            "series_id",
            "period_start",
            "period_end",
            name=op.f("uq_monitoring_period_reports_series_id_period_start_period_end"),
        ),
    )
    with op.batch_alter_table("monitoring_period_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_monitoring_period_reports_series_id"), ["series_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("monitoring_period_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_monitoring_period_reports_series_id"))
    op.drop_table("monitoring_period_reports")
    with op.batch_alter_table("monitoring_profiles", schema=None) as batch_op:
        batch_op.drop_column("working_areas_comments")
        batch_op.drop_column("other_information")
        batch_op.drop_column("ec_coordinator")
        batch_op.drop_column("thematic_platform")
