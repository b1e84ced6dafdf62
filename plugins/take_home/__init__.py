"""Take-home messages: capture a session's key statements live, publish them the same
day on session, speaker and event pages, and hand them to exports and reports.

Built on the public plugin API only (``confsite.api``), like a third-party plugin.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template, url_for
from markupsafe import Markup

from confsite import hookimpl
from confsite.api import Event, Exporter, ManageTab, PageContext, Panel, ReportScope, SettingField, User

from . import (
    exports,
    models,  # noqa: F401  (registers the tables with the metadata)
    search,
    services,
)
from .api import api_blueprints  # noqa: F401  (hook implementation: REST API endpoints)
from .forms import SuggestionForm, new_key, talk_choices
from .i18n import _
from .settings import SCHEMA

PLUGIN = "take_home"
search.register()


@hookimpl
def register_blueprints(app: Flask) -> list:
    from .views import bp

    return [bp]


@hookimpl
def plugin_settings_schema() -> list[SettingField]:
    return SCHEMA


@hookimpl
def migrations_dir() -> str:
    return str(Path(__file__).resolve().parent / "migrations" / "versions")


@hookimpl
def page_panels(page: PageContext) -> list[Panel] | None:
    if page.event is None:
        return None
    if page.kind == "session" and page.session is not None:
        return _session_panel(page)
    if page.kind == "speaker" and page.person is not None:
        return _speaker_panel(page)
    if page.kind == "event":
        return _event_panel(page)
    return None


def _panel(html: str, order: int = 50) -> list[Panel]:
    return [Panel(title="Take-home messages", html=Markup(html), order=order)]


def _session_panel(page: PageContext) -> list[Panel] | None:
    event, session, user = page.event, page.session, page.user
    published = services.session_messages(session, published_only=True)
    groups = services.group_by_talk(session, published)
    can_capture = services.can_capture(user, session)
    suggest_form = None
    suggestions_open = services.suggestions_open(event)
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


def _speaker_panel(page: PageContext) -> list[Panel] | None:
    messages = services.person_messages(page.event, page.person)
    if not messages:
        return None
    talks: dict[int, tuple] = {}
    for message in messages:
        talks.setdefault(message.talk_id, (message.talk, message.session, []))[2].append(message)
    return _panel(
        render_template("take_home/panel_speaker.html", event=page.event, talks=list(talks.values()))
    )


def _event_panel(page: PageContext) -> list[Panel] | None:
    event = page.event
    sessions = services.by_session(services.published_event_messages(event))
    outcome = services.published_outcomes(event)
    can_capture = services.can_capture_event(page.user, event)
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


@hookimpl
def manage_tabs(event: Event, user: User) -> list[ManageTab]:
    return [
        ManageTab(_("Take-home messages"), url_for("take_home.overview", event_slug=event.slug), order=40),
        ManageTab(_("Take-home history"), url_for("take_home.history", event_slug=event.slug), order=41),
    ]


@hookimpl
def report_sections(scope: ReportScope) -> list:
    return exports.report_sections(scope)


@hookimpl
def export_formats() -> list[Exporter]:
    return [
        Exporter(
            "take-home-markdown",
            "Take-home messages (Markdown)",
            "text/markdown",
            "md",
            exports.event_markdown,
        ),
        Exporter("take-home-csv", "Take-home messages (CSV)", "text/csv", "csv", exports.event_csv),
    ]


@hookimpl
def load_demo_data() -> None:
    from .demo import load

    load()


@hookimpl
def personal_data(user: User) -> dict:
    """The take-home messages and suggestions this person wrote (their download)."""
    return services.authored_by(user)
