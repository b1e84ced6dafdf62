"""The public list of a report's published versions and their files."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, render_template

from confsite.api import db

from ..exports import FORMATS
from ..models import PublishedReport
from ..publishing import published_versions, render_published
from .common import current_target, file_response, public_route


# -- public: published versions -----------------------------------------------------------
@public_route("/published/")
def published(**_scope: str) -> str:
    target = current_target()
    return render_template(
        "reports/published.html", target=target, versions=published_versions(target), formats=FORMATS.values()
    )


@public_route("/published/<int:version>.<any(html,pdf,docx,md):fmt>")
def published_file(version: int, fmt: str, **_scope: str) -> Response:
    target = current_target()
    row = db.session.scalar(
        sa.select(PublishedReport).where(target.filter(PublishedReport), PublishedReport.version == version)
    )
    if row is None:
        abort(404)
    return file_response(
        render_published(row, fmt), fmt, f"{target.slug}-report-v{version}", inline=fmt == "html"
    )
