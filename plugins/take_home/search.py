"""Published take-home messages can be found with the site search (drafts never)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from confsite.api import Event, SearchDocument, SearchSource, db, plugin_enabled, register_search_source

from .i18n import _l
from .models import MessageStatus, TakeHomeMessage


def documents(event: Event) -> Iterable[SearchDocument]:
    if not plugin_enabled("take_home", event=event):
        return
    messages = db.session.scalars(
        sa.select(TakeHomeMessage)
        .where(TakeHomeMessage.event_id == event.id, TakeHomeMessage.status == MessageStatus.PUBLISHED)
        .order_by(TakeHomeMessage.session_id, TakeHomeMessage.position)
    )
    for message in messages:
        text = message.text
        title = text if len(text) <= 120 else text[:119].rsplit(" ", 1)[0] + "…"
        yield SearchDocument(
            "take_home",
            str(message.id),
            title,
            f"{text} {message.session.title}",
            "public.session",
            {"slug": event.slug, "session_id": message.session_id},
        )


def register() -> None:
    register_search_source(
        SearchSource(
            "take_home",
            _l("Take-home messages"),
            60,
            (TakeHomeMessage,),
            documents,
            lambda message: [message.event_id],
        )
    )
