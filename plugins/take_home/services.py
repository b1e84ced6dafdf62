"""The writes of take-home messages and their rules: capture, reorder, publish, main
outcomes, attendee suggestions, the per-event suggestions switch.

Plain functions on model objects. Each write a view asks for is one unit of work: it
commits, or rolls everything back and re-raises. Validation problems raise
:class:`CaptureError` with a message meant for the person who typed the text. Who may
call them is decided in ``permissions``; reading for pages is in ``queries``.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from confsite.api import (
    Event,
    Session,
    Talk,
    User,
    committing,
    db,
    save_plugin_settings,
    utcnow,
)

from .formatting import sanitise, sanitise_paragraphs, visible_text
from .i18n import _
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
from .permissions import signed_in
from .queries import outcomes_of, session_messages, suggestions_open
from .settings import PLUGIN

MAX_KEY_POINTS = 20


class CaptureError(ValueError):
    """Input that cannot be saved; the message says why."""


# -- validation --------------------------------------------------------------------
def clean_statement(raw: str | None) -> str:
    """Sanitised HTML of one statement, or :class:`CaptureError`."""
    raw = (raw or "").strip()
    if not raw:
        raise CaptureError(_("Write the message first."))
    if len(raw) > MAX_RAW_LENGTH:
        raise CaptureError(_("This text is too long (%(count)s characters with formatting).", count=len(raw)))
    body = sanitise(raw)
    length = len(visible_text(body))
    if length == 0:
        raise CaptureError(_("The message has no visible text."))
    if length > MAX_LENGTH:
        raise CaptureError(
            _(
                "Keep a message to %(limit)s characters; this one has %(length)s.",
                limit=MAX_LENGTH,
                length=length,
            )
        )
    return body


def talk_of_session(session: Session, talk_id: int | None) -> Talk | None:
    """The talk chosen in a form, which must belong to the session."""
    if not talk_id:
        return None
    for talk in session.talks:
        if talk.id == talk_id:
            return talk
    raise CaptureError(_("Choose one of this session's talks."))


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
            user_id=user.id if signed_in(user) else None,
            user_name=user.name if signed_in(user) else "",
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
        raise CaptureError(_("This form is out of date; reload the page and try again."))
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
            raise CaptureError(_("This form is out of date; reload the page and try again."))
        return existing, False
    body = clean_statement(raw)
    talk_id = talk.id if talk is not None else None
    message = TakeHomeMessage(
        event_id=session.event_id,
        session_id=session.id,
        talk_id=talk_id,
        position=_next_position(session.id, talk_id),
        body=body,
        author_id=user.id if signed_in(user) else None,
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


# -- main outcomes -------------------------------------------------------------------
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
        raise CaptureError(_("List at most %(limit)s key points.", limit=MAX_KEY_POINTS))
    for point in points:
        if len(visible_text(point)) > MAX_LENGTH:
            raise CaptureError(_("Keep each key point to %(limit)s characters.", limit=MAX_LENGTH))
    if len(body) > 20_000:
        raise CaptureError(_("The outcomes text is too long."))
    outcome = outcomes_of(event)
    if outcome is None:
        outcome = TakeHomeOutcome(event_id=event.id, text="", key_points=[])
        db.session.add(outcome)
    outcome.text = body
    outcome.key_points = points
    outcome.updated_by_id = user.id if signed_in(user) else None
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
        raise CaptureError(_("Write the main outcomes first."))
    outcome.status = MessageStatus.PUBLISHED if published else MessageStatus.DRAFT
    outcome.published_at = utcnow() if published else None
    record(
        event,
        "published" if published else "unpublished",
        user,
        body="published the main outcomes" if published else "withdrew the main outcomes",
    )


# -- attendee suggestions -------------------------------------------------------------
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
        raise CaptureError(_("Suggestions are closed for this event."))
    key = check_key(key)
    existing = db.session.scalar(
        sa.select(TakeHomeSuggestion).where(TakeHomeSuggestion.idempotency_key == key)
    )
    if existing is not None:
        if existing.session_id != session.id or existing.author_id != user.id:
            raise CaptureError(_("This form is out of date; reload the page and try again."))
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


def _decide(suggestion: TakeHomeSuggestion, status: SuggestionStatus, user: User | None) -> None:
    if suggestion.status != SuggestionStatus.PENDING:
        raise CaptureError(_("This suggestion has already been handled."))
    suggestion.status = status
    suggestion.decided_by_id = user.id if signed_in(user) else None
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
