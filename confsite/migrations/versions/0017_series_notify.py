"""series announce their changes like events do (PostgreSQL LISTEN/NOTIFY trigger), so
app servers keep an event's series row in memory beside the event's

Revision ID: 0017_series_notify
Revises: 0016_notify_table_payload
Create Date: 2026-11-30 17:00:00

"""

from alembic import op

from confsite.models import event_notifications

revision = "0017_series_notify"
down_revision = "0016_notify_table_payload"
branch_labels = None
depends_on = None


def upgrade():
    event_notifications.announce_in_migration(op, "series")


def downgrade():
    event_notifications.stop_announcing_in_migration(op, "series")
