"""The public API for plugin authors: everything a plugin may import from confsite.

Built-in plugins use only this module and ``confsite.hookimpl``, exactly like a
third-party plugin (a test enforces it). Names here are stable; anything else in
confsite may change between versions.
"""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint as ApiBlueprint

from confsite import hookimpl
from confsite.countries import country_choices, country_name, normalise_country
from confsite.extensions import Model, csrf, db
from confsite.hooktypes import AgendaItem, Exporter, ManageTab, NavLink, PageContext, Panel, ReportedActivity
from confsite.i18n import _, _l
from confsite.jobs import enqueue, job, periodic, run_pending
from confsite.lifecycle import (
    CheckedIn,
    EventPublished,
    LifecycleEvent,
    RegistrationCancelled,
    RegistrationCreated,
    RegistrationPromoted,
    SessionChanged,
    event_of,
)
from confsite.mail import build_message, compose_mail, queue_mail
from confsite.mail import send as send_mail
from confsite.models import (
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    RoleAssignment,
    RoleName,
    Room,
    Sector,
    Series,
    Session,
    SessionKind,
    SessionStatus,
    Talk,
    TalkSpeaker,
    User,
    utcnow,
)
from confsite.models.base import TimestampMixin, UTCDateTime, enum_column
from confsite.models.enums import LabelledEnum
from confsite.plugins import host, notify, plugin_enabled
from confsite.reporting import (
    Block,
    BulletList,
    Figure,
    Figures,
    Heading,
    Paragraph,
    ReportScope,
    ReportSection,
    Table,
)

# The REST API (/api/v1): plugins add endpoints with the ``api_blueprints`` hook.
from confsite.rest.auth import event_or_404 as api_event_or_404
from confsite.rest.auth import require_event_manager as api_require_event_manager
from confsite.services.accounts import AccountError, create_user, grant_role, user_by_email
from confsite.services.agenda import event_people, load_sessions
from confsite.services.events import add_talk  # calls plugin (issue 23)
from confsite.services.lookup import event_by_slug, series_by_slug
from confsite.services.permissions import (
    can_manage_event,
    can_manage_series,
    can_view_event,
    event_roles,
    has_event_role,
    is_admin,
    series_roles,
)
from confsite.services.reports_api import scope_for_event, scope_for_series
from confsite.templating import event_dates, local_dt
from confsite.views.input_guard import accepts_files
from confsite.views.lookup import session_of_event_or_404, visible_event_or_404


def report_sections(scope: ReportScope) -> list[ReportSection]:
    """Every enabled plugin's sections for a report of ``scope`` (an event, or a
    series), ordered by ``(order, key)``; a plugin that fails contributes a short
    notice instead. This is what a report renderer composes."""
    return host().report_sections(scope)


def exporters(event: Event) -> list[Exporter]:
    """The exports plugins enabled on ``event`` offer (each served at
    ``/events/<slug>/export/<identifier>``)."""
    return host().exporters(event)


def plugin_event() -> Event | None:
    """The event of the current event-scoped plugin route (one with ``event_slug``),
    already looked up and checked to have the plugin enabled; None elsewhere."""
    return g.get("plugin_event")


def reported_activities(series: Series) -> list[ReportedActivity]:
    """Activities the plugins enabled on ``series`` report for its partnership
    monitoring (the ``monitoring_activities`` hook), in no particular order."""
    return host().collect("monitoring_activities", series=series)


__all__ = [
    "AccountError",
    "AgendaItem",
    "ApiBlueprint",
    "Block",
    "BulletList",
    "CheckedIn",
    "Event",
    "EventFormat",
    "EventKind",
    "EventPublished",
    "EventStatus",
    "Exporter",
    "Figure",
    "Figures",
    "Heading",
    "LabelledEnum",
    "LifecycleEvent",
    "ManageTab",
    "Model",
    "NavLink",
    "Organisation",
    "PageContext",
    "Panel",
    "Paragraph",
    "Person",
    "Registration",
    "RegistrationCancelled",
    "RegistrationCreated",
    "RegistrationPromoted",
    "RegistrationStatus",
    "ReportScope",
    "ReportSection",
    "ReportedActivity",
    "RoleAssignment",
    "RoleName",
    "Room",
    "Sector",
    "Series",
    "Session",
    "SessionChanged",
    "SessionKind",
    "SessionStatus",
    "Table",
    "Talk",
    "TalkSpeaker",
    "TimestampMixin",
    "UTCDateTime",
    "User",
    "_",
    "_l",
    "accepts_files",
    "add_talk",
    "api_event_or_404",
    "api_require_event_manager",
    "build_message",
    "can_manage_event",
    "can_manage_series",
    "can_view_event",
    "compose_mail",
    "country_choices",
    "country_name",
    "create_user",
    "csrf",
    "db",
    "enqueue",
    "enum_column",
    "event_by_slug",
    "event_dates",
    "event_of",
    "event_people",
    "event_roles",
    "exporters",
    "grant_role",
    "has_event_role",
    "hookimpl",
    "is_admin",
    "job",
    "load_sessions",
    "local_dt",
    "normalise_country",
    "notify",
    "periodic",
    "plugin_enabled",
    "plugin_event",
    "queue_mail",
    "report_sections",
    "reported_activities",
    "run_pending",
    "scope_for_event",
    "scope_for_series",
    "send_mail",
    "series_by_slug",
    "series_roles",
    "session_of_event_or_404",
    "user_by_email",
    "utcnow",
    "visible_event_or_404",
]
