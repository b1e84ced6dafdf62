"""Every hook a confsite plugin can implement.

Implement a hook by defining a function with the same name, decorated with
``@confsite.hookimpl``, in a module registered as a plugin (see docs/plugins.md).
Declare only the arguments you need; pluggy passes them by keyword.

Hooks that concern one event or series (page panels and views, organiser tabs, report
sections, exports, lifecycle events) are called only for plugins enabled there.
An exception raised by an implementation is logged with the plugin's name and
ignored in production (its panel shows a notice); under ``TESTING`` it propagates.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click
import pluggy
from flask import Blueprint, Flask

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
)
from confsite.lifecycle import LifecycleEvent
from confsite.reporting import ReportScope, ReportSection

if TYPE_CHECKING:
    from confsite.models import Event, Registration, Series, User

hookspec = pluggy.HookspecMarker("confsite")


@hookspec
def register_blueprints(app: Flask) -> list[Blueprint] | None:
    """Called once while the app is created. Return blueprints to register.

    A route with an ``event_slug`` argument is event-scoped: the site answers 404 on it
    for events that do not exist or where the plugin is switched off (likewise
    ``series_slug`` for series). Give the blueprint ``template_folder="templates"``
    and keep templates under ``templates/<plugin_name>/``; serve static files with
    ``static_folder="static", static_url_path="/<plugin_name>/static"``, so names
    never clash with the core's or another plugin's.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Called once while the app is created. Add click commands to ``cli``
    (they run inside an app context, e.g. ``confsite my-command``)."""


@hookspec
def migrations_dir() -> str | None:
    """Return the absolute path of the plugin's Alembic ``versions`` folder.

    The plugin's models are ordinary ``db.Model`` classes defined in its modules; its
    migrations form their own Alembic branch (``branch_labels=("<plugin>",)``,
    ``depends_on`` the core revision they need). ``confsite db upgrade`` applies all.
    """


@hookspec
def navigation_links(user: User | None) -> list[NavLink] | None:
    """Called on every page. Return links for the site's main navigation."""


@hookspec
def page_panels(page: PageContext) -> list[Panel] | None:
    """Called when an event, session, speaker or series page is rendered, for
    plugins enabled on the page's event (on series pages: on the series), and on the
    signed-in user's *My agenda* page (``page.kind == "agenda"``, no event).

    Return panels to show below the page's own content; check ``page.kind``. If the
    implementation raises, production shows a short notice in place of its panel.
    """


@hookspec
def plugin_settings_schema() -> list[SettingField] | None:
    """Declare the plugin's own per-event settings: typed fields with defaults and
    validation. Organisers edit them on the event's Plugins page, they travel in the
    event file, and the plugin reads them with ``confsite.api.plugin_settings(name,
    event)``. Called while pages and files are built: return a constant list."""


@hookspec
def registration_questions(event: Event) -> list[Question] | None:
    """Called when the registration form of ``event`` is shown or submitted, for
    plugins enabled on it. Return extra questions; the answers are stored with the
    registration (``confsite.api.registration_answers(registration)``)."""


@hookspec
def mail_blocks(registration: Registration, kind: str) -> list[MailBlock] | None:
    """Called when an e-mail about ``registration`` is written, for plugins enabled on
    its event. ``kind`` is "confirmed", "waitlisted", "promoted", "cancelled" or
    "reminder" (ignore kinds you do not know). Return paragraphs to add to it."""


@hookspec
def page_viewed(page: PageContext) -> None:
    """Called after a public event, session, speaker or series page was rendered for a
    GET request (``flask.request`` is available, e.g. to recognise bots). Keep it
    cheap: it runs on every page view. Return value is ignored."""


@hookspec
def manage_tabs(event: Event, user: User) -> list[ManageTab] | None:
    """Called when the organiser area of ``event`` is shown to ``user`` (who may
    manage it), for plugins enabled on ``event``. Return tabs linking to the
    plugin's organiser pages (which must check permissions themselves)."""


@hookspec
def template_variables(template_name: str) -> dict[str, Any] | None:
    """Called for every rendered template (``template_name`` is "" for templates
    rendered from strings). Return extra variables for it; they never replace the
    view's own variables. Not scoped to an event: keep it cheap and check the name."""


@hookspec
def report_sections(scope: ReportScope) -> list[ReportSection] | None:
    """Called when a report of an event or a series is built. Return titled sections
    (built from :mod:`confsite.reporting` blocks) describing what the plugin knows
    about the events in ``scope``. Called only for plugins enabled on ``scope.event``
    (for series reports: on the series). A report renderer gathers all sections with
    ``confsite.api.report_sections(scope)``, ordered by ``(order, key)``."""


@hookspec
def export_formats() -> list[Exporter] | None:
    """Return exporters for single events; each becomes a download at
    ``/events/<slug>/export/<identifier>`` (only where the plugin is enabled; a
    non-``public`` one only for the event's organisers). ``confsite.api.exporters(event)``
    lists those available for an event."""


@hookspec
def lifecycle_event(happening: LifecycleEvent) -> None:
    """Called after something happened and was committed: a registration created,
    cancelled or promoted, a check-in (or its undo), an event published, a session
    changed, an event ended (``EventEnded``, once per event); only for plugins enabled
    on the event concerned. Check the type with
    ``isinstance`` and ignore types you do not know (new ones may be added). Commit
    your own writes. Return value is ignored."""


@hookspec
def load_demo_data() -> None:
    """Called by ``confsite demo`` after the core demo is loaded, inside an app
    context. Add the plugin's demo content; running it twice must change nothing."""


@hookspec
def personal_agenda_items(user: User) -> list[AgendaItem] | None:
    """Called when ``user``'s My agenda page or personal calendar feed is built.
    Return their private appointments the plugin knows of (e.g. accepted 1:1
    meetings). Not scoped to an event: leave out items of events where the plugin is
    switched off (``confsite.api.plugin_enabled``). Keep it to a query or two."""


@hookspec
def personal_data(user: User) -> dict[str, Any] | None:
    """Called when ``user`` downloads the data the site holds about them (GDPR right
    of access, ``/me/data.json``). Return this plugin's part as a JSON-ready mapping
    (str keys; lists, numbers, strings, booleans, None; instants as ISO strings), e.g.
    the messages they authored or the votes they cast. Not scoped to an event: include
    everything the plugin stores about them, wherever it is switched on."""


@hookspec
def erase_personal_data(user: User) -> None:
    """Called when ``user`` erases their account, just before the account row is
    deleted (columns referring to it with ``ondelete="SET NULL"`` then lose the link;
    pages show such content as by a "former member"). Remove or anonymise anything
    else the plugin keeps that identifies them (names or addresses copied into your own
    columns, free text about them), keeping aggregate figures. Do not commit: the
    erasure commits once, after every plugin."""


@hookspec
def purge_personal_data(ended_before: datetime) -> None:
    """Called by ``confsite purge-personal-data --apply`` after it anonymised the
    registrations of events that ended before ``ended_before`` (the site's retention
    period). Anonymise the per-person data your plugin keeps about those events
    (names, addresses, free text about people), keeping what figures and reports
    count. Called on every run for all such events: skip rows already anonymised and
    keep it to an UPDATE or two. Do not commit: the purge commits once."""


@hookspec
def monitoring_activities(series: Series) -> list[ReportedActivity] | None:
    """Called, for plugins enabled on ``series``, when its partnership-monitoring
    activities are listed (the monitoring plugin's activity page and period report).
    Return the activities the plugin ran for the series and its events; each lands in
    the table of its ``category`` and in the period its ``day`` falls in."""


@hookspec
def api_blueprints() -> list[Any] | None:
    """Called once while the app is created. Return ``confsite.api.ApiBlueprint``
    (flask-smorest) blueprints to add endpoints under ``/api/v1``.

    Describe arguments and responses with marshmallow schemas (``@bp.arguments``,
    ``@bp.response``): they validate requests and appear in ``/api/v1/openapi.json``.
    Routes are relative to ``/api/v1``; one with an ``event_slug`` argument answers
    404 where the plugin is switched off for that event. Find the event with
    ``confsite.api.api_event_or_404(slug)`` (drafts only for tokens that may see
    them) and check write access with ``confsite.api.api_require_event_manager``.
    Errors become RFC 9457 problem documents; name blueprints ``api_<plugin>``.
    """
