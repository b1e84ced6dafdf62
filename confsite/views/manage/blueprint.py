"""The ``manage`` blueprint and the access helpers its routes share."""

from __future__ import annotations

from flask import Blueprint, abort
from flask.typing import ResponseReturnValue
from flask_login import current_user

from confsite.extensions import login_manager
from confsite.models import Event, Series, User
from confsite.plugins import host
from confsite.services.lookup import event_by_slug, series_by_slug
from confsite.services.permissions import can_manage_event, can_manage_series, is_admin

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.before_request
def _signed_in_only() -> ResponseReturnValue | None:
    """Anonymous visitors are sent to log in, whatever the route."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def managed_event_or_404(slug: str) -> Event:
    """The event if the current user organises it; 404 otherwise (drafts do not leak)."""
    event = event_by_slug(slug)
    if event is None or not can_manage_event(current_user, event):
        abort(404)
    return event


def managed_series_or_404(slug: str) -> Series:
    series = series_by_slug(slug)
    if series is None or not can_manage_series(current_user, series):
        abort(404)
    return series


def admin_only() -> None:
    if not is_admin(current_user):
        abort(403, "Only site administrators can do this.")


def user() -> User:
    """The signed-in user as a model object (for change logs); every route here has one."""
    found: User = current_user._get_current_object()
    return found


@bp.app_template_global()
def plugin_manage_tabs(event: Event) -> list:
    """Organiser tabs plugins add to ``event`` (shown on every page of its workspace)."""
    return sorted(host().collect("manage_tabs", event=event, user=current_user), key=lambda t: t.order)
