"""Error pages in the site's layout, for every 4xx and for 500."""

from __future__ import annotations

import contextlib
import logging

from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from confsite.extensions import db
from confsite.i18n import _

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _discard_failed_transaction() -> None:
    """After a database error the session refuses every query until rolled back, and
    the error page itself queries (current user, plugins' links): roll back first. A
    dead connection cannot even roll back; it is dropped from the pool instead."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        log.warning("rollback before the error page failed; connection invalidated", exc_info=True)
        with contextlib.suppress(SQLAlchemyError):
            db.session().invalidate()


def render_error(error: HTTPException, message: str | None = None) -> ResponseReturnValue:
    _discard_failed_transaction()
    if request.path.startswith("/api/"):
        # The REST API answers every error with an RFC 9457 problem document.
        from confsite.rest.problems import from_http_exception  # noqa: PLC0415 (the API loads after errors)

        return from_http_exception(error)
    description = message or error.description
    code = error.code or 500
    if _wants_json():
        return {"error": error.name, "message": description}, code
    return (
        render_template("errors/error.html", code=error.code, title=error.name, message=description),
        code,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> ResponseReturnValue:
        return render_error(
            error,
            "Your form expired or was sent twice. Go back, reload the page and try again.",
        )

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
        # An upload (an image, an event file) bigger than the whole request may be.
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        return render_error(
            error,
            _(
                "What you sent is too large: at most %(size)s MB in all. Go back and choose a smaller file.",
                size=f"{limit / (1024 * 1024):.0f}",
            ),
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        if error.code is None or error.code < 400:
            return error
        return render_error(error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        if app.testing:
            raise error
        log.exception("unhandled error on %s", request.path)
        return render_error(InternalServerError(), "Something went wrong on our side. It has been logged.")
