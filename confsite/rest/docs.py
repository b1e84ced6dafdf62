"""A browsable page of the REST API, rendered on the server from the OpenAPI document
(no script from elsewhere, so it works offline and under a strict CSP)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("rest_docs", __name__)


@bp.get("/api/v1/docs")
def page() -> str:
    spec = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, item in spec.get("paths", {}).items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    return render_template(
        "api/docs.html",
        spec=spec,
        operations=operations,
        schemas=spec.get("components", {}).get("schemas", {}),
    )
