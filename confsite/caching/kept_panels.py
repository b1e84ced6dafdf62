"""Plugin panels kept for anonymous visitors while what they show is unchanged.

A panel of a public page is the same for every anonymous visitor of that page: it
shows the plugin's rows (published reports, take-home messages) of the page's event or
series, in the page's language. Built on every uncached visit, the three panels of an
event page cost more than the rest of it: a query each, for panels that are most often
empty. Kept in each worker's memory (``caching.event_memory``) under the page and the
versions of its event or series, and forgotten when PostgreSQL announces a change to one
of the tables the plugin names, a panel is built once per change instead. Signed-in
visitors (their roles decide what panels offer) always get theirs built afresh, and so
does everyone on SQLite, where nothing announces changes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from flask import request

from confsite.caching.event_memory import kept_while_unchanged
from confsite.hooktypes import PageContext
from confsite.i18n import rendering_variant
from confsite.models.event_notifications import PLUGIN_SETTING_TABLES

T = TypeVar("T")


def kept_for_anonymous(page: PageContext, name: str, tables: Iterable[str], build: Callable[[], T]) -> T:
    """``build()`` (a plugin's panels for ``page``), kept for anonymous visitors until a
    change to one of ``tables`` (announced: ``announce_changes``), to the plugins' per-event
    settings or to the page's event or series; built afresh for a signed-in visitor.
    ``build`` must depend on nothing else: not on the time of day, say (a call that
    closes at noon)."""
    if page.user is not None:
        return build()
    key = ("panel", name, *page_identity(page))
    return kept_while_unchanged(key, (*tables, *PLUGIN_SETTING_TABLES), build)


def page_identity(page: PageContext) -> tuple[Hashable, ...]:
    """What a panel of ``page`` may show besides the plugin's own rows: the page, its
    event's or series' row (by the versions that move with every edit, the seat counter
    aside), the language and zone it is shown in, and where the site is mounted."""
    event, series = page.event, page.series
    return (
        page.kind,
        *rendering_variant(),
        request.script_root,
        (event.id, event.slug, event.updated_at, event.content_changed_at) if event is not None else None,
        (series.id, series.slug, series.updated_at) if series is not None and event is None else None,
        page.session.id if page.session is not None else None,
        page.person.id if page.person is not None else None,
    )
