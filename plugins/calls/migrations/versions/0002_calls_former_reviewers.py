"""A review outlives its reviewer's account: erasing the account keeps the scores

Revision ID: 0002_calls_former_reviewers
Revises: 0001_calls
Create Date: 2026-11-30 01:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0002_calls_former_reviewers"
down_revision = "0001_calls"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("calls_reviews", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_calls_reviews_reviewer_id_users"), type_="foreignkey")
        batch_op.alter_column("reviewer_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f("fk_calls_reviews_reviewer_id_users"),
            "users",
            ["reviewer_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    op.execute("DELETE FROM calls_reviews WHERE reviewer_id IS NULL")
    with op.batch_alter_table("calls_reviews", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_calls_reviews_reviewer_id_users"), type_="foreignkey")
        batch_op.alter_column("reviewer_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_calls_reviews_reviewer_id_users"),
            "users",
            ["reviewer_id"],
            ["id"],
            ondelete="CASCADE",
        )
