"""Whole public pages for anonymous visitors, kept a few seconds in each process.

A public page is the same for every anonymous visitor and costs far more to build (the
plugins' panels, the capacity, 600 sessions of programme, 1,200 speakers) than to send.
Each page is therefore kept per worker under a key that holds the version of what it
shows, read from the event rows held in memory (``caching.event_memory``: no query on
PostgreSQL), so those changes show at once:

- an event's pages (agenda, session, speakers, speaker): that event row's
  ``content_changed_at`` (moved by every change to its programme and people),
  ``updated_at`` (status, capacity, registration window, texts; not seats taken, so a
  registration rush does not empty the cache) and whether the event is full;
- pages listing events (home, series): a digest of every public event's versions, so
  an event added, published, withdrawn or edited anywhere shows at once.

What other tables feed (the waiting-list count, plugin panels, a series' own title), and
the number of places left, may show up to ``PUBLIC_PAGE_CACHE_SECONDS`` late (default 10;
0 switches this off). Every worker and host makes its own copy: nothing is shared,
nothing needs invalidating.

Never served from here nor stored: signed-in people's pages (their registration, their
roles, their stars), visitors with messages waiting to be shown, drafts, and a page
whose rendering wrote to the visitor's session (a CSRF token, say: it must not be
handed to others). Views opt in with :func:`anonymous_event_page` or
:func:`anonymous_site_page` and stay unaware of it. A page that told plugins it was
viewed (:func:`remember_view`) tells them again on every hit, with column-only copies
of what it showed. A stored page is kept compressed once (``caching.compressed``: its plain
bytes too when small) and sent so to browsers that accept gzip.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Response, current_app, g, has_request_context, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import make_transient_to_detached

from confsite.caching import event_memory
from confsite.caching.compressed import Packed, accepts_gzip, pack, send
from confsite.caching.render import cache_of
from confsite.hooktypes import PageContext
from confsite.i18n import rendering_variant
from confsite.models import Event, EventStatus
from confsite.plugins import host

DEFAULT_SECONDS = 10
VIEWED = "kept_page_viewed"  # flask.g: the page the view being built told plugins of

View = Callable[..., ResponseReturnValue]
M = TypeVar("M")


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


@dataclass(frozen=True)
class Version:
    """What a page shows, as far as its key goes; ``event`` is the event row in memory
    (columns only) that a hit hands to plugins in place of the one the page was built with."""

    parts: tuple[Hashable, ...]
    event: Event | None = None


@dataclass(frozen=True)
class KeptPage:
    """A page as built, with the plugins then switched off for its event or series and
    the page it told plugins of (copies, columns only), for its hits."""

    body: Packed
    plugins_off: frozenset[str]
    viewed: PageContext | None


def event_version(slug: str, **_args: Any) -> Version | None:
    """The versions of the event an event page shows; None (build the page, keep
    nothing) for an unknown event, a draft, or a database that cannot be reached."""
    memory = event_memory.of(current_app)
    snapshot = memory.event(slug)
    if snapshot is None or snapshot.status == EventStatus.DRAFT:
        return None
    # Seats taken move neither version (a registration is not an edit): whether the
    # event is full shows at once, the number of places left within the page's seconds.
    # (services.registration.seats_left(...) == 0, not imported: its imports lead back here.)
    full = snapshot.capacity is not None and memory.seats_taken(snapshot) >= snapshot.capacity
    return Version(
        ("event", snapshot.id, snapshot.status.value, snapshot.content_changed_at, snapshot.updated_at, full),
        snapshot,
    )


def public_events_version(**_args: Any) -> Version | None:
    """The versions of every public event, for pages that list events."""
    digest = event_memory.of(current_app).public_events_version()
    return None if digest is None else Version(("public events", digest))


def anonymous_page(
    versions: Callable[..., Version | None], on_hit: Callable[[PageContext], None]
) -> Callable[[View], View]:
    """Serve the decorated page to anonymous visitors from the page kept for the
    current ``versions(**view_args)``, else build and keep it.

    When the page told plugins it was viewed (:func:`remember_view`), ``on_hit`` gets
    that page again on every hit (with the event row held in memory), so the view's
    side effects (plugins counting visits) still happen.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(**kwargs: Any) -> ResponseReturnValue:
            if not applies():
                return view(**kwargs)
            version = versions(**kwargs)
            if version is None:
                return view(**kwargs)
            key = page_key(version)
            kept = cache_of().get(key)
            if isinstance(kept, KeptPage):
                if kept.viewed is not None:
                    viewed = replace(kept.viewed, event=version.event or kept.viewed.event)
                    host().assume_disabled_for_request(
                        kept.plugins_off,
                        event=viewed.event,
                        series=viewed.series if viewed.event is None else None,
                    )
                    on_hit(viewed)
                return _response(kept.body)
            was_modified = session.modified
            g.pop(VIEWED, None)
            page = view(**kwargs)
            if not isinstance(page, (str, bytes)) or (session.modified and not was_modified):
                return page  # a page carrying the visitor's session is never handed to others
            return _response(keep_page(key, page, g.pop(VIEWED, None)).body)

        return wrapper

    return decorator


def anonymous_event_page(on_hit: Callable[[PageContext], None]) -> Callable[[View], View]:
    """:func:`anonymous_page` for a page of one event (a view taking ``slug``)."""
    return anonymous_page(event_version, on_hit)


def anonymous_site_page(on_hit: Callable[[PageContext], None]) -> Callable[[View], View]:
    """:func:`anonymous_page` for a page listing public events (home, a series)."""
    return anonymous_page(public_events_version, on_hit)


def remember_view(page: PageContext) -> None:
    """Note that the page being built told plugins it was viewed (for its hits)."""
    if has_request_context():
        g.setdefault(VIEWED, page)


def page_key(version: Version) -> tuple[Hashable, ...]:
    """Where this request's page is kept: the address asked for, the language and time
    zone it is shown in, the current period of ``PUBLIC_PAGE_CACHE_SECONDS`` and the
    versions of what it shows."""
    period = int(time.time() // seconds())
    return ("page", *rendering_variant(), request.host_url, request.full_path, period, *version.parts)


def keep_page(key: tuple[Hashable, ...], html: str | bytes, viewed: PageContext | None) -> KeptPage:
    """Keep the page built for ``key`` with what its hits need."""
    plugins_off: frozenset[str] = frozenset()
    if viewed is not None:
        # Asked while building the page already: no query (cached for the request).
        plugins_off = host().disabled_for(viewed.event, viewed.series if viewed.event is None else None)
        viewed = replace(
            viewed,
            event=None,  # a hit hands plugins the event row held in memory instead
            series=detached_copy(viewed.series),
            session=detached_copy(viewed.session),
            person=detached_copy(viewed.person),
        )
    body = pack(html)
    return cache_of().keep(key, KeptPage(body, plugins_off, viewed), body.held + 1024)


def detached_copy(instance: M | None) -> M | None:
    """A copy of a model object's columns, detached (touching a relationship raises
    ``DetachedInstanceError``): it keeps no database session or related rows alive."""
    if instance is None:
        return None
    mapper = sa.inspect(type(instance))
    columns = {a.key: getattr(instance, a.key) for a in mapper.column_attrs}
    copy: M = mapper.class_(**columns)
    make_transient_to_detached(copy)
    return copy


def _response(body: Packed) -> Response:
    return send(Response(mimetype="text/html"), body, accepts_gzip(request))
