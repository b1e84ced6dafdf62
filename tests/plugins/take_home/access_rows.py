"""Rows of the take-home plugin on an event, for the access walks (a draft message, a
pending suggestion, draft main outcomes, suggestions switched on): every route argument
of its workspace has a real target, and `unchanged` proves a walk wrote nothing."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import sqlalchemy as sa
from confsite_plugins.take_home import queries, services
from confsite_plugins.take_home.models import (
    MessageStatus,
    SuggestionStatus,
    TakeHomeMessage,
    TakeHomeSuggestion,
)

from confsite.extensions import db
from confsite.models import Event, Session

SECRET_MESSAGE = "Secret take-home B"


def take_home_rows_of(event: Event, session: Session, make: ModuleType) -> dict[str, Any]:
    message, _ = services.add_message(session, None, SECRET_MESSAGE, "secret-message-b-0001", None)
    services.save_outcomes(event, "Secret outcomes B", "Secret point B", None)
    services.set_suggestions_open(event, True, None)
    author = make.user("secret-suggester@example.org")
    services.suggest(session, None, "Secret suggestion B", "secret-suggestion-b-01", author)
    suggestion = db.session.scalar(
        sa.select(TakeHomeSuggestion).where(TakeHomeSuggestion.event_id == event.id)
    )
    return {"message": message, "suggestion": suggestion}


def unchanged(event: Event, rows: dict[str, Any]) -> bool:
    """Nothing of the event's take-home rows was written by the walk."""
    message = db.session.get(TakeHomeMessage, rows["message"].id)
    suggestion = db.session.get(TakeHomeSuggestion, rows["suggestion"].id)
    outcome = queries.outcomes_of(event)
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(TakeHomeMessage).where(TakeHomeMessage.event_id == event.id)
    )
    return (
        count == 1
        and message is not None
        and (message.body, message.status) == (SECRET_MESSAGE, MessageStatus.DRAFT)
        and suggestion is not None
        and suggestion.status == SuggestionStatus.PENDING
        and outcome is not None
        and (outcome.text, outcome.status) == ("Secret outcomes B", MessageStatus.DRAFT)
        and queries.suggestions_open(event)
    )
