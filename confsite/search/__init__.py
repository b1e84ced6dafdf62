"""Site search: one box in the header, results grouped by kind (docs/architecture.md).

What can be found comes from *sources*: the core registers events, sessions, talks,
speakers and organisations (:mod:`confsite.search.core_sources`); plugins register
theirs through ``confsite.api.register_search_source`` (take-home messages, recommendations). A source
lists the documents of one event that a visitor may see: drafts and unpublished
content are never indexed, so they can never be found.

The index is kept current by the database session: a commit that changed a row a
source watches re-indexes that row's events in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import orm

from confsite.extensions import db
from confsite.models import Event, EventStatus
from confsite.search import storage

__all__ = [
    "Document",
    "Result",
    "ResultGroup",
    "Source",
    "init_app",
    "rebuild",
    "register_source",
    "search",
]


@dataclass(frozen=True)
class Document:
    """One thing that can be found, and the page it links to."""

    kind: str
    ref: str
    title: str
    body: str
    endpoint: str
    url_args: dict[str, Any]


@dataclass(frozen=True)
class Source:
    """A kind of searchable thing.

    ``documents(event)`` lists the visible documents of a published event;
    ``event_ids(row)`` says which events' documents a changed row of one of ``models``
    affects (read foreign keys, not relationships: the row may be deleted);
    ``changed(row)`` may narrow which changes matter (an event's seat count does not).
    """

    kind: str
    label: Any  # a lazy translated string: the heading of this kind's results
    order: int
    models: tuple[type, ...]
    documents: Callable[[Event], Iterable[Document]]
    event_ids: Callable[[Any], Iterable[int]]
    changed: Callable[[Any], bool] = field(default=lambda row: True)


_SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Make a kind searchable (the same kind registered again replaces the earlier one)."""
    _SOURCES[source.kind] = source


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.kind))


@dataclass(frozen=True)
class Result:
    title: str
    excerpt: str
    endpoint: str
    url_args: dict[str, Any]


@dataclass(frozen=True)
class ResultGroup:
    kind: str
    label: str
    results: list[Result]


def _visible_events() -> sa.Select:
    return sa.select(Event.id).where(Event.status != EventStatus.DRAFT)


def search(query: str, language: str = "en", per_kind: int = 10) -> list[ResultGroup]:
    """What a visitor finds for ``query``, grouped by kind in the sources' order; the
    same thing found through several events is listed once."""
    rows = storage.matching(db.session.connection(), query, language, limit=500)
    visible = set(db.session.scalars(_visible_events()))
    grouped: dict[str, list[Result]] = {}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if (row.event_id is not None and row.event_id not in visible) or (row.kind, row.ref) in seen:
            continue
        seen.add((row.kind, row.ref))
        bucket = grouped.setdefault(row.kind, [])
        if len(bucket) < per_kind:
            bucket.append(Result(row.title, row.excerpt, row.endpoint, dict(row.url_args)))
    return [
        ResultGroup(source.kind, str(source.label), grouped[source.kind])
        for source in sources()
        if grouped.get(source.kind)
    ]


def _excerpt(text: str, length: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def reindex_event(event_id: int, session: orm.Session | None = None) -> None:
    """Replace the documents of one event (none if it is a draft or gone)."""
    orm_session = session if session is not None else db.session()
    connection = orm_session.connection()
    storage.delete_rows(connection, event_id=event_id)
    event = orm_session.get(Event, event_id)
    if event is None or event.status == EventStatus.DRAFT:
        return
    language = event.report_language or "en"
    rows = []
    for source in sources():
        for document in source.documents(event):
            rows.append(
                {
                    "kind": document.kind,
                    "ref": document.ref,
                    "event_id": event_id,
                    "title": document.title[:400],
                    "excerpt": _excerpt(document.body),
                    "endpoint": document.endpoint,
                    "url_args": document.url_args,
                    "language": language,
                    "title_text": document.title,
                    "body_text": document.body,
                }
            )
    storage.insert_rows(connection, rows)


def rebuild() -> int:
    """Index every event again (``confsite search-rebuild``); returns how many."""
    storage.delete_rows(db.session.connection())
    ids = list(db.session.scalars(sa.select(Event.id)))
    for event_id in ids:
        reindex_event(event_id)
    db.session.commit()
    return len(ids)


# -- keeping the index current ------------------------------------------------------------
_PENDING = "confsite.search.pending"


def _note_changes(session: orm.Session, _context: object) -> None:
    """After each flush: remember the rows sources watch (resolved at commit)."""
    if not _SOURCES:
        return
    pending = session.info.setdefault(_PENDING, [])
    for row in (*session.new, *session.dirty, *session.deleted):
        for source in _SOURCES.values():
            if isinstance(row, source.models) and (row in session.deleted or source.changed(row)):
                pending.append((source, row))


def _reindex_pending(session: orm.Session) -> None:
    """Before commit: re-index the events the flushed changes touched (same transaction)."""
    if not session.info.get(_PENDING) and not (session.new or session.dirty or session.deleted):
        return
    session.flush()
    done: set[int] = set()
    while session.info.get(_PENDING):
        pending, session.info[_PENDING] = session.info[_PENDING], []
        event_ids: set[int] = set()
        for source, row in pending:
            event_ids.update(i for i in source.event_ids(row) if i is not None)
        for event_id in sorted(event_ids - done):
            reindex_event(event_id, session)
            done.add(event_id)
        session.flush()


def _forget(session: orm.Session, *_args: object) -> None:
    session.info.pop(_PENDING, None)


def install() -> None:
    """Listen to every ORM session (idempotent)."""
    if not sa.event.contains(orm.Session, "after_flush", _note_changes):
        sa.event.listen(orm.Session, "after_flush", _note_changes)
        sa.event.listen(orm.Session, "before_commit", _reindex_pending)
        sa.event.listen(orm.Session, "after_rollback", _forget)


@click.command("search-rebuild")
@with_appcontext
def rebuild_command() -> None:
    """Index every published event again (after an upgrade or a bulk import)."""
    click.echo(f"Indexed {rebuild()} events.")


def init_app(app: Flask) -> None:
    """Watch the ORM sessions, register the core's kinds and the rebuild command."""
    # Imported here: the core sources import the services, which import the models' users.
    from confsite.search import core_sources  # noqa: PLC0415

    install()
    core_sources.register()
    app.cli.add_command(rebuild_command)
