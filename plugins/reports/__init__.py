"""Recommendation report: partners propose and prioritise recommendations per policy
area; organisers assemble the report of an event or series from the sections of every
enabled plugin and export or publish it (HTML, PDF, DOCX, Markdown).

Built only on :mod:`confsite.api` and the plugin hooks.
"""

from __future__ import annotations

from pathlib import Path

from flask import render_template, url_for
from markupsafe import Markup

from confsite.api import (
    ManageTab,
    NavLink,
    PageContext,
    Panel,
    ReportScope,
    ReportSection,
    _,
    hookimpl,
    kept_for_anonymous,
)

from . import (
    i18n,  # noqa: F401  (its translation domain joins the app's before Babel is set up)
    models,  # noqa: F401  (register the tables)
    search,
)
from .api import api_blueprints  # noqa: F401  (hook implementation: REST API endpoints)
from .cli import report_command
from .demo import load as load_demo
from .exports import FORMATS
from .models import PANEL_TABLES
from .privacy import erase_personal_data, personal_data  # noqa: F401  (hook implementations: GDPR)
from .publishing import published_versions
from .report import report_sections as own_sections
from .targets import Target, can_take_part
from .views import bp

HERE = Path(__file__).resolve().parent
search.register()  # published recommendations in the site search


@hookimpl
def register_blueprints(app):
    return [bp]


@hookimpl
def register_commands(cli):
    cli.add_command(report_command)


@hookimpl
def migrations_dir() -> str:
    return str(HERE / "migrations" / "versions")


@hookimpl
def navigation_links(user):
    if user is None:
        return None
    return [NavLink(_("Reports"), url_for("reports.index"), order=60)]


@hookimpl
def manage_tabs(event, user):
    return [
        ManageTab(_("Recommendations"), url_for("reports.workspace", event_slug=event.slug), 40),
        ManageTab(_("Report"), url_for("reports.builder", event_slug=event.slug), 41),
    ]


@hookimpl
def page_panels(page):
    """Published reports (and, for participants, the workspace) on event and series
    pages; anonymous visitors get them from memory until a version is published."""
    if page.kind not in ("event", "series"):
        return None
    return kept_for_anonymous(page, "reports", PANEL_TABLES, lambda: _panels(page))


def _panels(page: PageContext) -> list[Panel] | None:
    target = Target(event=page.event) if page.kind == "event" else Target(series=page.series)
    versions = published_versions(target)
    participant = can_take_part(page.user, target)
    if not versions and not participant:
        return None
    html = render_template(
        "reports/panel.html",
        target=target,
        versions=versions,
        formats=FORMATS.values(),
        participant=participant,
    )
    return [Panel(_("Reports"), Markup(html), order=80)]


@hookimpl
def report_sections(scope: ReportScope) -> list[ReportSection]:
    return own_sections(scope)


@hookimpl(trylast=True)  # after the other plugins: the published report includes their demo
def load_demo_data() -> None:
    load_demo()
