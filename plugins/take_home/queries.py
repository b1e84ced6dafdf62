"""Reading take-home messages for pages, exports, reports and the REST API.

Queries only (no writes): each loads what a page shows in a fixed number of queries,
whatever the number of sessions and messages. The writes are in ``services``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.api import Event, Person, Session, Talk, TalkSpeaker, db, plugin_settings

from .models import (
    MessageStatus,
    SuggestionStatus,
    TakeHomeHistory,
    TakeHomeMessage,
    TakeHomeOutcome,
    TakeHomeSuggestion,
)
from .settings import PLUGIN


# -- a session's messages -----------------------------------------------------------
def session_messages(session: Session, *, published_only: bool = False) -> list[TakeHomeMessage]:
    query = sa.select(TakeHomeMessage).where(TakeHomeMessage.session_id == session.id)
    if published_only:
        query = query.where(TakeHomeMessage.status == MessageStatus.PUBLISHED)
    return list(db.session.scalars(query.order_by(TakeHomeMessage.position, TakeHomeMessage.id)))


@dataclass
class TalkMessages:
    """The messages of one talk (``talk`` None: about the session as a whole)."""

    talk: Talk | None
    messages: list[TakeHomeMessage] = field(default_factory=list)


def group_by_talk(
    session: Session, messages: Iterable[TakeHomeMessage], *, keep_empty: bool = False
) -> list[TalkMessages]:
    """Session-level messages first, then each talk in programme order. The session's
    talks are only read when a message is about one of them (a session page does not
    load them for its panel otherwise)."""
    by_talk: dict[int | None, list[TakeHomeMessage]] = defaultdict(list)
    for message in messages:
        by_talk[message.talk_id].append(message)
    groups = [TalkMessages(None, by_talk.get(None, []))]
    if keep_empty or by_talk.keys() - {None}:
        groups += [TalkMessages(talk, by_talk.get(talk.id, [])) for talk in session.talks]
    return [g for g in groups if g.messages or (keep_empty and g.talk is not None)]


# -- an event's messages, for its pages, exports and reports --------------------------
def published_event_messages(event: Event) -> list[TakeHomeMessage]:
    """Published messages of an event in programme order (sessions, talks, position),
    with sessions, talks, speakers and their organisations loaded (fixed query count)."""
    return list(
        db.session.scalars(
            sa.select(TakeHomeMessage)
            .join(Session, Session.id == TakeHomeMessage.session_id)
            .outerjoin(Talk, Talk.id == TakeHomeMessage.talk_id)
            .where(TakeHomeMessage.event_id == event.id, TakeHomeMessage.status == MessageStatus.PUBLISHED)
            .options(
                selectinload(TakeHomeMessage.session).selectinload(Session.talks),
                selectinload(TakeHomeMessage.talk)
                .selectinload(Talk.speaker_links)
                .selectinload(TalkSpeaker.person)
                .selectinload(Person.organisation),
            )
            .order_by(
                Session.start_at,
                Session.position,
                Session.id,
                sa.func.coalesce(Talk.position, -1),
                TakeHomeMessage.position,
                TakeHomeMessage.id,
            )
        )
    )


@dataclass
class SessionMessages:
    session: Session
    groups: list[TalkMessages]


def by_session(messages: list[TakeHomeMessage]) -> list[SessionMessages]:
    """Group messages already in programme order by session, then talk."""
    order: list[Session] = []
    per_session: dict[int, list[TakeHomeMessage]] = defaultdict(list)
    for message in messages:
        if message.session_id not in per_session:
            order.append(message.session)
        per_session[message.session_id].append(message)
    return [SessionMessages(s, group_by_talk(s, per_session[s.id])) for s in order]


def person_messages(event: Event, person: Person) -> list[TakeHomeMessage]:
    """Published messages about the talks ``person`` gives at ``event``."""
    talk_ids = sa.select(TalkSpeaker.talk_id).where(TalkSpeaker.person_id == person.id)
    return list(
        db.session.scalars(
            sa.select(TakeHomeMessage)
            .join(Session, Session.id == TakeHomeMessage.session_id)
            .join(Talk, Talk.id == TakeHomeMessage.talk_id)
            .where(
                TakeHomeMessage.event_id == event.id,
                TakeHomeMessage.status == MessageStatus.PUBLISHED,
                TakeHomeMessage.talk_id.in_(talk_ids),
            )
            .options(selectinload(TakeHomeMessage.talk), selectinload(TakeHomeMessage.session))
            .order_by(Session.start_at, Session.position, Talk.position, TakeHomeMessage.position)
        )
    )


def session_counts(event: Event) -> dict[int, dict[MessageStatus, int]]:
    """Per session: number of draft and published messages (one query)."""
    rows = db.session.execute(
        sa.select(TakeHomeMessage.session_id, TakeHomeMessage.status, sa.func.count())
        .where(TakeHomeMessage.event_id == event.id)
        .group_by(TakeHomeMessage.session_id, TakeHomeMessage.status)
    ).all()
    counts: dict[int, dict[MessageStatus, int]] = defaultdict(lambda: defaultdict(int))
    for session_id, status, number in rows:
        counts[session_id][MessageStatus(status)] = number
    return counts


def event_panel_contents(event: Event) -> tuple[bool, TakeHomeOutcome | None]:
    """Whether the event has published messages, and its published main outcomes, in
    one query: an event page asks on every visit, and most events have neither."""
    any_published = (
        sa.exists()
        .where(TakeHomeMessage.event_id == event.id, TakeHomeMessage.status == MessageStatus.PUBLISHED)
        .label("any_published")
    )
    row = db.session.execute(
        sa.select(any_published, TakeHomeOutcome)
        .select_from(Event)
        .outerjoin(
            TakeHomeOutcome,
            sa.and_(TakeHomeOutcome.event_id == Event.id, TakeHomeOutcome.status == MessageStatus.PUBLISHED),
        )
        .where(Event.id == event.id)
    ).one()
    return bool(row.any_published), row.TakeHomeOutcome


# -- main outcomes ------------------------------------------------------------------
def outcomes_of(event: Event) -> TakeHomeOutcome | None:
    return db.session.scalar(sa.select(TakeHomeOutcome).where(TakeHomeOutcome.event_id == event.id))


def published_outcomes(event: Event) -> TakeHomeOutcome | None:
    outcome = outcomes_of(event)
    return outcome if outcome is not None and outcome.is_published else None


# -- attendee suggestions -----------------------------------------------------------
def suggestions_open(event: Event) -> bool:
    """Whether signed-in attendees may suggest messages (the plugin's per-event setting)."""
    return bool(plugin_settings(PLUGIN, event)["suggestions_open"])


def pending_suggestions(event: Event) -> list[TakeHomeSuggestion]:
    return list(
        db.session.scalars(
            sa.select(TakeHomeSuggestion)
            .where(
                TakeHomeSuggestion.event_id == event.id, TakeHomeSuggestion.status == SuggestionStatus.PENDING
            )
            .options(
                selectinload(TakeHomeSuggestion.session).selectinload(Session.talks),
                selectinload(TakeHomeSuggestion.talk),
                selectinload(TakeHomeSuggestion.author),
            )
            .order_by(TakeHomeSuggestion.created_at, TakeHomeSuggestion.id)
        )
    )


# -- history ------------------------------------------------------------------------
def event_history(event: Event) -> list[TakeHomeHistory]:
    return list(
        db.session.scalars(
            sa.select(TakeHomeHistory)
            .where(TakeHomeHistory.event_id == event.id)
            .options(selectinload(TakeHomeHistory.session))
            .order_by(TakeHomeHistory.at.desc(), TakeHomeHistory.id.desc())
        )
    )
