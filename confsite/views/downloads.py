"""Small helpers for file responses shared by several blueprints."""

from __future__ import annotations

from flask import Response


def pdf_download(body: bytes, filename: str) -> Response:
    """A PDF offered as a download under ``filename``."""
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
