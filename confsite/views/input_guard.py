"""Refusing input no database column can hold, before any query sees it.

Also refused here, for every route at once: a file where a form expects text (a
multipart request with a file part named like a text field reached WTForms as a
``FileStorage`` and failed with a 500). Views that take uploads name their file fields
with ``accepts_files``; every other file part is a 400.

PostgreSQL text cannot contain NUL characters and its INTEGER ids stop at 2**31 - 1:
such values in a slug, an id, a query parameter or a form field would otherwise
surface as database errors (a 500) instead of a 400 or 404.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, abort, current_app, request
from werkzeug.routing import IntegerConverter

from confsite.i18n import _

# Largest id a route accepts (PostgreSQL INTEGER): a bigger number in a URL is a plain
# 404 from the router instead of a database error.
MAX_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` everywhere (core and plugins) stops at the largest database id."""

    def __init__(self, map, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _has_nul(values) -> bool:  # type: ignore[no-untyped-def]
    return any("\x00" in value for value in values if isinstance(value, str))


def refuse_nul_characters() -> None:
    view_args = (request.view_args or {}).values()
    if (
        "\x00" in request.path
        or _has_nul(view_args)
        or _has_nul(request.args.values())
        or (request.method == "POST" and _has_nul(request.form.values()))
    ):
        abort(400, _("The request contains a NUL character, which no text here may hold."))


View = TypeVar("View", bound=Callable[..., object])


def accepts_files(*field_names: str, pattern: str | None = None) -> Callable[[View], View]:
    """Mark a view as taking uploads in these form fields (and in no others);
    ``pattern`` (a regular expression matched against the whole name) admits fields
    whose names are only known per request, such as a form builder's questions."""

    def mark(view: View) -> View:
        view.accepted_file_fields = frozenset(field_names)  # type: ignore[attr-defined]
        view.accepted_file_pattern = re.compile(pattern) if pattern else None  # type: ignore[attr-defined]
        return view

    return mark


def refuse_unexpected_files() -> None:
    if request.method != "POST" or not request.mimetype.startswith("multipart/"):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    allowed = getattr(view, "accepted_file_fields", frozenset())
    pattern = getattr(view, "accepted_file_pattern", None)
    unexpected = sorted(
        name for name in set(request.files) - allowed if pattern is None or not pattern.fullmatch(name)
    )
    if unexpected:
        abort(400, _("A file was sent where text was expected (field: %(field)s).", field=unexpected[0]))


def init_app(app: Flask) -> None:
    """Apply the guards to every route, including plugins' (call before routes exist)."""
    app.url_map.converters["int"] = DatabaseIdConverter
    app.before_request(refuse_nul_characters)
    app.before_request(refuse_unexpected_files)
