"""registrations get a search key (accent- and case-free name, organisation, e-mail) and
an index on (event, key): the organisers' list pages and searches within one event's index

Revision ID: 0013_registration_search
Revises: 0012_talk_times
Create Date: 2026-11-30 03:00:00

"""

import sqlalchemy as sa
from alembic import op

from confsite.models.registrations import registration_search_key

revision = "0013_registration_search"
down_revision = "0012_talk_times"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade():
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("search_key", sa.String(700), nullable=False, server_default=""))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name, organisation, email FROM registrations")).all()
    update = sa.text("UPDATE registrations SET search_key = :key WHERE id = :id")
    for start in range(0, len(rows), BATCH):
        bind.execute(
            update,
            [
                {"key": registration_search_key(name, organisation, email), "id": row_id}
                for row_id, name, organisation, email in rows[start : start + BATCH]
            ],
        )
    op.create_index("ix_registrations_event_search", "registrations", ["event_id", "search_key"])


def downgrade():
    op.drop_index("ix_registrations_event_search", table_name="registrations")
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("search_key")
