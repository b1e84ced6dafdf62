"""Everything the site keeps in memory to answer fast, in one place.

Views and services use this small interface and otherwise read as if no cache
existed:

- :func:`cached`: rendered output (programme fragments, feeds) kept under a key that
  holds the version of the data it shows (``caching.render``);
- :func:`anonymous_event_page` / :func:`anonymous_site_page`: decorators keeping a public
  page a few seconds for anonymous visitors (``caching.pages``, built on
  ``caching.event_memory``); :func:`remember_view` notes the page plugins were told of;
- :func:`init_app` / :func:`dispose`: the feed poll shortcut in front of the app
  (``caching.feed_polls``) and the event-row memory's connections.

Why each stays correct is in docs/architecture.md ("Speed") and docs/performance.md.
"""

from __future__ import annotations

from flask import Flask

from confsite.caching import event_memory, feed_polls
from confsite.caching.pages import anonymous_event_page, anonymous_site_page, remember_view
from confsite.caching.render import cached

__all__ = ["anonymous_event_page", "anonymous_site_page", "cached", "dispose", "init_app", "remember_view"]


def init_app(app: Flask) -> None:
    """Put the feed poll shortcut in front of ``app`` (unless switched off)."""
    feed_polls.init_app(app)


def dispose(app: Flask) -> None:
    """Stop listening for event changes and close the memory's connections."""
    event_memory.dispose(app)
