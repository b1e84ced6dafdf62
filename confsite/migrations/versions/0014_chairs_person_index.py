"""session chairs get an index on the person: "sessions a person chairs" (speaker pages,
people's merges and erasure) without reading the whole table

Revision ID: 0014_chairs_person_index
Revises: 0013_registration_search
Create Date: 2026-11-30 04:10:00

"""

from alembic import op

revision = "0014_chairs_person_index"
down_revision = "0013_registration_search"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_session_chairs_person_id", "session_chairs", ["person_id"])


def downgrade():
    op.drop_index("ix_session_chairs_person_id", table_name="session_chairs")
