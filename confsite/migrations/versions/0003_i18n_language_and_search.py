"""i18n: each account's language; the search index (SQLite FTS5 / PostgreSQL full text)

Revision ID: 0003_i18n
Revises: 0002_event_notify
Create Date: 2026-11-29 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0003_i18n"
down_revision = "0002_event_notify"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
