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
Views opt in with the :func:`anonymous_event_page` decorator and stay unaware of it.
A stored page is kept compressed too and sent so to browsers that accept gzip.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any

from flask import Response, current_app, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user

from confsite.caching import event_memory
from confsite.caching.render import cache_of
from confsite.i18n import rendering_variant
from confsite.models import Event, EventStatus
from confsite.plugins import host

DEFAULT_SECONDS = 10

View = Callable[..., ResponseReturnValue]


def seconds() -> int:
    return int(current_app.config.get("PUBLIC_PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


def applies() -> bool:
    """Whether this request may be answered from, and stored in, the page cache."""
    return (
        seconds() > 0
        and request.method == "GET"
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


def anonymous_event_page(on_hit: Callable[[Event], None]) -> Callable[[View], View]:
    """Serve the decorated event page (a view taking ``slug``) to anonymous visitors
    from the page kept for the current event row, else build and keep it.

    ``on_hit(event)`` runs when a kept page is sent, with the event row held in memory
    (columns only), so the view's side effects (plugins told of the visit) still happen.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(slug: str, **kwargs: Any) -> ResponseReturnValue:
            if not applies():
                return view(slug, **kwargs)
            # The event row, held in memory (see event_memory), says whether a page
            # built moments ago is still current.
            snapshot = event_memory.of(current_app).event(slug)
            if snapshot is None or snapshot.status == EventStatus.DRAFT:
                return view(slug, **kwargs)
            key = page_key(snapshot)
            kept = cached_page(key)
            if kept is not None:
                response, plugins_off = kept
                host().assume_disabled_for_request(snapshot, plugins_off)
                on_hit(snapshot)
                return response
            was_modified = session.modified
            page = view(slug, **kwargs)
            if not isinstance(page, str) or (session.modified and not was_modified):
                return page  # a page carrying the visitor's session is never handed to others
            return keep_page(key, page, host().disabled_for(snapshot))

        return wrapper

    return decorator


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
    if not isinstance(html, bytes) or not isinstance(plugins_off, str):  # (either may be evicted)
        return None
    return _response(key, html), frozenset(filter(None, plugins_off.split(",")))


def keep_page(key: tuple[Hashable, ...], html: str, plugins_off: frozenset[str]) -> Response:
    """Keep the page built for ``key`` and send it."""
    cache = cache_of()
    cache.put((*key, "plugins off"), ",".join(sorted(plugins_off)))
    return _response(key, cache.put(key, html.encode()))


def _response(key: tuple[Hashable, ...], html: bytes) -> Response:
    if request.accept_encodings["gzip"] <= 0:
        response = Response(html, mimetype="text/html")
    else:
        cache = cache_of()
        packed = cache.get((*key, "gzip"))
        if not isinstance(packed, bytes):
            packed = cache.put((*key, "gzip"), gzip.compress(html, 6))
        response = Response(packed, mimetype="text/html")
        response.content_encoding = "gzip"
    response.vary.add("Accept-Encoding")
    return response
