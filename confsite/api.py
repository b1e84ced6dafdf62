"""The public API for plugin authors: everything a plugin may import from confsite.

Built-in plugins use only this module and ``confsite.hookimpl``, exactly like a
third-party plugin (a test enforces it). Names here are stable; anything else in
confsite may change between versions.
"""

from __future__ import annotations

from flask import abort, g
from flask_login import current_user
from flask_smorest import Blueprint as ApiBlueprint

from confsite import hookimpl
from confsite.caching.event_memory import kept_while_unchanged
from confsite.caching.kept_panels import kept_for_anonymous
from confsite.countries import country_choices, country_name, normalise_country
from confsite.extensions import Model, csrf, db, login_manager
from confsite.hooktypes import (
    AgendaItem,
    Exporter,
    MailBlock,
    ManageTab,
    NavLink,
    PageContext,
    Panel,
    Question,
    ReportedActivity,
    SettingField,
    SettingInvalid,
)
from confsite.i18n import _, _l, current_language, in_language, plugin_domain
from confsite.jobs import enqueue, job, periodic, run_pending
from confsite.lifecycle import (
    CheckedIn,
    EventEnded,
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
from confsite.models.event_notifications import (
    SEATS,
    announce_changes,
    announce_in_migration,
    stop_announcing_in_migration,
)
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
from confsite.rich_text import to_html as markdown_html
from confsite.rich_text import to_text as markdown_text
from confsite.search import Document as SearchDocument
from confsite.search import Source as SearchSource
from confsite.search import register_source as register_search_source
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
from confsite.services.plugin_event_settings import (
    PluginSettingsInvalid,
    plugin_settings,
    save_plugin_settings,
)
from confsite.services.registration import is_registered, registration_of
from confsite.services.registration_questions import answers_by_registration
from confsite.services.reports_api import scope_for_event, scope_for_series
from confsite.services.transaction import committing
from confsite.templating import event_dates, local_date, local_dt, number, word_list
from confsite.urls import event_url, login_url, series_url, session_url, speaker_url
from confsite.views.choices import select_choices
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


def plugin_series() -> Series | None:
    """The series of the current series-scoped plugin route (one with
    ``series_slug``), already looked up and checked; None elsewhere."""
    return g.get("plugin_series")


def require_event_role(*roles: RoleName | str) -> Event:
    """The permission check of a plugin's organiser page
    (``/manage/events/<event_slug>/<plugin>/...``): returns the route's event when the
    signed-in user may manage it (organiser or site admin) or holds one of ``roles``
    on it (e.g. ``"rapporteur"``). Anonymous visitors are sent to log in; others get
    404, as on the core's organiser pages (an event's workspace does not reveal itself).
    Call it first in the view, for GET and POST alike."""
    event = plugin_event()
    if event is None:
        raise LookupError("require_event_role() needs a route with an event_slug argument")
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    wanted = [RoleName(role) for role in roles]
    if not (can_manage_event(current_user, event) or has_event_role(current_user, event, *wanted)):
        abort(404)
    return event


def require_series_manager() -> Series:
    """The permission check of a plugin's series page
    (``/manage/series/<series_slug>/<plugin>/...``): the route's series when the
    signed-in user may manage it; log-in for anonymous visitors, 404 for others."""
    series = plugin_series()
    if series is None:
        raise LookupError("require_series_manager() needs a route with a series_slug argument")
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not can_manage_series(current_user, series):
        abort(404)
    return series


def registration_answers(registration: Registration) -> dict[tuple[str, str], str]:
    """The answers given to plugins' registration questions, by ``(plugin, key)``."""
    found = answers_by_registration([registration])[registration.id]
    return {(answer.plugin, answer.key): answer.value for answer in found}


def reported_activities(series: Series) -> list[ReportedActivity]:
    """Activities the plugins enabled on ``series`` report for its partnership
    monitoring (the ``monitoring_activities`` hook), in no particular order."""
    return host().collect("monitoring_activities", series=series)


__all__ = [
    "SEATS",
    "AccountError",
    "AgendaItem",
    "ApiBlueprint",
    "Block",
    "BulletList",
    "CheckedIn",
    "Event",
    "EventEnded",
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
    "MailBlock",
    "ManageTab",
    "Model",
    "NavLink",
    "Organisation",
    "PageContext",
    "Panel",
    "Paragraph",
    "Person",
    "PluginSettingsInvalid",
    "Question",
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
    "SearchDocument",
    "SearchSource",
    "Sector",
    "Series",
    "Session",
    "SessionChanged",
    "SessionKind",
    "SessionStatus",
    "SettingField",
    "SettingInvalid",
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
    "announce_changes",
    "announce_in_migration",
    "api_event_or_404",
    "api_require_event_manager",
    "build_message",
    "can_manage_event",
    "can_manage_series",
    "can_view_event",
    "committing",
    "compose_mail",
    "country_choices",
    "country_name",
    "create_user",
    "csrf",
    "current_language",
    "db",
    "enqueue",
    "enum_column",
    "event_by_slug",
    "event_dates",
    "event_of",
    "event_people",
    "event_roles",
    "event_url",
    "exporters",
    "grant_role",
    "has_event_role",
    "hookimpl",
    "in_language",
    "is_admin",
    "is_registered",
    "job",
    "kept_for_anonymous",
    "kept_while_unchanged",
    "load_sessions",
    "local_date",
    "local_dt",
    "login_url",
    "markdown_html",
    "markdown_text",
    "normalise_country",
    "notify",
    "number",
    "periodic",
    "plugin_domain",
    "plugin_enabled",
    "plugin_event",
    "plugin_series",
    "plugin_settings",
    "queue_mail",
    "register_search_source",
    "registration_answers",
    "registration_of",
    "report_sections",
    "reported_activities",
    "require_event_role",
    "require_series_manager",
    "run_pending",
    "save_plugin_settings",
    "scope_for_event",
    "scope_for_series",
    "select_choices",
    "send_mail",
    "series_by_slug",
    "series_roles",
    "series_url",
    "session_of_event_or_404",
    "session_url",
    "speaker_url",
    "stop_announcing_in_migration",
    "user_by_email",
    "utcnow",
    "visible_event_or_404",
    "word_list",
]
