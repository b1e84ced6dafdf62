"""people and organisations get a comparable name key (accent- and case-insensitive)

Revision ID: 0004_name_keys
Revises: 0003_comms
Create Date: 2026-11-29 21:20:00

"""

import sqlalchemy as sa
from alembic import op

from confsite.name_keys import name_key

revision = "0004_name_keys"
down_revision = "0003_comms"
branch_labels = None
depends_on = None

TABLES = ("people", "organisations")


def upgrade():
    bind = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("name_key", sa.String(200), nullable=False, server_default=""))
        rows = bind.execute(sa.text(f"SELECT id, name FROM {table}")).all()
        for row_id, name in rows:
            bind.execute(
                sa.text(f"UPDATE {table} SET name_key = :key WHERE id = :id"),
                {"key": name_key(name), "id": row_id},
            )
        op.create_index(f"ix_{table}_name_key", table, ["name_key"])


def downgrade():
    for table in TABLES:
        op.drop_index(f"ix_{table}_name_key", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("name_key")
