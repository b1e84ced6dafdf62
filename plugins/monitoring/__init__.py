"""Partnership monitoring: the six-monthly activity report of a thematic partnership,
generated from the events of its series.

A series gets a partnership profile (objectives, lead regions and representatives,
partner and joining regions, other participants, working areas, SDG matrix). Its
published events are its activities, classified as meetings, workshops or
dissemination activities from their kind; a plugin row per event may override the
table, give a vague date (month, season, to be decided), several separate days, the
date as written and the place, without touching the event's own start and end.
Activities the site does not run as events (typically ones with no date yet) are
stand-alone rows of the same table. See README.md.
"""

from __future__ import annotations

from pathlib import Path

import click
from confsite_plugins.monitoring import models  # noqa: F401  (register the tables)
from confsite_plugins.monitoring.i18n import _  # also joins the domain to the app's before Babel is set up
from flask import render_template, url_for
from markupsafe import Markup

from confsite.api import (
    ManageTab,
    PageContext,
    Panel,
    ReportScope,
    ReportSection,
    can_manage_series,
    hookimpl,
)

from .privacy import erase_personal_data, personal_data  # noqa: F401  (hook implementations: GDPR)

__version__ = "1.0.0"


@hookimpl
def migrations_dir() -> str:
    return str(Path(__file__).resolve().parent / "migrations" / "versions")


@hookimpl
def register_blueprints(app):
    from confsite_plugins.monitoring.views import bp

    return [bp]


@hookimpl
def register_commands(cli: click.Group) -> None:
    from confsite_plugins.monitoring.cli import monitoring_report_command

    cli.add_command(monitoring_report_command)


@hookimpl
def manage_tabs(event, user) -> list[ManageTab] | None:
    if event.series_id is None:
        return None
    tabs = [
        ManageTab(
            _("Monitoring details"), url_for("monitoring.event_activity", event_slug=event.slug), order=60
        )
    ]
    if can_manage_series(user, event.series):
        tabs.append(
            ManageTab(
                _("Partnership report"), url_for("monitoring.report", series_slug=event.series.slug), order=61
            )
        )
    return tabs


@hookimpl
def page_panels(page: PageContext) -> list[Panel] | None:
    if page.kind != "series" or page.series is None:
        return None
    from confsite_plugins.monitoring.profile import profile_of

    profile = profile_of(page.series)
    can_manage = can_manage_series(page.user, page.series)
    if profile is None and not can_manage:
        return None
    if profile is None:
        html = Markup(render_template("monitoring/panel_empty.html", series=page.series))
    else:
        html = Markup(
            render_template(
                "monitoring/panel.html", series=page.series, profile=profile, can_manage=can_manage
            )
        )
    return [Panel("Partnership", html, order=30)]


@hookimpl
def report_sections(scope: ReportScope) -> list[ReportSection] | None:
    """For series reports: the fact sheet, activity tables and SDG matrix of the
    scope's period (default: the current half-year)."""
    if scope.series is None or scope.event is not None:
        return None
    from confsite_plugins.monitoring.report import build_report, default_period, report_sections

    start, end = scope.start, scope.end
    if start is None or end is None:
        default_start, default_end = default_period()
        start, end = start or default_start, end or default_end
    if end < start:
        return None
    return report_sections(build_report(scope.series, start, end))


@hookimpl
def load_demo_data() -> None:
    from confsite_plugins.monitoring.demo import load

    load()
