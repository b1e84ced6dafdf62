"""events announce their changes (PostgreSQL LISTEN/NOTIFY trigger)

Revision ID: 0002_event_notify
Revises: 0001_core
Create Date: 2026-11-23 20:10:00

"""

from alembic import op

from confsite.models import event_notifications

revision = "0002_event_notify"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in event_notifications.CREATE:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in event_notifications.DROP:
            op.execute(statement)
