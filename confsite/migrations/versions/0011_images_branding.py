"""Images and branding: uploaded speaker photos, event and series logo, banner and accent colour

Revision ID: 0011_images_branding
Revises: 0010_site_settings
Create Date: 2026-11-30 00:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0011_images_branding"
down_revision = "0010_site_settings"
branch_labels = None
depends_on = None

BRANDED = ("series", "events")


def upgrade():
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("photo", sa.String(length=80), nullable=True))
    for table in BRANDED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("logo", sa.String(length=80), nullable=True))
            batch.add_column(sa.Column("banner", sa.String(length=80), nullable=True))
            batch.add_column(sa.Column("accent_colour", sa.String(length=7), nullable=True))


def downgrade():
    for table in reversed(BRANDED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("accent_colour")
            batch.drop_column("banner")
            batch.drop_column("logo")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("photo")
