"""Demo content: the reference conference's take-home messages and main outcomes.

Idempotent: every row carries a stable key (messages and suggestions by their
idempotency key, outcomes by event), so loading twice changes nothing.
"""

from __future__ import annotations

import sqlalchemy as sa

from confsite.api import Event, Session, Talk, User, db, save_plugin_settings, utcnow

from . import demo_content
from .formatting import sanitise, sanitise_paragraphs
from .models import (
    MessageStatus,
    TakeHomeHistory,
    TakeHomeMessage,
    TakeHomeOutcome,
    TakeHomeSuggestion,
)
from .settings import PLUGIN


def _talk(event_slug: str, session_title: str, talk_title: str) -> Talk | None:
    return db.session.scalar(
        sa.select(Talk)
        .join(Session, Session.id == Talk.session_id)
        .join(Event, Event.id == Session.event_id)
        .where(Event.slug == event_slug, Session.title == session_title, Talk.title == talk_title)
    )


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def load() -> None:
    event = db.session.scalar(sa.select(Event).where(Event.slug == demo_content.EVENT))
    if event is None:
        return
    rapporteur = _user(demo_content.RAPPORTEUR)
    now = utcnow()
    for talk_key, texts in demo_content.MESSAGES.items():
        talk = _talk(*demo_content.TALKS[talk_key])
        if talk is None:
            continue
        published = talk_key not in demo_content.DRAFT_TALKS
        for position, text in enumerate(texts):
            key = f"demo-{talk_key}-{position}"
            if (
                db.session.scalar(sa.select(TakeHomeMessage.id).where(TakeHomeMessage.idempotency_key == key))
                is not None
            ):
                continue
            message = TakeHomeMessage(
                event_id=event.id,
                session_id=talk.session_id,
                talk_id=talk.id,
                position=position,
                body=sanitise(text),
                idempotency_key=key,
                status=MessageStatus.PUBLISHED if published else MessageStatus.DRAFT,
                published_at=now if published else None,
                author_id=rapporteur.id if rapporteur else None,
            )
            db.session.add(message)
            db.session.flush()
            db.session.add(
                TakeHomeHistory(
                    event_id=event.id,
                    session_id=talk.session_id,
                    message_id=message.id,
                    action="created",
                    body=message.body,
                    user_id=rapporteur.id if rapporteur else None,
                    user_name=rapporteur.name if rapporteur else "",
                )
            )
    for slug, spec in demo_content.MAIN_OUTCOMES.items():
        target = db.session.scalar(sa.select(Event).where(Event.slug == slug))
        if target is None or db.session.scalar(
            sa.select(TakeHomeOutcome.id).where(TakeHomeOutcome.event_id == target.id)
        ):
            continue
        db.session.add(
            TakeHomeOutcome(
                event_id=target.id,
                text=sanitise_paragraphs(spec["text"]),
                key_points=[sanitise(p) for p in spec["key_points"]],
                status=MessageStatus.PUBLISHED,
                published_at=now,
            )
        )
    save_plugin_settings(PLUGIN, event, {"suggestions_open": True})
    _suggestion(event)
    db.session.commit()


def _suggestion(event: Event) -> None:
    spec = demo_content.SUGGESTION
    key = f"demo-suggestion-{spec['talk']}"
    author = _user(spec["author"])
    talk = _talk(*demo_content.TALKS[spec["talk"]])
    if (
        author is None
        or talk is None
        or db.session.scalar(
            sa.select(TakeHomeSuggestion.id).where(TakeHomeSuggestion.idempotency_key == key)
        )
    ):
        return
    db.session.add(
        TakeHomeSuggestion(
            event_id=event.id,
            session_id=talk.session_id,
            talk_id=talk.id,
            body=sanitise(spec["text"]),
            author_id=author.id,
            idempotency_key=key,
        )
    )
