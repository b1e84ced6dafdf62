"""The reports plugin's blueprint and what its pages share: the routes registered once
for events and once for series, the event or series of the request, who may use it,
and the answer that sends a report file.

URLs name their target under the core's scoping: ``/manage/events/<slug>/reports/...``
or ``/manage/series/<slug>/reports/...`` for the workspace and the builder,
``/events/<slug>/reports/published/...`` (or the series') for published versions; both
answer 404 where the plugin is switched off.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, flash, g, redirect, url_for
from flask_login import current_user

from confsite.api import _, can_view_event, plugin_event

from ..exports import FORMATS
from ..targets import NotAllowed, ReportError, Target, can_take_part, is_organiser, partner_organisation

bp = Blueprint(
    "reports",
    __name__,
    root_path=str(Path(__file__).resolve().parents[1]),  # the plugin's folder, not views/
    template_folder="templates",
    static_folder="static",
    static_url_path="/reports/static",
)

# Organiser and partner pages live under the core's manage scoping; published versions
# under the public event and series pages. The core's before-request looks the event
# or series up, answers 404 where the plugin is off, and leaves it in g.
MANAGE_PREFIXES = ("/manage/events/<event_slug>/reports", "/manage/series/<series_slug>/reports")
PUBLIC_PREFIXES = ("/events/<event_slug>/reports", "/series/<series_slug>/reports")


def _route(prefixes: tuple[str, ...], rule: str, **options):
    """Register a view once for events and once for series (same endpoint)."""

    def register(view):
        for prefix in prefixes:
            bp.add_url_rule(prefix + rule, view_func=view, **options)
        return view

    return register


def manage_route(rule: str, **options):
    return _route(MANAGE_PREFIXES, rule, **options)


def public_route(rule: str, **options):
    return _route(PUBLIC_PREFIXES, rule, **options)


# -- helpers ------------------------------------------------------------------------
def _user():
    return current_user if current_user.is_authenticated else None


def current_target() -> Target:
    """The event or series of this request, as the core's before-request found it."""
    event, series = plugin_event(), g.get("plugin_series")
    if event is None and series is None:
        abort(404)
    target = Target(event=event) if event is not None else Target(series=series)
    if target.event is not None and not can_view_event(_user(), target.event):
        abort(404)
    g.report_target = target
    return target


@bp.context_processor
def _report_tabs() -> dict:
    """Which report tabs the signed-in user can use (partners vote, organisers build)."""
    target = g.get("report_target")
    if target is None or not current_user.is_authenticated:
        return {"tab_vote": False, "tab_builder": False, "tab_workspace": False}
    organiser = is_organiser(current_user, target)
    partner = partner_organisation(current_user, target) is not None
    return {"tab_vote": partner, "tab_builder": organiser, "tab_workspace": organiser or partner}


def participant_target() -> Target:
    target = current_target()
    if not can_take_part(current_user, target):
        abort(
            403,
            _(
                "Only the organisers and partners of this event or series can open "
                "its recommendation workspace."
            ),
        )
    return target


def organiser_target() -> Target:
    target = current_target()
    if not is_organiser(current_user, target):
        abort(403, _("Only organisers can do this."))
    return target


def target_url(endpoint: str, target: Target, **kw) -> str:
    return url_for(endpoint, **target.url_args, **kw)


@bp.get("/reports/<any(events,series):kind>/<slug>/")
@bp.get("/reports/<any(events,series):kind>/<slug>/<path:rest>")
def old_url(kind: str, slug: str, rest: str = "") -> Response:
    """Addresses before the plugin moved under the core's scoping still lead somewhere."""
    scope = "/events/" if kind == "events" else "/series/"
    base = scope + slug + "/reports/"
    if not rest.startswith("published"):
        base = "/manage" + base
    return redirect(base + rest, code=301)


def refuse(exc: ReportError) -> None:
    """Answer a refusal of the services: 403 where the user may not, else its reason
    flashed (the caller redirects)."""
    if isinstance(exc, NotAllowed):
        abort(403, str(exc))
    flash(str(exc), "error")


def file_response(body: bytes, name: str, filename: str, inline: bool = False) -> Response:
    """A report file in format ``name``, to download (or shown in the browser: ``inline``)."""
    fmt = FORMATS[name]
    disposition = "inline" if inline else "attachment"
    return Response(
        body,
        content_type=fmt.content_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}.{fmt.extension}"',
        },
    )
