"""The reader's choices: the language of the site and the time zone times are shown in.

Visitors keep both in cookies; a signed-in person's language is also kept on the
account (so their e-mails follow it). Switching is a plain link for visitors, because
their pages may come from the page cache and cannot hold a CSRF token; signed-in people
post a form. The time zone is detected by static/time-zone.js in the browser.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from confsite.i18n import LANGUAGE_COOKIE, LANGUAGES, ZONE_COOKIE, _, valid_zone
from confsite.services import accounts
from confsite.services.urls import safe_next_url

bp = Blueprint("preferences", __name__)

ONE_YEAR = 365 * 24 * 3600


def _back() -> BaseResponse:
    target = safe_next_url(request.values.get("next")) or url_for("public.home")
    return redirect(target, code=303)


def _checked_language(code: str | None) -> str:
    if code not in LANGUAGES:
        abort(
            400,
            description=_(
                "This language is not available: choose one of %(languages)s.", languages=", ".join(LANGUAGES)
            ),
        )
    return str(code)


def _with_language_cookie(response: BaseResponse, language: str) -> BaseResponse:
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


@bp.get("/language/<code>")
def language_link(code: str) -> BaseResponse:
    """A visitor's switch: only the cookie changes."""
    return _with_language_cookie(_back(), _checked_language(code))


@bp.post("/language")
def language_form() -> BaseResponse:
    """A signed-in person's switch: kept on the account too (CSRF-checked form)."""
    language = _checked_language(request.form.get("language"))
    if current_user.is_authenticated:
        accounts.set_language(current_user, language)
    return _with_language_cookie(_back(), language)


@bp.get("/time-zone")
def time_zone() -> BaseResponse:
    """Show times in ``zone`` (the browser's, filled in by time-zone.js) or, with an empty
    zone, in each event's own zone again."""
    zone = request.args.get("zone", "")
    response = _back()
    if not zone:
        response.delete_cookie(ZONE_COOKIE)
        return response
    if valid_zone(zone) is None:
        abort(400, description=_("“%(zone)s” is not a time zone name such as Europe/Madrid.", zone=zone[:64]))
    response.set_cookie(ZONE_COOKIE, zone, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response
