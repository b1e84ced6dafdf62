"""What every page of the calls plugin shares: the blueprint, the two URL prefixes of
a call's routes, the scope (event or series) a page is about, and the look-ups that
404 on what is not in it.

Routes about a call exist twice, under an event and under a series (same endpoint,
two rules: ``url_for`` picks the rule from the ``event_slug``/``series_slug`` given;
templates use ``calls_scope_args``). Organiser pages live under ``/manage/``,
applicants', reviewers' and participants' pages under the public ``/events/`` and
``/series/``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.wrappers import Response

from confsite.api import Event, Series, User, can_manage_event, can_manage_series, can_view_event, db

from .. import answers as answers_mod
from .. import services
from ..i18n import _
from ..models import Call, FormField, Submission

bp = Blueprint(
    "calls",
    __name__,
    root_path=str(Path(__file__).resolve().parents[1]),  # the plugin's folder, not views/
    template_folder="templates",
    static_folder="static",
    static_url_path="/calls/static",
)

MANAGE_PREFIXES = ("/manage/events/<event_slug>/calls", "/manage/series/<series_slug>/calls")
PUBLIC_PREFIXES = ("/events/<event_slug>/calls", "/series/<series_slug>/calls")

View = Callable[..., ResponseReturnValue]


def _both(prefixes: tuple[str, str], rule: str, **options: Any) -> Callable[[View], View]:
    """Register a view under the event prefix and the series prefix (one endpoint)."""

    def decorator(view: View) -> View:
        # The scope is read from ``g`` (set by the core before the request), so the
        # view itself does not take the slug arguments.
        @functools.wraps(view)
        def scoped(**kwargs: Any) -> ResponseReturnValue:
            kwargs.pop("event_slug", None)
            kwargs.pop("series_slug", None)
            return view(**kwargs)

        for prefix in prefixes:
            bp.add_url_rule(prefix + rule, view.__name__, scoped, **options)
        return scoped

    return decorator


def manage_route(rule: str, **options: Any) -> Callable[[View], View]:
    """An organiser's page of an event's or a series' calls."""
    return _both(MANAGE_PREFIXES, rule, **options)


def public_route(rule: str, **options: Any) -> Callable[[View], View]:
    """A public (applicant's, reviewer's) page of an event's or a series' calls."""
    return _both(PUBLIC_PREFIXES, rule, **options)


# -- scope ------------------------------------------------------------------------------


@dataclass
class Scope:
    """The event or series a page is about (exactly one is set)."""

    event: Event | None
    series: Series | None

    def required_series(self) -> Series:
        """The series, for code past an ``event is not None`` branch (exactly one is set)."""
        assert self.series is not None, "a Scope has an event or a series"
        return self.series

    @property
    def title(self) -> str:
        return self.event.title if self.event is not None else self.required_series().title

    @property
    def args(self) -> dict[str, str]:
        if self.event is not None:
            return {"event_slug": self.event.slug}
        return {"series_slug": self.required_series().slug}

    def owns(self, call: Call) -> bool:
        if self.event is not None:
            return call.event_id == self.event.id
        return call.series_id == self.required_series().id


def user_or_none() -> User | None:
    """The signed-in user, or None for a visitor."""
    return current_user if current_user.is_authenticated else None


def current_scope() -> Scope:
    """The route's event or series, looked up by the core before the request."""
    return Scope(event=g.get("plugin_event"), series=g.get("plugin_series"))


def public_scope() -> Scope:
    """The scope, 404 when its event is not visible to the user."""
    scope = current_scope()
    if scope.event is not None and not can_view_event(user_or_none(), scope.event):
        abort(404)
    return scope


def managed_scope() -> Scope:
    """The scope, 403 unless the user organises it."""
    scope = current_scope()
    allowed = (
        can_manage_event(current_user, scope.event)
        if scope.event is not None
        else can_manage_series(current_user, scope.required_series())
    )
    if not allowed:
        abort(403, description=_("Only the organisers can do this."))
    return scope


def call_in(scope: Scope, call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None or not scope.owns(call):
        abort(404)
    return call


def managed_call(call_id: int) -> tuple[Scope, Call]:
    """A call the user organises (403 otherwise; 404 if not in the scope)."""
    scope = managed_scope()
    return scope, call_in(scope, call_id)


def public_call(call_id: int) -> tuple[Scope, Call]:
    """A published call (or an unpublished one, for its organisers)."""
    scope = public_scope()
    call = call_in(scope, call_id)
    if not call.published and not services.can_manage_call(user_or_none(), call):
        abort(404)
    return scope, call


def submission_of(call: Call, submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None or submission.call_id != call.id:
        abort(404)
    return submission


def answer_rows(call: Call, submission: Submission) -> list[tuple[FormField, str, Any]]:
    """Each question with its answer as shown and as stored."""
    return [
        (
            f,
            answers_mod.display(f, submission.answers.get(answers_mod.key(f))),
            submission.answers.get(answers_mod.key(f)),
        )
        for f in call.fields
    ]


def scope_args(call: Call) -> dict[str, Any]:
    """URL arguments of a call's pages (its event's or its series')."""
    if call.event is not None:
        return {"event_slug": call.event.slug, "call_id": call.id}
    assert call.series is not None, "a call belongs to an event or a series"
    return {"series_slug": call.series.slug, "call_id": call.id}


@bp.app_template_global("calls_scope_args")
def _scope_args_global(call: Call) -> dict[str, Any]:
    return scope_args(call)


def back_to(endpoint: str, call: Call, **extra: Any) -> Response:
    """Redirect to one of the call's pages."""
    return redirect(url_for(endpoint, **scope_args(call), **extra))


def flash_error(exc: Exception) -> None:
    """Say why the service refused (it has already rolled its change back)."""
    flash(str(exc), "error")
