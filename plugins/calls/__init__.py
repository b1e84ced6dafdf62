"""Calls, evaluation and matchmaking: calls for contributions, best-practice
recognitions, calls for projects, voucher applications and competence offers with an
organiser-built form; committees scoring against weighted criteria; accepted
contributions becoming talks; a public best-practice catalogue; voucher tracking;
1:1 matchmaking at call-for-competences workshops; surveys with the same form builder.

Built on the public plugin API only (``confsite.api``), like a third-party plugin.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, url_for

from confsite import hookimpl
from confsite.api import (
    AgendaItem,
    Event,
    Exporter,
    ManageTab,
    PageContext,
    Panel,
    ReportedActivity,
    ReportScope,
    ReportSection,
    Series,
    User,
    plugin_enabled,
)

from . import (
    exports,
    matchmaking,
    models,  # noqa: F401  (registers the tables with the metadata)
)
from . import report as report_module
from .i18n import _
from .privacy import erase_personal_data, personal_data, purge_personal_data  # noqa: F401  (GDPR hooks)

PLUGIN = "calls"


@hookimpl
def register_blueprints(app: Flask) -> list:
    from .views import bp  # importing the package registers every route on bp

    return [bp]


@hookimpl
def migrations_dir() -> str:
    return str(Path(__file__).resolve().parent / "migrations" / "versions")


@hookimpl
def manage_tabs(event: Event, user: User) -> list[ManageTab]:
    return [
        ManageTab(_("Calls and surveys"), url_for("calls.manage_index", event_slug=event.slug), order=50),
        ManageTab(_("Matchmaking"), url_for("calls.matchmaking_manage", event_slug=event.slug), order=51),
    ]


@hookimpl
def page_panels(page: PageContext) -> list[Panel] | None:
    from .views import panel  # rendering: with the pages, imported once they are

    return panel.panels_for(page)


@hookimpl
def report_sections(scope: ReportScope) -> list[ReportSection]:
    return report_module.report_sections(scope)


@hookimpl
def monitoring_activities(series: Series) -> list[ReportedActivity]:
    return report_module.monitoring_activities(series)


@hookimpl
def export_formats() -> list[Exporter]:
    return [
        Exporter(
            "calls-applications-csv",
            _("Applications to the event's calls (CSV)"),
            "text/csv",
            "csv",
            exports.applications_csv,
            public=False,
        ),
        Exporter(
            "calls-meetings-csv",
            _("1:1 meeting schedule (CSV)"),
            "text/csv",
            "csv",
            exports.meetings_csv,
            public=False,
        ),
    ]


@hookimpl
def personal_agenda_items(user: User) -> list[AgendaItem]:
    items = []
    for meeting in matchmaking.user_meetings(user):
        event = meeting.requester.event
        if not plugin_enabled(PLUGIN, event=event):
            continue
        other = matchmaking.other_side(meeting, user)
        items.append(
            AgendaItem(
                uid=f"calls-meeting-{meeting.id}@confsite",
                title=_("1:1 meeting with %(name)s", name=other.display_name),
                start_at=meeting.slot.start_at,
                end_at=meeting.slot.end_at,
                updated_at=meeting.updated_at,
                zone=event.timezone,
                location=meeting.slot.location,
                description=_("%(event)s · %(org)s", event=event.title, org=other.organisation),
                url=url_for("calls.matchmaking_page", event_slug=event.slug, _external=True),
            )
        )
    return items


@hookimpl
def load_demo_data() -> None:
    from .demo import load

    load()
