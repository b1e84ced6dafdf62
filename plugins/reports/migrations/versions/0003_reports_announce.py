"""reports: PostgreSQL announces changes to the tables its public panels show, so app
servers keep those panels in memory until they change

Revision ID: 0003_reports
Revises: 0002_reports
Depends on: 0016_notify_table_payload
Create Date: 2026-11-30 17:00:00

"""

from alembic import op

from confsite.api import announcing_ddl, stop_announcing_ddl

revision = "0003_reports"
down_revision = "0002_reports"
branch_labels = None
depends_on = "0016_notify_table_payload"

TABLES = ("reports_published",)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for statement in announcing_ddl(table):
                op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(stop_announcing_ddl(table))
