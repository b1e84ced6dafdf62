"""i18n: the language of each account, registration and event report; the search index (SQLite FTS5 / PostgreSQL full text)

Revision ID: 0009_i18n
Revises: 0008_plugin_platform
Create Date: 2026-11-29 21:00:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

# Copied from confsite/search/storage.py: migrations never import application code.
POSTGRES_CREATE = ("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",)
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_documents_fts USING fts5("
    "folded_title, folded_body, content='search_documents', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_documents_ai AFTER INSERT ON search_documents BEGIN "
    "INSERT INTO search_documents_fts(rowid, folded_title, folded_body) "
    "VALUES (new.id, new.folded_title, new.folded_body); END",
    "CREATE TRIGGER IF NOT EXISTS search_documents_ad AFTER DELETE ON search_documents BEGIN "
    "INSERT INTO search_documents_fts(search_documents_fts, rowid, folded_title, folded_body) "
    "VALUES ('delete', old.id, old.folded_title, old.folded_body); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_documents_ad",
    "DROP TRIGGER IF EXISTS search_documents_ai",
    "DROP TABLE IF EXISTS search_documents_fts",
)

revision = "0009_i18n"
down_revision = "0008_plugin_platform"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("report_language", sa.String(length=8), nullable=True))
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for statement in POSTGRES_CREATE:
            op.execute(statement)
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("endpoint", sa.String(length=100), nullable=False),
        sa.Column("url_args", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("folded_title", sa.Text(), nullable=False),
        sa.Column("folded_body", sa.Text(), nullable=False),
        sa.Column("document", sa.Text().with_variant(TSVECTOR(), "postgresql"), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_search_documents_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
    )
    op.create_index(op.f("ix_search_documents_event_id"), "search_documents", ["event_id"])
    if dialect == "postgresql":
        op.create_index(
            "ix_search_documents_document", "search_documents", ["document"], postgresql_using="gin"
        )
    else:
        for statement in SQLITE_CREATE:
            op.execute(statement)
    # Existing events are indexed by `confsite search-rebuild` (docs/operations.md).


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DROP:
            op.execute(statement)
    op.drop_table("search_documents")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("report_language")
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
