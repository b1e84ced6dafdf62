"""The site's public base URL: where every absolute link points, and the only host served.

Links in e-mails (password resets, a guest's private registration link), feeds and
exports must never be built from the request's ``Host`` header, or anyone could make
the site mail a victim a link to their own server. ``CONFSITE_BASE_URL`` (config key
``BASE_URL``) fixes scheme, host and path of every absolute URL, inside a request or
not, and requests for any other host are refused with a 400 page in the site layout.

Flask's own ``TRUSTED_HOSTS`` check runs while the request context is being built, so
its error page cannot build URLs and crashes; this module therefore does the check in
the first ``before_request`` function instead, with URL building already working.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from werkzeug.routing import MapAdapter
from werkzeug.sansio.utils import host_is_trusted

from confsite.config import ConfigError
from confsite.i18n import _

DEVELOPMENT_HINT = "set CONFSITE_BASE_URL to the site's public address, e.g. https://events.example.org"


def parse_base_url(value: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path) of a base URL; ``ConfigError`` if it is not one."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"CONFSITE_BASE_URL {value!r} is not an http(s) URL: {DEVELOPMENT_HINT}")
    if parts.query or parts.fragment or parts.username:
        raise ConfigError(f"CONFSITE_BASE_URL {value!r} must be scheme, host and optional path only")
    return parts.scheme, parts.netloc.lower(), parts.path.rstrip("/")


def configure(app: Flask) -> None:
    """Apply ``BASE_URL`` to Flask's URL settings; require it outside debug and testing."""
    # Flask's TRUSTED_HOSTS check would fail before URLs can be built (a 500 on its own
    # error page): its hosts move to ours, checked in ``refuse_other_hosts``.
    app.config["CONFSITE_ALLOWED_HOSTS"] = list(app.config.get("TRUSTED_HOSTS") or [])
    app.config["TRUSTED_HOSTS"] = None
    app.before_request(refuse_other_hosts)
    value = app.config.get("BASE_URL")
    if not value:
        if not (app.debug or app.testing):
            raise ConfigError(f"CONFSITE_BASE_URL is not set: {DEVELOPMENT_HINT}")
        return
    scheme, host, path = parse_base_url(value)
    app.config["SERVER_NAME"] = host
    app.config["PREFERRED_URL_SCHEME"] = scheme
    app.config["APPLICATION_ROOT"] = path or "/"
    app.config["CONFSITE_ALLOWED_HOSTS"].append(host)


def allowed_hosts(app: Flask) -> list[str]:
    return app.config.get("CONFSITE_ALLOWED_HOSTS") or []


def refuse_other_hosts() -> None:
    """400 (in the site layout) for a ``Host`` the site is not configured to serve."""
    hosts = allowed_hosts(current_app)
    if hosts and not host_is_trusted(request.host, hosts):
        abort(400, _("This site does not answer to that host name."))


def pin_url_adapter(app: Flask, adapter: MapAdapter | None) -> MapAdapter | None:
    """Make a request's URL adapter build absolute URLs on the configured base URL
    (scheme too: behind a proxy the request may have arrived over plain HTTP)."""
    if adapter is not None and app.config.get("BASE_URL"):
        scheme, host, path = parse_base_url(app.config["BASE_URL"])
        adapter.url_scheme = scheme
        adapter.server_name = host
        if path:
            adapter.script_name = path + "/"
    return adapter


class ConfsiteFlask(Flask):
    """Flask whose URL adapters honour ``BASE_URL`` (see ``pin_url_adapter``)."""

    def create_url_adapter(self, request: Any) -> MapAdapter | None:
        return pin_url_adapter(self, super().create_url_adapter(request))
