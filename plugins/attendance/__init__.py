"""Attendance statistics: an event's figures "in a nutshell", charts, privacy-friendly
page-view counting and numbers reported from elsewhere (stream views, head counts).

Built only on ``confsite.api`` hooks. Organisers find it under the event's
"Attendance" tab and at ``/manage/series/<slug>/attendance/``.
"""

from __future__ import annotations

from pathlib import Path

from confsite_plugins.attendance import models  # noqa: F401  (register the tables)
from confsite_plugins.attendance.settings import SCHEMA, attendance_mail_block, attendance_question
from flask import url_for

from confsite.api import (
    Event,
    MailBlock,
    ManageTab,
    Question,
    Registration,
    SettingField,
    can_manage_event,
    hookimpl,
)

from .api import api_blueprints  # noqa: F401  (hook implementation: REST API endpoints)
from .i18n import _  # also joins the plugin's translation domain to the app's before Babel is set up


@hookimpl
def register_blueprints(app):
    from confsite_plugins.attendance.views import bp

    return [bp]


@hookimpl
def migrations_dir() -> str:
    return str(Path(__file__).resolve().parent / "migrations" / "versions")


@hookimpl
def plugin_settings_schema() -> list[SettingField]:
    return SCHEMA


@hookimpl
def registration_questions(event: Event) -> list[Question] | None:
    return attendance_question(event)


@hookimpl
def mail_blocks(registration: Registration, kind: str) -> list[MailBlock] | None:
    return attendance_mail_block(registration, kind)


@hookimpl
def manage_tabs(event, user):
    if not can_manage_event(user, event):
        return None
    return [ManageTab(_("Attendance"), url_for("attendance.dashboard", event_slug=event.slug), order=30)]


@hookimpl
def page_viewed(page) -> None:
    from confsite_plugins.attendance.counting import count_view

    count_view(page)


@hookimpl
def report_sections(scope):
    from confsite_plugins.attendance.report import attendance_section

    section = attendance_section(scope)
    return [section] if section is not None else None


@hookimpl
def load_demo_data() -> None:
    from confsite_plugins.attendance import demo

    demo.load()
