"""The take-home panels of public pages: a session's messages (with the capture link
and the attendees' suggestion form), a speaker's messages, and an event's messages and
main outcomes. Anonymous visitors get them from memory while the messages are unchanged
(``kept_for_anonymous``): most sessions have none, and asking costs a query per visit."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from confsite.api import Event, PageContext, Panel, Person, Session, User, kept_for_anonymous

from . import permissions, queries
from .forms import SuggestionForm, new_key, talk_choices
from .models import PANEL_TABLES
from .settings import PLUGIN


def panels_for(page: PageContext) -> list[Panel] | None:
    """The take-home panel of an event, session or speaker page (none elsewhere)."""
    if page.event is None or page.kind not in ("session", "speaker", "event"):
        return None
    return kept_for_anonymous(page, PLUGIN, PANEL_TABLES, lambda: _built(page))


def _built(page: PageContext) -> list[Panel] | None:
    event, user = page.event, page.user
    assert event is not None, "panels_for checked it"
    if page.kind == "session" and page.session is not None:
        return _session_panel(event, page.session, user)
    if page.kind == "speaker" and page.person is not None:
        return _speaker_panel(event, page.person)
    if page.kind == "event":
        return _event_panel(event, user)
    return None


def _panel(html: str, order: int = 50) -> list[Panel]:
    return [Panel(title="Take-home messages", html=Markup(html), order=order)]


def _session_panel(event: Event, session: Session, user: User | None) -> list[Panel] | None:
    published = queries.session_messages(session, published_only=True)
    groups = queries.group_by_talk(session, published)
    can_capture = permissions.can_capture(user, session)
    suggest_form = None
    suggestions_open = queries.suggestions_open(event)
    if suggestions_open and user is not None:
        suggest_form = SuggestionForm(prefix="suggest", formdata=None, data={"key": new_key(), "talk": 0})
        suggest_form.talk.choices = talk_choices(session)
    if not groups and not can_capture and not suggestions_open:
        return None
    return _panel(
        render_template(
            "take_home/panel_session.html",
            event=event,
            session=session,
            groups=groups,
            can_capture=can_capture,
            suggest_form=suggest_form,
            suggestions_open=suggestions_open,
            user=user,
        )
    )


def _speaker_panel(event: Event, person: Person) -> list[Panel] | None:
    messages = queries.person_messages(event, person)
    if not messages:
        return None
    talks: dict[int | None, tuple] = {}
    for message in messages:
        talks.setdefault(message.talk_id, (message.talk, message.session, []))[2].append(message)
    return _panel(render_template("take_home/panel_speaker.html", event=event, talks=list(talks.values())))


def _event_panel(event: Event, user: User | None) -> list[Panel] | None:
    any_published, outcome = queries.event_panel_contents(event)
    sessions = queries.by_session(queries.published_event_messages(event)) if any_published else []
    can_capture = permissions.can_capture_event(user, event)
    if not sessions and outcome is None and not can_capture:
        return None
    return _panel(
        render_template(
            "take_home/panel_event.html",
            event=event,
            sessions=sessions,
            outcome=outcome,
            can_capture=can_capture,
        )
    )
