"""calls: PostgreSQL announces changes to the tables its public panels show, so app
servers keep those panels in memory until they change

Revision ID: 0003_calls_announce
Revises: 0002_calls_former_reviewers
Depends on: 0016_notify_table_payload
Create Date: 2026-11-30 17:00:00

"""

from alembic import op

from confsite.api import announcing_ddl, stop_announcing_ddl

revision = "0003_calls_announce"
down_revision = "0002_calls_former_reviewers"
branch_labels = None
depends_on = "0016_notify_table_payload"

TABLES = ("calls_calls", "calls_slots", "calls_profiles")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for statement in announcing_ddl(table):
                op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(stop_announcing_ddl(table))
