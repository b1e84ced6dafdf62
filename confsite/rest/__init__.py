"""The public REST API under ``/api/v1`` (docs/api.md), built with flask-smorest.

Not to be confused with :mod:`confsite.api`, the Python API for plugin authors.
Plugins add endpoints with the ``api_blueprints`` hook; their blueprints are
documented in the same OpenAPI document and protected the same way.
"""

from __future__ import annotations

from flask import Flask, request

from confsite.extensions import csrf
from confsite.rest import auth
from confsite.rest.extension import RestApi

PREFIX = "/api/v1"

API_CONFIG = {
    "API_TITLE": "confsite API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "Read the programme of public events; with a personal token (created on "
                "your account page), manage the events you organise. Errors are RFC 9457 "
                "problem documents. See docs/api.md."
            )
        },
        "components": {
            "securitySchemes": {
                "token": {"type": "http", "scheme": "bearer", "description": "Personal API token"}
            }
        },
        "security": [{}, {"token": []}],
    },
}


def init_app(app: Flask) -> RestApi:
    """Register the core API, plugins' API blueprints, the docs page and the guards."""
    from confsite.plugins import host  # noqa: PLC0415 (plugins import the app package)
    from confsite.rest import docs, organisers, programme, registrations  # noqa: PLC0415 (schemas need the models loaded)

    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    rest = RestApi(app)
    blueprints = [programme.bp, registrations.bp, organisers.bp]
    plugin_host = host(app)
    for plugin_name, result in plugin_host.call("api_blueprints"):
        if isinstance(result, list):
            for blueprint in result:
                plugin_host.blueprint_owner[blueprint.name] = plugin_name
                blueprints.append(blueprint)
    for blueprint in blueprints:
        csrf.exempt(blueprint)
        rest.register_blueprint(blueprint, url_prefix=PREFIX)
    app.register_blueprint(docs.bp)

    @app.before_request
    def _api_guard() -> None:
        if request.path.startswith(PREFIX + "/") and request.endpoint not in (None, "api-docs.openapi_json"):
            auth.authenticate()

    return rest
