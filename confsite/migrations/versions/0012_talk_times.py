"""Talks may have their own start time within their session

Revision ID: 0012_talk_times
Revises: 0011_images_branding
Create Date: 2026-11-30 01:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0012_talk_times"
down_revision = "0011_images_branding"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("talks") as batch:
        batch.add_column(sa.Column("start_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("talks") as batch:
        batch.drop_column("start_at")
