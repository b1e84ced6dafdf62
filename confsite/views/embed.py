"""The embeddable agenda: a page partners show in an iframe on their own websites,
with the viewer's language (``lang``) and time zone (``tz``) when given.

This route, and only this one, may be framed by any site (``frame-ancestors *``);
the rest of confsite refuses framing. The script snippet (``static/embed.js``) is a
static file that makes the iframe and keeps its height fitted to the agenda.
"""

from __future__ import annotations

from flask import Blueprint, Response, make_response, render_template, request
from flask_babel import force_locale, format_date

from confsite.i18n import LANGUAGES
from confsite.security_headers import allow_framing_by_any_site
from confsite.services import agenda
from confsite.services.validation import timezone_problem
from confsite.views.lookup import visible_event_or_404

bp = Blueprint("embed", __name__, url_prefix="/embed")


def viewer_zone(default: str) -> str:
    """The ``tz`` query parameter if it names a real zone, else ``default``."""
    wanted = (request.args.get("tz") or "").strip()
    return wanted if wanted and not timezone_problem(wanted) else default


def viewer_language() -> str | None:
    wanted = (request.args.get("lang") or "").strip().lower()
    return wanted if wanted in LANGUAGES else None


@bp.get("/events/<slug>/agenda")
def agenda_frame(slug: str) -> Response:
    event = visible_event_or_404(slug, None)  # only public events, whoever looks
    zone = viewer_zone(event.timezone)
    language = viewer_language()
    sessions = agenda.load_sessions(event)

    def render() -> str:
        days = [
            {"label": format_date(day.day, format="full"), "sessions": day.sessions}
            for day in agenda.agenda_days(event, sessions)
        ]
        return render_template("embed/agenda.html", event=event, days=days, zone=zone, lang=language or "en")

    if language:
        with force_locale(language):
            html = render()
    else:
        html = render()
    allow_framing_by_any_site()
    response = make_response(html)
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
