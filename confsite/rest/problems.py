"""Errors of the REST API as RFC 9457 problem documents (``application/problem+json``).

Validation problems carry an ``errors`` list naming each field (with a JSON pointer
into the request), so a client can show the message next to the right input.
"""

from __future__ import annotations

from typing import Any, NoReturn

import marshmallow as ma
from flask import Response, json
from werkzeug.exceptions import HTTPException, UnprocessableEntity

PROBLEM_TYPE = "application/problem+json"


class FieldProblemSchema(ma.Schema):
    field = ma.fields.String(metadata={"description": "The field at fault (dotted for nested fields)"})
    pointer = ma.fields.String(metadata={"description": "JSON pointer of the field in the request body"})
    location = ma.fields.String(metadata={"description": "Where the field was: json, query, path, headers"})
    message = ma.fields.String()


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details (documentation only: problems are built by :func:`problem`)."""

    type = ma.fields.String(metadata={"description": "A URI naming the kind of problem"})
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    errors = ma.fields.List(ma.fields.Nested(FieldProblemSchema))


def _flatten(messages: Any, location: str, path: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """webargs/marshmallow's nested message dicts as one flat list of field problems."""
    if isinstance(messages, dict):
        found = []
        for key, value in messages.items():
            found.extend(_flatten(value, location, (*path, str(key))))
        return found
    if isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages):
        field = ".".join(p for p in path if p != "_schema") or "(body)"
        pointer = "/" + "/".join(p for p in path if p != "_schema")
        return [{"field": field, "pointer": pointer, "location": location, "message": m} for m in messages]
    if isinstance(messages, list):
        return [p for m in messages for p in _flatten(m, location, path)]
    return [{"field": ".".join(path) or "(body)", "location": location, "message": str(messages)}]


def field_problems(error_messages: dict[str, Any]) -> list[dict[str, str]]:
    """{"json": {"title": ["Missing data."]}} -> [{"field": "title", ...}]."""
    problems = []
    for location, messages in (error_messages or {}).items():
        problems.extend(_flatten(messages, location))
    return problems


def problem(
    status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None
) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)


def from_http_exception(error: HTTPException) -> Response:
    """Any HTTP error raised in the API (webargs' 400/422 included) as a problem."""
    data = getattr(error, "data", None) or {}
    errors = field_problems(data.get("messages") or data.get("errors") or {})
    detail = data.get("message") or error.description or ""
    if errors and error.code == 422:
        detail = "Some fields are not valid: " + " ".join(f"{e['field']}: {e['message']}" for e in errors)
    elif errors and error.code == 400:
        detail = "; ".join(e["message"] for e in errors)
    response = problem(error.code or 500, error.name, detail, errors)
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    if error.code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="confsite"'
    return response


def invalid(field: str, message: str, location: str = "json") -> NoReturn:
    """Stop the request with a 422 problem naming ``field`` (checks beyond the schema)."""
    invalid_nested({field: [message]}, location)


def invalid_nested(messages: dict[str, Any], location: str = "json") -> NoReturn:
    """A 422 naming several fields, nested as marshmallow nests them:
    ``{"values": {"slots": ["At most 10."]}}`` names ``values.slots``, pointer
    ``/values/slots`` (keys are taken as they are, dots and all)."""
    error = UnprocessableEntity()
    error.data = {"messages": {location: messages}}  # type: ignore[attr-defined]  # flask-smorest reads .data
    raise error
