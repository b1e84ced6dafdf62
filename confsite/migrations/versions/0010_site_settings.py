"""Site settings changed by administrators (the personal-data retention period)

Revision ID: 0010_site_settings
Revises: 0009_i18n
Create Date: 2026-11-30 00:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010_site_settings"
down_revision = "0009_i18n"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site_settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_site_settings")),
    )


def downgrade():
    op.drop_table("site_settings")
