"""What rapporteurs, chairs, organisers and attendees can do with take-home messages.

Plain functions on model objects. Each write a view asks for is one unit of work: it
commits, or rolls everything back and re-raises. Validation problems raise
:class:`CaptureError` with a message meant for the person who typed the text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from confsite.api import (
    Event,
    Person,
    RoleName,
    Session,
    Talk,
    TalkSpeaker,
    User,
    can_manage_event,
    committing,
    db,
    has_event_role,
    plugin_settings,
    save_plugin_settings,
    utcnow,
)

from .formatting import sanitise, sanitise_paragraphs, visible_text
from .models import (
    MAX_LENGTH,
    MAX_RAW_LENGTH,
    MessageStatus,
    SuggestionStatus,
    TakeHomeHistory,
    TakeHomeMessage,
    TakeHomeOutcome,
    TakeHomeSuggestion,
)
from .settings import PLUGIN

CAPTURE_ROLES = (RoleName.ORGANISER, RoleName.RAPPORTEUR, RoleName.CHAIR)
MAX_KEY_POINTS = 20


class CaptureError(ValueError):
    """Input that cannot be saved; the message says why."""


# -- who may do what ---------------------------------------------------------------
def _signed_in(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def chairs_session(user: User | None, session: Session) -> bool:
    """The user's own person record chairs this session."""
    return _signed_in(user) and any(p.user_id == user.id for p in session.chairs)


def can_capture_event(user: User | None, event: Event) -> bool:
    """Rapporteurs, chairs and organisers of the event (and admins)."""
    return has_event_role(user, event, *CAPTURE_ROLES)


def can_capture(user: User | None, session: Session) -> bool:
    """May write, reorder and publish the messages of ``session``."""
    return can_capture_event(user, session.event) or chairs_session(user, session)


def can_see_history(user: User | None, event: Event) -> bool:
    return can_manage_event(user, event)


# -- validation --------------------------------------------------------------------
def clean_statement(raw: str | None) -> str:
    """Sanitised HTML of one statement, or :class:`CaptureError`."""
    raw = (raw or "").strip()
    if not raw:
        raise CaptureError("Write the message first.")
    if len(raw) > MAX_RAW_LENGTH:
        raise CaptureError(f"This text is too long ({len(raw)} characters with formatting).")
    body = sanitise(raw)
    length = len(visible_text(body))
    if length == 0:
        raise CaptureError("The message has no visible text.")
    if length > MAX_LENGTH:
        raise CaptureError(f"Keep a message to {MAX_LENGTH} characters; this one has {length}.")
    return body


def talk_of_session(session: Session, talk_id: int | None) -> Talk | None:
    """The talk chosen in a form, which must belong to the session."""
    if not talk_id:
        return None
    for talk in session.talks:
        if talk.id == talk_id:
            return talk
    raise CaptureError("Choose one of this session's talks.")


# -- history -----------------------------------------------------------------------
def record(
    event: Event,
    action: str,
    user: User | None,
    *,
    session: Session | None = None,
    message: TakeHomeMessage | None = None,
    body: str = "",
) -> None:
    db.session.add(
        TakeHomeHistory(
            event_id=event.id,
            session_id=session.id if session is not None else None,
            message_id=message.id if message is not None else None,
            action=action,
            body=body,
            user_id=user.id if _signed_in(user) else None,
            user_name=user.name if _signed_in(user) else "",
        )
    )


def event_history(event: Event) -> list[TakeHomeHistory]:
    return list(
        db.session.scalars(
            sa.select(TakeHomeHistory)
            .where(TakeHomeHistory.event_id == event.id)
            .options(selectinload(TakeHomeHistory.session))
            .order_by(TakeHomeHistory.at.desc(), TakeHomeHistory.id.desc())
        )
    )


# -- messages ----------------------------------------------------------------------
def _group_filter(session_id: int, talk_id: int | None) -> list[sa.ColumnElement[bool]]:
    talk_clause = TakeHomeMessage.talk_id.is_(None) if talk_id is None else TakeHomeMessage.talk_id == talk_id
    return [TakeHomeMessage.session_id == session_id, talk_clause]


def _next_position(session_id: int, talk_id: int | None) -> int:
    highest = db.session.scalar(
        sa.select(sa.func.max(TakeHomeMessage.position)).where(*_group_filter(session_id, talk_id))
    )
    return 0 if highest is None else highest + 1


def message_by_key(key: str) -> TakeHomeMessage | None:
    return db.session.scalar(sa.select(TakeHomeMessage).where(TakeHomeMessage.idempotency_key == key))


def check_key(key: str | None) -> str:
    key = (key or "").strip()
    if not (8 <= len(key) <= 64) or not key.replace("-", "").replace(":", "").isalnum():
        raise CaptureError("This form is out of date; reload the page and try again.")
    return key


def _add_message(
    session: Session, talk: Talk | None, raw: str, key: str, user: User | None
) -> tuple[TakeHomeMessage, bool]:
    """Add a draft message at the end of its group. A key seen before returns the
    message it created (``False``: nothing new) instead of adding a duplicate."""
    key = check_key(key)
    existing = message_by_key(key)
    if existing is not None:
        if existing.session_id != session.id:
            raise CaptureError("This form is out of date; reload the page and try again.")
        return existing, False
    body = clean_statement(raw)
    talk_id = talk.id if talk is not None else None
    message = TakeHomeMessage(
        event_id=session.event_id,
        session_id=session.id,
        talk_id=talk_id,
        position=_next_position(session.id, talk_id),
        body=body,
        author_id=user.id if _signed_in(user) else None,
        idempotency_key=key,
    )
    db.session.add(message)
    db.session.flush()
    record(session.event, "created", user, session=session, message=message, body=body)
    return message, True


def add_message(
    session: Session, talk_id: int | None, raw: str, key: str, user: User | None
) -> tuple[TakeHomeMessage, bool]:
    """Add a draft message to ``session`` (about talk ``talk_id``, None: the session as a
    whole) and commit. When the same form arrives twice at once the other request wins:
    its message comes back with ``False`` (nothing new)."""
    try:
        with committing():
            talk = talk_of_session(session, talk_id)
            return _add_message(session, talk, raw, key, user)
    except IntegrityError:
        message = message_by_key(key)
        if message is None or message.session_id != session.id:
            raise
        return message, False


def edit_message(message: TakeHomeMessage, raw: str, talk_id: int | None, user: User | None) -> bool:
    """Change text and/or talk (``talk_id`` None: the session as a whole) and commit;
    returns False when nothing changed."""
    with committing():
        return _edit_message(message, raw, talk_of_session(message.session, talk_id), user)


def _edit_message(message: TakeHomeMessage, raw: str, talk: Talk | None, user: User | None) -> bool:
    body = clean_statement(raw)
    talk_id = talk.id if talk is not None else None
    if body == message.body and talk_id == message.talk_id:
        return False
    if talk_id != message.talk_id:
        message.talk_id = talk_id
        message.position = _next_position(message.session_id, talk_id)
    message.body = body
    record(message.event, "edited", user, session=message.session, message=message, body=body)
    return True


def delete_message(message: TakeHomeMessage, user: User | None) -> None:
    """Delete ``message``, keeping its text in the history, and commit."""
    with committing():
        record(message.event, "deleted", user, session=message.session, message=None, body=message.body)
        db.session.delete(message)


def move_message(message: TakeHomeMessage, direction: int, user: User | None) -> bool:
    """Swap with the neighbour above (-1) or below (+1) and commit; False at either end."""
    with committing():
        return _move_message(message, direction, user)


def _move_message(message: TakeHomeMessage, direction: int, user: User | None) -> bool:
    group = list(
        db.session.scalars(
            sa.select(TakeHomeMessage)
            .where(*_group_filter(message.session_id, message.talk_id))
            .order_by(TakeHomeMessage.position, TakeHomeMessage.id)
        )
    )
    index = group.index(message)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(group):
        return False
    group[index], group[other] = group[other], group[index]
    for position, item in enumerate(group):
        item.position = position
    record(
        message.event,
        "moved up" if direction < 0 else "moved down",
        user,
        session=message.session,
        message=message,
        body=message.body,
    )
    return True


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
    """Session-level messages first, then each talk in programme order."""
    by_talk: dict[int | None, list[TakeHomeMessage]] = defaultdict(list)
    for message in messages:
        by_talk[message.talk_id].append(message)
    groups = [TalkMessages(None, by_talk.get(None, []))]
    groups += [TalkMessages(talk, by_talk.get(talk.id, [])) for talk in session.talks]
    return [g for g in groups if g.messages or (keep_empty and g.talk is not None)]


def publish(
    messages: Iterable[TakeHomeMessage], event: Event, user: User | None, session: Session | None = None
) -> int:
    now = utcnow()
    count = 0
    for message in messages:
        if message.status != MessageStatus.PUBLISHED:
            message.status = MessageStatus.PUBLISHED
            message.published_at = now
            count += 1
    if count:
        what = f"published {count} message{'s' if count != 1 else ''}"
        record(event, "published", user, session=session, body=what)
    return count


def publish_session(session: Session, user: User | None) -> int:
    """Publish the session's draft messages and commit; returns how many."""
    with committing():
        return publish(session_messages(session), session.event, user, session=session)


def publish_event(event: Event, user: User | None) -> int:
    """Publish every draft message of the event, and its main outcomes if written, and
    commit; returns how many items were published."""
    with committing():
        return _publish_event(event, user)


def _publish_event(event: Event, user: User | None) -> int:
    drafts = db.session.scalars(
        sa.select(TakeHomeMessage).where(
            TakeHomeMessage.event_id == event.id, TakeHomeMessage.status == MessageStatus.DRAFT
        )
    )
    count = publish(drafts, event, user)
    outcome = outcomes_of(event)
    if outcome is not None and not outcome.is_published and (outcome.text or outcome.key_points):
        outcome.status = MessageStatus.PUBLISHED
        outcome.published_at = utcnow()
        record(event, "published", user, body="published the main outcomes")
        count += 1
    return count


def unpublish_session(session: Session, user: User | None) -> int:
    """Turn the session's published messages back into drafts and commit; returns how many."""
    with committing():
        return _unpublish_session(session, user)


def _unpublish_session(session: Session, user: User | None) -> int:
    count = 0
    for message in session_messages(session, published_only=True):
        message.status = MessageStatus.DRAFT
        message.published_at = None
        count += 1
    if count:
        record(
            session.event,
            "unpublished",
            user,
            session=session,
            body=f"withdrew {count} message{'s' if count != 1 else ''}",
        )
    return count


# -- reading for pages, exports and reports -----------------------------------------
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


# -- main outcomes -------------------------------------------------------------------
def outcomes_of(event: Event) -> TakeHomeOutcome | None:
    return db.session.scalar(sa.select(TakeHomeOutcome).where(TakeHomeOutcome.event_id == event.id))


def published_outcomes(event: Event) -> TakeHomeOutcome | None:
    outcome = outcomes_of(event)
    return outcome if outcome is not None and outcome.is_published else None


def save_outcomes(
    event: Event, text: str, key_points_raw: str, user: User | None, *, publish: bool = False
) -> TakeHomeOutcome:
    """Save the main outcomes (and publish them if ``publish``) and commit: paragraphs
    separated by blank lines, one key point a line. Editing keeps the current status
    (published outcomes stay published)."""
    with committing():
        outcome = _save_outcomes(event, text, key_points_raw, user)
        if publish:
            _set_outcomes_published(event, True, user)
        return outcome


def _save_outcomes(event: Event, text: str, key_points_raw: str, user: User | None) -> TakeHomeOutcome:
    body = sanitise_paragraphs(text)
    points = [sanitise(line) for line in (key_points_raw or "").splitlines()]
    points = [p for p in points if visible_text(p)]
    if len(points) > MAX_KEY_POINTS:
        raise CaptureError(f"List at most {MAX_KEY_POINTS} key points.")
    for point in points:
        if len(visible_text(point)) > MAX_LENGTH:
            raise CaptureError(f"Keep each key point to {MAX_LENGTH} characters.")
    if len(body) > 20_000:
        raise CaptureError("The outcomes text is too long.")
    outcome = outcomes_of(event)
    if outcome is None:
        outcome = TakeHomeOutcome(event_id=event.id, text="", key_points=[])
        db.session.add(outcome)
    outcome.text = body
    outcome.key_points = points
    outcome.updated_by_id = user.id if _signed_in(user) else None
    summary = body + ("\n\n" if body and points else "") + "\n".join(f"• {p}" for p in points)
    record(event, "outcomes edited", user, body=summary)
    return outcome


def set_outcomes_published(event: Event, published: bool, user: User | None) -> None:
    """Publish or withdraw the main outcomes and commit."""
    with committing():
        _set_outcomes_published(event, published, user)


def _set_outcomes_published(event: Event, published: bool, user: User | None) -> None:
    outcome = outcomes_of(event)
    if outcome is None:
        raise CaptureError("Write the main outcomes first.")
    outcome.status = MessageStatus.PUBLISHED if published else MessageStatus.DRAFT
    outcome.published_at = utcnow() if published else None
    record(
        event,
        "published" if published else "unpublished",
        user,
        body="published the main outcomes" if published else "withdrew the main outcomes",
    )


# -- attendee suggestions -------------------------------------------------------------
def suggestions_open(event: Event) -> bool:
    """Whether signed-in attendees may suggest messages (the plugin's per-event setting)."""
    return bool(plugin_settings(PLUGIN, event)["suggestions_open"])


def set_suggestions_open(event: Event, value: bool, user: User | None) -> None:
    """Open or close attendee suggestions for ``event`` and commit."""
    with committing():
        save_plugin_settings(PLUGIN, event, {"suggestions_open": value})
        record(
            event,
            "settings",
            user,
            body="opened attendee suggestions" if value else "closed attendee suggestions",
        )


def suggest(session: Session, talk_id: int | None, raw: str, key: str, user: User) -> bool:
    """Queue an attendee's proposal about talk ``talk_id`` (None: the session) and
    commit; False when it was received before (idempotent on ``key`` like messages,
    also when the same form arrives twice at once)."""
    try:
        with committing():
            _suggestion, created = _suggest(session, talk_of_session(session, talk_id), raw, key, user)
    except IntegrityError:
        return False
    return created


def _suggest(
    session: Session, talk: Talk | None, raw: str, key: str, user: User
) -> tuple[TakeHomeSuggestion, bool]:
    if not suggestions_open(session.event):
        raise CaptureError("Suggestions are closed for this event.")
    key = check_key(key)
    existing = db.session.scalar(
        sa.select(TakeHomeSuggestion).where(TakeHomeSuggestion.idempotency_key == key)
    )
    if existing is not None:
        if existing.session_id != session.id or existing.author_id != user.id:
            raise CaptureError("This form is out of date; reload the page and try again.")
        return existing, False
    suggestion = TakeHomeSuggestion(
        event_id=session.event_id,
        session_id=session.id,
        talk_id=talk.id if talk is not None else None,
        body=clean_statement(raw),
        author_id=user.id,
        idempotency_key=key,
    )
    db.session.add(suggestion)
    return suggestion, True


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


def _decide(suggestion: TakeHomeSuggestion, status: SuggestionStatus, user: User | None) -> None:
    if suggestion.status != SuggestionStatus.PENDING:
        raise CaptureError("This suggestion has already been handled.")
    suggestion.status = status
    suggestion.decided_by_id = user.id if _signed_in(user) else None
    suggestion.decided_at = utcnow()


def accept_suggestion(
    suggestion: TakeHomeSuggestion, raw: str, talk_id: int | None, user: User | None
) -> TakeHomeMessage:
    """Turn a suggestion (as edited by the moderator) into a draft message about talk
    ``talk_id`` (None: the session) and commit."""
    with committing():
        return _accept_suggestion(suggestion, raw, talk_of_session(suggestion.session, talk_id), user)


def _accept_suggestion(
    suggestion: TakeHomeSuggestion, raw: str, talk: Talk | None, user: User | None
) -> TakeHomeMessage:
    body = clean_statement(raw)
    _decide(suggestion, SuggestionStatus.ACCEPTED, user)
    message, _ = _add_message(
        suggestion.session, talk, body, f"suggestion-{suggestion.idempotency_key}"[:64], user
    )
    suggestion.message_id = message.id
    return message


def reject_suggestion(suggestion: TakeHomeSuggestion, user: User | None) -> None:
    """Reject a pending suggestion and commit."""
    with committing():
        _decide(suggestion, SuggestionStatus.REJECTED, user)
        record(
            suggestion.session.event,
            "rejected suggestion",
            user,
            session=suggestion.session,
            body=suggestion.body,
        )


def authored_by(user: User) -> dict[str, list[dict[str, str | None]]]:
    """What ``user`` wrote here, for their personal-data download (two queries)."""
    messages = db.session.scalars(
        sa.select(TakeHomeMessage).where(TakeHomeMessage.author_id == user.id).order_by(TakeHomeMessage.id)
    ).all()
    suggestions = db.session.scalars(
        sa.select(TakeHomeSuggestion)
        .where(TakeHomeSuggestion.author_id == user.id)
        .order_by(TakeHomeSuggestion.id)
    ).all()
    return {
        "messages": [
            {"session_id": str(m.session_id), "status": m.status.value, "text": m.body} for m in messages
        ],
        "suggestions": [
            {"session_id": str(s.session_id), "status": s.status.value, "text": s.body} for s in suggestions
        ],
    }
