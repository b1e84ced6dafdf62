"""per-event plugin settings announce their changes like events do (PostgreSQL
LISTEN/NOTIFY triggers), so app servers keep them in memory between changes

Revision ID: 0015_plugin_settings_notify
Revises: 0014_chairs_person_index
Create Date: 2026-11-30 06:20:00

"""

from alembic import op

from confsite.models import event_notifications

revision = "0015_plugin_settings_notify"
down_revision = "0014_chairs_person_index"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in event_notifications.PLUGIN_SETTING_TABLES:
            op.execute(event_notifications.create_trigger(table))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in event_notifications.PLUGIN_SETTING_TABLES:
            op.execute(event_notifications.drop_trigger(table))
