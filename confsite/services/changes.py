"""The change log of published programmes, and the validators derived from it.

Every change to a session of a published event goes through :func:`record_session_change`:
it writes who/when/what rows, bumps the session's iCal SEQUENCE when time, place, title
or status changed, and moves the event's ``content_changed_at`` (the ETag source).
Drafts are not logged (nobody can have subscribed yet) but still move the validator.

The same log audits changes to the event itself that no calendar carries: roles given
or taken (``role``) and plugin settings (``plugin_settings``), drafts included, with who
made them (:func:`record_event_change`); their ``session_uid`` is empty.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.i18n import _
from confsite.lifecycle import SessionChanged
from confsite.models import Event, EventStatus, Session, SessionChange, User, utcnow
from confsite.plugins import notify
from confsite.services import change_notices
from confsite.services.pagination import PER_PAGE, Page, paginate
from confsite.services.transaction import committing

# Changes calendar apps must notice (RFC 5545 SEQUENCE).
SEQUENCE_FIELDS = frozenset({"time", "room", "title", "status", "created", "deleted"})


# Event fields whose change calendar apps must take (the event's own entry).
EVENT_SEQUENCE_FIELDS = ("start_at", "end_at", "venue", "title", "status", "timezone")
# Changes registrants are told about (a change notice with an iTIP update).
NOTICE_FIELDS = frozenset({"time", "room", "status", "deleted"})


@sa_event.listens_for(OrmSession, "before_flush")
def _bump_event_sequences(session: OrmSession, _context: object, _instances: object) -> None:
    """Whoever changes an event (form, import, CLI, plugin), its SEQUENCE follows, and
    registrants of a published event get a change notice when its time or status moved."""
    for obj in session.dirty:
        if not isinstance(obj, Event):
            continue
        state = sa.inspect(obj)
        changed = [name for name in EVENT_SEQUENCE_FIELDS if state.attrs[name].history.has_changes()]
        if not changed:
            continue
        obj.sequence = (obj.sequence or 0) + 1
        touch_event(obj)  # feeds and pages show the new version, whoever made the change
        was_published = EventStatus.PUBLISHED in (state.attrs.status.history.deleted or [obj.status])
        if was_published and {"start_at", "end_at", "venue", "status"} & set(changed):
            change_notices.request(obj)


def touch_event(event: Event) -> None:
    """Mark the event's public content as changed (pages and feeds revalidate)."""
    event.content_changed_at = utcnow()


def session_snapshot(session: Session) -> dict[str, str]:
    """The logged fields of a session, as display strings."""
    return {
        "time": f"{session.start_at.isoformat()} – {session.end_at.isoformat()}",
        "room": session.room.name if session.room else "",
        "title": session.title,
        "speakers": "; ".join(p.name for t in session.talks for p in t.speakers),
        "status": session.status.value if session.status else "",
    }


def record_session_change(
    session: Session,
    before: dict[str, str] | None,
    *,
    user: User | None = None,
    deleted: bool = False,
) -> tuple[str, ...]:
    """Log what changed since ``before`` (a :func:`session_snapshot`; None = created).

    Returns the changed field names. The caller commits, then calls
    :func:`announce` so plugins hear about it.
    """
    event = session.event
    touch_event(event)
    if deleted:
        changed = {"deleted": (session.title, "")}
    elif before is None:
        changed = {"created": ("", session.title)}
    else:
        after = session_snapshot(session)
        changed = {k: (before[k], after[k]) for k in after if before.get(k) != after[k]}
    if not changed:
        return ()
    # A new session starts at SEQUENCE 0 (RFC 5545); later changes count up from there.
    if changed.keys() & SEQUENCE_FIELDS and not deleted and before is not None:
        session.sequence = (session.sequence or 0) + 1
    now = utcnow()
    if event.status == EventStatus.PUBLISHED and changed.keys() & NOTICE_FIELDS and (before or deleted):
        change_notices.request(event, at=now)  # covers the rows logged below
    if event.status == EventStatus.PUBLISHED:
        for field, (old, new) in changed.items():
            db.session.add(
                SessionChange(
                    event_id=event.id,
                    session_id=None if deleted else session.id,
                    session_uid=session.uid,
                    user_id=user.id if user else None,
                    at=now,
                    field=field,
                    before=old,
                    after=new,
                )
            )
    return tuple(changed)


EVENT_ITSELF = ""  # the session_uid of change-log rows about the event, not a session


def record_event_change(event: Event, field: str, before: str, after: str, user: User | None) -> None:
    """Audit a change to the event itself (a role, a plugin setting) in its change log,
    with who made it; the caller commits. Not a programme change: no SEQUENCE, no notice."""
    db.session.add(
        SessionChange(
            event_id=event.id,
            session_id=None,
            session_uid=EVENT_ITSELF,
            user_id=user.id if user else None,
            at=utcnow(),
            field=field,
            before=before,
            after=after,
        )
    )


def audit_event(event: Event, field: str, before: str, after: str, user: User | None) -> None:
    """:func:`record_event_change` in a transaction of its own, for a write that has
    already been committed by its service (an API registration, say)."""
    with committing():
        record_event_change(event, field, before, after, user)


def announce(session: Session, fields: tuple[str, ...], user: User | None = None) -> None:
    """Tell plugins about a committed session change."""
    if fields:
        notify(SessionChanged(session=session, fields=fields, by=user))


def _log_query(event: Event) -> sa.Select[SessionChange]:
    """The event's logged changes, newest first, with who made them loaded."""
    return (
        sa.select(SessionChange)
        .where(SessionChange.event_id == event.id)
        .options(selectinload(SessionChange.user))
        .order_by(SessionChange.at.desc(), SessionChange.id.desc())
    )


def change_log(event: Event, limit: int = 500) -> list[SessionChange]:
    """The newest ``limit`` logged changes of the event's published programme, newest
    first, with who made them loaded."""
    return list(db.session.scalars(_log_query(event).limit(limit)))


def session_titles(event: Event, uids: Collection[str] | None = None) -> dict[str, str]:
    """Session titles by uid (only those of ``uids`` when given), deleted sessions'
    included (as logged when deleted)."""
    deleted = sa.select(SessionChange.session_uid, SessionChange.before).where(
        SessionChange.event_id == event.id, SessionChange.field == "deleted"
    )
    current = sa.select(Session.uid, Session.title).where(Session.event_id == event.id)
    if uids is not None:
        deleted = deleted.where(SessionChange.session_uid.in_(uids))
        current = current.where(Session.uid.in_(uids))
    titles: dict[str, str] = dict(db.session.execute(deleted).all())
    titles.update((uid, title) for uid, title in db.session.execute(current))
    return titles


def change_log_page(event: Event, number: int, per_page: int = PER_PAGE) -> Page[dict[str, Any]]:
    """One page of the change log as the organisers' page shows it, newest first: each
    change described, with the title of the session it is about (looked up for the
    page's changes only: a fixed number of queries however long the log)."""
    return paginate(_log_query(event), number, per_page).map(lambda rows: _described(event, rows))


def _described(event: Event, rows: Sequence[SessionChange]) -> list[dict[str, Any]]:
    titles = session_titles(event, {change.session_uid for change in rows} - {EVENT_ITSELF})
    titles[EVENT_ITSELF] = _("(the event itself)")
    return [
        describe(change) | {"session": titles.get(change.session_uid, "(deleted session)")} for change in rows
    ]


def describe(change: SessionChange) -> dict[str, Any]:
    return {
        "at": change.at,
        "field": change.field,
        "before": change.before,
        "after": change.after,
        "by": change.user.name if change.user else "system",
    }
