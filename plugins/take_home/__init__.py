"""Take-home messages: capture a session's key statements live, publish them the same
day on session, speaker and event pages, and hand them to exports and reports.

Built on the public plugin API only (``confsite.api``), like a third-party plugin.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, url_for

from confsite import hookimpl
from confsite.api import Event, Exporter, ManageTab, PageContext, Panel, ReportScope, SettingField, User

from . import (
    exports,
    models,  # noqa: F401  (registers the tables with the metadata)
    panels,
    report,
    search,
)
from .api import api_blueprints  # noqa: F401  (hook implementation: REST API endpoints)
from .i18n import _
from .privacy import erase_personal_data, personal_data  # noqa: F401  (hook implementations: GDPR)
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
    return panels.panels_for(page)


@hookimpl
def manage_tabs(event: Event, user: User) -> list[ManageTab]:
    return [
        ManageTab(_("Take-home messages"), url_for("take_home.overview", event_slug=event.slug), order=40),
        ManageTab(_("Take-home history"), url_for("take_home.history", event_slug=event.slug), order=41),
    ]


@hookimpl
def report_sections(scope: ReportScope) -> list:
    return report.report_sections(scope)


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
