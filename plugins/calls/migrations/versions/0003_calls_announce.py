"""calls: PostgreSQL announces changes to the tables its public panels show, so app
servers keep those panels in memory until they change

Revision ID: 0003_calls_announce
Revises: 0002_calls_former_reviewers
Depends on: 0016_notify_table_payload
Create Date: 2026-11-30 17:00:00

"""

from alembic import op

from confsite.api import announce_in_migration, stop_announcing_in_migration

revision = "0003_calls_announce"
down_revision = "0002_calls_former_reviewers"
branch_labels = None
depends_on = "0016_notify_table_payload"

TABLES = ("calls_calls", "calls_slots", "calls_profiles")


def upgrade():
    announce_in_migration(op, *TABLES)


def downgrade():
    stop_announcing_in_migration(op, *TABLES)
