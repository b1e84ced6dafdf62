"""events: a change of the seat counter alone is announced apart from other changes, so
app servers keep event rows in memory through a registration rush

Revision ID: 0018_seats_announced_apart
Revises: 0017_series_notify
Create Date: 2026-11-30 21:00:00

"""

from alembic import op

from confsite.models import event_notifications

revision = "0018_seats_announced_apart"
down_revision = "0017_series_notify"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in event_notifications.EVENTS_APART:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in event_notifications.EVENTS_TOGETHER:
            op.execute(statement)
