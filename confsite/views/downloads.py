"""Small helpers for file responses shared by several blueprints."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, stream_with_context


def pdf_download(body: bytes, filename: str) -> Response:
    """A PDF offered as a download under ``filename``."""
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def streamed_download(chunks: Iterator[bytes], mimetype: str, filename: str) -> Response:
    """An attachment whose body is ``chunks``, produced while it is sent, so an export's
    memory does not grow with its rows (issue #24). The request (and its database
    session) stays open until the last chunk; personal data, so never cached."""
    return Response(
        stream_with_context(chunks),
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
