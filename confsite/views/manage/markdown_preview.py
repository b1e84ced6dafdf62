"""The preview of a Markdown field, as the public page will show it (markdown-preview.js)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, request
from flask_login import current_user

from confsite.extensions import db
from confsite.i18n import _
from confsite.rich_text import to_html
from confsite.services.permissions import managed_event_ids
from confsite.views.manage.blueprint import bp
from confsite.views.manage.events import managed_series

MAX_PREVIEW = 50_000


@bp.post("/markdown-preview")
def markdown_preview() -> Response:
    """Sanitised HTML of the posted ``text``: the same rendering as the public pages.
    For organisers (it reads nothing, but is no public rendering service); CSRF-checked."""
    organises = managed_event_ids(current_user)
    if (
        organises is not None
        and not managed_series()
        and not db.session.scalar(sa.select(organises.exists()))
    ):
        abort(403, _("Only organisers can preview texts."))
    text = request.form.get("text", "")
    if len(text) > MAX_PREVIEW:
        abort(413, _("The text is too long to preview."))
    response = Response(str(to_html(text)), mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
