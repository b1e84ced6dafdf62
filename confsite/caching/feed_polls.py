"""Answering calendar apps' polls of public event feeds before Flask does any work.

Calendar apps re-fetch every subscribed feed every few minutes, almost always to learn
that nothing changed. An event feed's strong ETag derives from the event row alone
(id, status, content version; see ``services.feed_validators``) and the site address,
so this WSGI middleware answers such a poll for the endpoints listed in
``services.feed_validators.EVENT_FEED_KINDS`` with the views' own validator functions and
headers, without a request context, the visitor's session or an ORM session. The row
comes from ``event_memory``: from memory on PostgreSQL, one query on SQLite.

A feed is sent plain or in gzip, each with an ETag of its own (``caching.compressed``):
a client holding either copy gets the 304 the app would give it, with the tag it holds.
It only ever answers 304, and only when sure: no If-None-Match, an unknown URL, a
draft, a changed feed or any database trouble all go to the app unchanged, which
answers exactly as it would without the shortcut. ``FEED_POLL_SHORTCUT = False``
switches it off.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from confsite.base_url import allowed_hosts
from confsite.caching import event_memory
from confsite.caching.compressed import accepts_gzip, encoded_etag, matching_etag
from confsite.models import Event, EventStatus
from confsite.services.feed_validators import (
    EVENT_FEED_KINDS,
    event_validator,
    not_modified_response,
    set_validator_headers,
)

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class FeedPollShortcut:
    """WSGI middleware in front of ``app.wsgi_app`` (see the module docstring)."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.kinds = EVENT_FEED_KINDS

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("HTTP_IF_NONE_MATCH") and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            headers = self.not_modified(environ)
            if headers is not None:
                start_response("304 NOT MODIFIED", list(headers))
                return []
        return self.wsgi_app(environ, start_response)

    def not_modified(self, environ: WSGIEnvironment) -> list[tuple[str, str]] | None:
        """The headers of a 304 for a current copy of a public event feed, or None to
        let the app answer."""
        request = self.app.request_class(environ)
        request.trusted_hosts = allowed_hosts(self.app) or None
        try:
            adapter = self.app.create_url_adapter(request)
            if adapter is None:
                return None
            endpoint, args = adapter.match()
            kind = self.kinds.get(endpoint)
            slug = args.get("slug", "")
            if kind is None or "\x00" in slug:
                return None
            host_url = request.host_url
        except (HTTPException, RoutingException):
            return None  # not a feed, or a host/URL the app will refuse itself
        memory = event_memory.of(self.app)
        # The 304s' headers only change with the event row, so they are kept with it.
        found = memory.kept(
            ("feed 304", slug, kind, host_url),
            lambda: self._validator_headers(memory.event(slug), kind, host_url, environ),
        )
        if found is None:
            return None
        etag, (for_plain, for_gzip) = found
        matched = matching_etag(request.if_none_match, etag, accepts_gzip(request))
        if matched is None:
            return None
        return for_plain if matched == etag else for_gzip

    @staticmethod
    def _validator_headers(
        event: Event | None, kind: str, host_url: str, environ: WSGIEnvironment
    ) -> tuple[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] | None:
        """The feed's plain ETag and the 304's headers for a client holding the plain
        copy and for one holding the gzip copy."""
        if event is None or event.status == EventStatus.DRAFT:
            return None  # 404s, drafts (which depend on who asks) and trouble are the app's
        validator = event_validator(event)
        etag = validator.etag(kind, host_url)

        def headers(gzipped: bool) -> list[tuple[str, str]]:
            response = not_modified_response()
            set_validator_headers(response, encoded_etag(etag, gzipped), validator, private=False)
            response.vary.add("Accept-Encoding")
            # As the app sends its 304s (Last-Modified kept; no body headers).
            return response.get_wsgi_headers(environ).to_wsgi_list()

        return etag, (headers(False), headers(True))


def init_app(app: Flask) -> None:
    """Put the shortcut in front of the app unless ``FEED_POLL_SHORTCUT`` is False."""
    if app.config.get("FEED_POLL_SHORTCUT", True):
        app.wsgi_app = FeedPollShortcut(app, app.wsgi_app)  # type: ignore[method-assign]  # Flask's documented way to add WSGI middleware
