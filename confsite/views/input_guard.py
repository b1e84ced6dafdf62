"""Refusing input no database column can hold, before any query sees it.

Also refused here, for every route at once: a file where a form expects text (a
multipart request with a file part named like a text field reached WTForms as a
``FileStorage`` and failed with a 500). A file part is accepted under the name of a form's
``FileField`` (any form's: the names are read from the form classes) or a name a view
declares with ``accepts_files``; every other file part is a 400.

PostgreSQL text cannot contain NUL characters and its INTEGER ids stop at 2**31 - 1:
such values in a slug, an id, a query parameter or a form field would otherwise
surface as database errors (a 500) instead of a 400 or 404.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, request
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter, Map
from wtforms import FileField
from wtforms.fields.core import UnboundField

from confsite.i18n import _

# Largest id a route accepts (PostgreSQL INTEGER): a bigger number in a URL is a plain
# 404 from the router instead of a database error.
MAX_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` everywhere (core and plugins) stops at the largest database id."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _has_nul(values: Iterable[object]) -> bool:
    return any("\x00" in value for value in values if isinstance(value, str))


def refuse_nul_characters() -> None:
    view_args = (request.view_args or {}).values()
    if (
        "\x00" in request.path
        or _has_nul(view_args)
        or _has_nul(request.args.values())
        or (request.method == "POST" and _has_nul(request.form.values()))
    ):
        abort(400, "The request contains a NUL character, which no text here may hold.")


View = TypeVar("View", bound=Callable[..., object])


def accepts_files(*field_names: str, pattern: str | None = None) -> Callable[[View], View]:
    """Mark a view as taking uploads in these form fields (and in no others);
    ``pattern`` (a regular expression matched against the whole name) admits fields
    whose names are only known per request, such as a form builder's questions."""

    def mark(view: View) -> View:
        marks = vars(view)  # a function's own attributes, read back by refuse_unexpected_files
        marks["accepted_file_fields"] = frozenset(field_names)
        marks["accepted_file_pattern"] = re.compile(pattern) if pattern else None
        return view

    return mark


def declared_file_fields() -> set[str]:
    """Names of the file fields of every form class (core and plugins): a file under
    one of these names is an upload some form expects. Walked per multipart request
    (a few dozen classes), so forms imported late are seen too."""
    names: set[str] = set()
    todo = list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        for klass in cls.__mro__:
            names.update(
                name
                for name, value in vars(klass).items()
                if isinstance(value, UnboundField) and issubclass(value.field_class, FileField)
            )
    return names


def refuse_unexpected_files() -> None:
    if request.method != "POST" or not request.mimetype.startswith("multipart/"):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    allowed: frozenset[str] = getattr(view, "accepted_file_fields", frozenset()) | declared_file_fields()
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
