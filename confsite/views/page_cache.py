"""Whole public pages for anonymous visitors, kept a few seconds in each process.

A large event's page is the same for every anonymous visitor and costs far more to
build (the plugins' panels, the capacity, 600 sessions of programme) than to send.
The page is therefore kept per worker under a key that holds the version of the event
row it shows (``content_changed_at`` for the programme and ``updated_at`` for status,
places, registration window and texts), so those changes show at once; what other
tables feed (the waiting-list count, plugin panels) may show up to
``PUBLIC_PAGE_CACHE_SECONDS`` late (default 10; 0 switches this off). Every worker and
host makes its own copy: nothing is shared, nothing needs invalidating.

Never served from here nor stored: signed-in people's pages (their registration,
their roles), visitors with messages waiting to be shown, and a page whose rendering
wrote to the visitor's session (a CSRF token, say: it must not be handed to others).
A stored page is kept compressed too and sent so to browsers that accept gzip.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Hashable

from flask import Response, current_app, request, session

from confsite.i18n import rendering_variant
from confsite.models import Event
from confsite.services.render_cache import cache_of

DEFAULT_SECONDS = 10


def seconds() -> int:
    return int(current_app.config.get("PUBLIC_PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


def applies(user) -> bool:  # type: ignore[no-untyped-def]
    """Whether this request may be answered from, and stored in, the page cache."""
    return seconds() > 0 and user is None and request.method == "GET" and "_flashes" not in session


def page_key(event: Event) -> tuple[Hashable, ...]:
    """Where this request's page of ``event`` is kept: the address asked for, the
    language and time zone it is shown in, the current period of
    ``PUBLIC_PAGE_CACHE_SECONDS`` and the event row's versions."""
    period = int(time.time() // seconds())
    return (
        "page",
        *rendering_variant(),
        request.host_url,
        request.full_path,
        period,
        event.id,
        event.status.value,
        event.content_changed_at,
        event.updated_at,
    )


def cached_page(key: tuple[Hashable, ...]) -> tuple[Response, frozenset[str]] | None:
    """The kept page and the plugins that were switched off when it was built."""
    cache = cache_of()
    plugins_off = cache.get((*key, "plugins off"))
    html = cache.get(key)
    if html is None or plugins_off is None:  # (either may have been evicted)
        return None
    return _response(key, html), frozenset(filter(None, plugins_off.split(",")))  # type: ignore[union-attr, arg-type]


def build_page(key: tuple[Hashable, ...], render: Callable[[], str], plugins_off: frozenset[str]) -> Response:
    """Render the page and keep it, unless rendering wrote to the visitor's session."""
    was_modified = session.modified
    html = render()
    if session.modified and not was_modified:
        return Response(html, mimetype="text/html")
    cache = cache_of()
    cache.put((*key, "plugins off"), ",".join(sorted(plugins_off)))
    return _response(key, cache.put(key, html.encode()))


def _response(key: tuple[Hashable, ...], html: bytes) -> Response:
    if request.accept_encodings["gzip"] <= 0:
        response = Response(html, mimetype="text/html")
    else:
        cache = cache_of()
        packed = cache.get((*key, "gzip")) or cache.put((*key, "gzip"), gzip.compress(html, 6))
        response = Response(packed, mimetype="text/html")
        response.content_encoding = "gzip"
    response.vary.add("Accept-Encoding")
    return response
