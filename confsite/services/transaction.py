"""One unit of work per service call: services commit their own writes.

Views and CLI commands never touch the session's transaction: they call a service,
which either commits everything it changed or, on any error, rolls it all back before
the error reaches the caller (so a form shown again with its problems has nothing
half-written behind it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import cast

import sqlalchemy as sa
from flask import has_app_context
from sqlalchemy import event as sa_event
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql.dml import UpdateBase

from confsite.extensions import db

_WROTE = "confsite.transaction.wrote"


@contextmanager
def committing() -> Iterator[None]:
    """Commit what the block wrote; roll back and re-raise if the block or the commit
    itself raised (a unique key hit at commit time leaves a usable session)."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def has_writes(session: OrmSession) -> bool:
    """Whether the open transaction wrote (flushed rows, an INSERT/UPDATE/DELETE
    statement) or holds unflushed changes. A transaction that has not may simply be
    rolled back when something in it fails: nothing would be lost. Jobs wait for the
    commit of one that has (``confsite.jobs``); plugin hooks run in a SAVEPOINT only
    inside one that has (``confsite.plugins``)."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(_WROTE))


def written_tables(session: OrmSession) -> frozenset[str]:
    """Names of the tables the open transaction wrote through the ORM (flushed objects,
    ORM INSERT/UPDATE/DELETE statements); plain SQL text is not seen."""
    return frozenset(session.info.get(_WROTE, ()))


def _note(session: OrmSession, tables: Iterable[str]) -> None:
    session.info.setdefault(_WROTE, set()).update(tables)


@sa_event.listens_for(OrmSession, "after_flush")
def _note_flush(session: OrmSession, _context: object) -> None:
    # After a flush, new/dirty/deleted still list what it wrote.
    mappers = {sa.inspect(obj).mapper for obj in (*session.new, *session.dirty, *session.deleted)}
    _note(session, (table.name for mapper in mappers for table in mapper.tables))


# An execution option naming what a write statement changes, where that is less than
# its table: the seat counter's UPDATEs say ``models.event_notifications.SEATS``.
ANNOUNCED_AS = "confsite_announced_as"


@sa_event.listens_for(OrmSession, "do_orm_execute")
def _note_write_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        # An INSERT, UPDATE or DELETE of one table (the ORM writes no joins).
        table = cast(sa.TableClause, cast(UpdateBase, state.statement).table)
        _note(state.session, [state.execution_options.get(ANNOUNCED_AS, table.name)])


def ends_transaction(session: OrmSession) -> bool:
    """In an ``after_commit`` / ``after_rollback`` listener: whether the whole
    transaction ended (SQLAlchemy fires both for a SAVEPOINT too, whose release or
    rollback leaves the outer transaction and its writes open)."""
    return not session.in_nested_transaction()


@sa_event.listens_for(OrmSession, "after_commit")
@sa_event.listens_for(OrmSession, "after_rollback")
def _forget_writes(session: OrmSession) -> None:
    if ends_transaction(session):
        session.info.pop(_WROTE, None)


@contextmanager
def contained() -> Iterator[None]:
    """Run a block (a plugin's hook implementation) so that its database failure stays
    its own: rolled back if it raises, leaving the caller's transaction usable.

    On PostgreSQL a failed statement poisons the whole transaction
    (``InFailedSqlTransaction`` for every later query): one plugin's bad SQL would
    break every other plugin and the page itself. Inside a transaction that has written,
    the block runs in a SAVEPOINT. Where nothing earlier needs protecting, none is made
    (two round trips saved on every hook call of every page): outside a transaction,
    and inside one that has written nothing yet (a page reading, a form before its
    write); a failure there rolls the whole transaction back instead, losing nothing,
    and what the request loaded before is reloaded when next used. A block that commits
    (lifecycle hooks do) ends the savepoint with the transaction, which is fine."""
    if not has_app_context():
        yield
        return
    session = db.session()
    if not session.in_transaction() or not has_writes(session):
        try:
            yield
        except BaseException:
            db.session.rollback()
            raise
        return
    nested = db.session.begin_nested()
    try:
        yield
    except BaseException:
        if nested.is_active:
            nested.rollback()
        raise
    if nested.is_active:
        nested.commit()
