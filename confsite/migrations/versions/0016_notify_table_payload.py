"""change announcements name their table (the NOTIFY payload), so app servers forget
only what they derived from it: a registration taking a seat no longer drops every
worker's plugin settings

Revision ID: 0016_notify_table_payload
Revises: 0015_plugin_settings_notify
Create Date: 2026-11-30 10:00:00

"""

from alembic import op

from confsite.models import event_notifications

revision = "0016_notify_table_payload"
down_revision = "0015_plugin_settings_notify"
branch_labels = None
depends_on = None

# The function as 0002 made it (an empty payload: listeners forget everything).
BEFORE = f"""CREATE OR REPLACE FUNCTION confsite_notify_event_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{event_notifications.CHANNEL}', '');
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(event_notifications.CREATE[0])  # CREATE OR REPLACE FUNCTION


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(BEFORE)
