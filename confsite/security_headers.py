"""Security headers on every response.

- ``Content-Security-Policy``: scripts only from this site or carrying the request's
  nonce (``csp_nonce()`` in templates), never inline handlers; no framing by other
  sites; forms post only here. Styles may be inline (charts and report previews).
- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy:
  strict-origin-when-cross-origin`` (pages with secrets in their URL set
  ``no-referrer`` themselves and keep it).
- ``Strict-Transport-Security`` when the request came over HTTPS.
- ``Cache-Control: no-store`` on the workspace, account and log-in pages and on every
  page shown to a signed-in person, so no shared cache or back button keeps personal
  data; static files and uploaded images (``public.image``: content-addressed, with a
  stricter policy of their own) keep their caching.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request
from flask_login import current_user

PRIVATE_PREFIXES = ("/manage", "/me/", "/account", "/password", "/login", "/signup", "/admin")
HSTS = "max-age=31536000; includeSubDomains"
# Public files that are the same for everyone and set their own, stricter policy.
FILE_ENDPOINTS = ("public.image",)


def csp_nonce() -> str:
    """This request's script nonce: ``<script nonce="{{ csp_nonce() }}">``."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def allow_framing_by_any_site() -> None:
    """Let this response be shown in other sites' iframes (the embeddable agenda);
    every other page keeps ``frame-ancestors 'none'``."""
    g.frame_ancestors = "*"


def content_security_policy(nonce: str, frame_ancestors: str = "'none'") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def _is_static() -> bool:
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith(".static") or endpoint in FILE_ENDPOINTS


def _shows_personal_data() -> bool:
    if _is_static():
        return False
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    return bool(getattr(current_user, "is_authenticated", False))


def add_headers(response: Response) -> Response:
    headers = response.headers
    if request.endpoint not in FILE_ENDPOINTS or "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = content_security_policy(
            csp_nonce(), g.get("frame_ancestors", "'none'")
        )
    headers["X-Content-Type-Options"] = "nosniff"
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    if _shows_personal_data():
        headers["Cache-Control"] = "no-store"
    return response


def _fresh_nonce() -> None:
    g.pop("csp_nonce", None)  # g outlives a request where a test keeps the app context
    g.pop("frame_ancestors", None)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.before_request(_fresh_nonce)
    app.after_request(add_headers)
