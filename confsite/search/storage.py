"""Where search documents are kept and how they are matched, per database.

One ordinary table, ``search_documents``, holds what is shown (title, excerpt, link)
and what is matched:

* SQLite: an FTS5 index over the folded text (``search_documents_fts``, external
  content, kept in step by triggers), tokenizer ``porter unicode61 remove_diacritics 2``
  (English stemming; accents and case ignored; letters such as Ł, Ø, ß folded first in
  Python, since they carry no separable accent).
* PostgreSQL: a ``tsvector`` column with a GIN index, built with ``public.unaccent`` and
  both the ``simple`` configuration (names, prefixes) and the stemming configuration of
  the document's language (english, spanish, italian, french, german).
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR

from confsite.extensions import db

# Letters with no combining accent to strip: folded by hand (as unaccent does).
_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
     "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i", "ħ": "h", "Ħ": "H"}
)  # fmt: skip
WORD = re.compile(r"\w+", re.UNICODE)
# PostgreSQL text search configurations by site language.
PG_CONFIG = {"en": "english", "es": "spanish", "it": "italian", "fr": "french", "de": "german"}

search_documents = sa.Table(
    "search_documents",
    db.metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("ref", sa.String(64), nullable=False),  # the object's key within its kind
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), index=True),
    sa.Column("title", sa.String(400), nullable=False),
    sa.Column("excerpt", sa.Text, nullable=False, default=""),
    sa.Column("endpoint", sa.String(100), nullable=False),
    sa.Column("url_args", sa.JSON, nullable=False),
    sa.Column("language", sa.String(8), nullable=False, default="en"),
    sa.Column("folded_title", sa.Text, nullable=False, default=""),
    sa.Column("folded_body", sa.Text, nullable=False, default=""),
    sa.Column("document", sa.Text().with_variant(TSVECTOR(), "postgresql")),
)
sa.Index("ix_search_documents_document", search_documents.c.document, postgresql_using="gin").ddl_if(
    dialect="postgresql"
)

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
POSTGRES_CREATE = ("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",)

for _statement in SQLITE_CREATE:
    sa.event.listen(search_documents, "after_create", sa.DDL(_statement).execute_if(dialect="sqlite"))
for _statement in SQLITE_DROP:
    sa.event.listen(search_documents, "before_drop", sa.DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRES_CREATE:
    sa.event.listen(search_documents, "before_create", sa.DDL(_statement).execute_if(dialect="postgresql"))


def fold(text: str) -> str:
    """Lower case without accents: "José María Łukasz" -> "jose maria lukasz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(query: str) -> list[str]:
    """The words of a query, folded (punctuation and operators dropped)."""
    return WORD.findall(fold(query))[:12]


def _document_sql(language: str) -> sa.ColumnElement:
    config = PG_CONFIG.get(language, "simple")
    title = sa.bindparam("title_text", type_=sa.Text)
    body = sa.bindparam("body_text", type_=sa.Text)
    unaccent = sa.func.public.unaccent
    return (
        sa.func.setweight(
            sa.func.to_tsvector(sa.literal_column("'simple'"), unaccent(title)), sa.literal_column("'A'")
        ).op("||")(sa.func.to_tsvector(sa.literal_column("'simple'"), unaccent(body)))
    ).op("||")(sa.func.to_tsvector(sa.literal_column(f"'{config}'"), unaccent(title + " " + body)))


def insert_rows(connection: sa.Connection, rows: list[dict]) -> None:
    """Store documents (dicts with the table's columns plus title_text/body_text)."""
    if not rows:
        return
    postgres = connection.dialect.name == "postgresql"
    for row in rows:
        values = {k: v for k, v in row.items() if k not in ("title_text", "body_text")}
        values["folded_title"] = fold(row["title_text"])
        values["folded_body"] = fold(row["body_text"])
        statement = search_documents.insert().values(**values)
        if postgres:
            statement = statement.values(document=_document_sql(row["language"]))
            connection.execute(statement, {"title_text": row["title_text"], "body_text": row["body_text"]})
        else:
            connection.execute(statement)


def delete_rows(
    connection: sa.Connection, *, event_id: int | None = None, kinds: tuple[str, ...] = ()
) -> None:
    statement = search_documents.delete()
    if event_id is not None:
        statement = statement.where(search_documents.c.event_id == event_id)
    if kinds:
        statement = statement.where(search_documents.c.kind.in_(kinds))
    connection.execute(statement)


def matching(connection: sa.Connection, query: str, language: str, limit: int) -> list[sa.Row]:
    """Rows matching every word of ``query`` (each also as a prefix), best first."""
    terms = words(query)
    if not terms:
        return []
    t = search_documents.c
    columns = (t.kind, t.ref, t.event_id, t.title, t.excerpt, t.endpoint, t.url_args)
    if connection.dialect.name == "postgresql":
        config = PG_CONFIG.get(language, "simple")
        prefix = " & ".join(f"{term}:*" for term in terms)
        stemmed = " & ".join(terms)
        tsquery = sa.func.to_tsquery(sa.literal_column("'simple'"), sa.bindparam("prefix", prefix)).op("||")(
            sa.func.to_tsquery(sa.literal_column(f"'{config}'"), sa.bindparam("stemmed", stemmed))
        )
        statement = (
            sa.select(*columns)
            .where(t.document.op("@@")(tsquery))
            .order_by(sa.func.ts_rank(t.document, tsquery).desc(), t.title)
            .limit(limit)
        )
        return list(connection.execute(statement))
    fts = sa.table("search_documents_fts", sa.column("rowid"), sa.column("rank"))
    match = " ".join(f'"{term}"*' for term in terms)
    statement = (
        sa.select(*columns)
        .join(fts, fts.c.rowid == t.id)
        .where(sa.text("search_documents_fts MATCH :match").bindparams(match=match))
        .order_by(fts.c.rank, t.title)
        .limit(limit)
    )
    return list(connection.execute(statement))


def made_by_raw_ddl(name: str | None, type_: str) -> bool:
    """The FTS5 virtual table (and its shadow tables) and the PostgreSQL-only GIN index
    are created by the DDL above, not from the models: migration comparison skips them."""
    return name is not None and (
        (type_ == "table" and name.startswith("search_documents_fts"))
        or (type_ == "index" and name == "ix_search_documents_document")
    )
