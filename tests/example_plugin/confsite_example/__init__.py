"""An example third-party plugin: what docs/plugins.md walks through."""
from __future__ import annotations

from flask import Blueprint

from confsite import hookimpl
from confsite.hooktypes import NavLink

__version__ = "0.1.0"

bp = Blueprint("example", __name__)


@bp.get("/example/")
def index() -> str:
    return "Hello from the example plugin"


@hookimpl
def register_blueprints(app):  # type: ignore[no-untyped-def]
    return [bp]


@hookimpl
def navigation_links(user):  # type: ignore[no-untyped-def]
    return [NavLink(label="Example", url="/example/", order=900)]
