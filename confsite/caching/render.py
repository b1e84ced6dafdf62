"""A per-process cache of rendered output, keyed by the data version it was made from.

Keys always contain the version of the data (an event's ``content_changed_at``, or a
feed's strong ETag, which is derived from it), so an entry can never be served after
the data changed: a change anywhere, by any worker or host, makes a new key and the old
entry is simply never asked for again. That is what makes an in-process cache safe
with many workers and many app servers sharing one database: nothing needs to be
invalidated or shared. Entries are bounded by total size (least recently used go first).

Besides rendered text and bytes, the page cache keeps small records (a kept page with
what its hit needs) here under the same rules, each with the size it declares.

Text or bytes over ``PACK_FROM`` (1 MB: the agenda fragment and the feeds of the
6,000-session event) are kept gzip-compressed only (``caching.compressed``) and
inflated on a hit, so a worker holds a tenth of them, at some CPU per hit (inflating
and decoding the 5 MB agenda fragment takes about 20 ms; those of 600 sessions, under
1 MB, are kept as they are). Every feed is also kept compressed, and those bytes are
sent as they are to clients that accept gzip (:meth:`RenderCache.packed`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import Flask

from confsite.caching.compressed import PLAIN_MAX, Packed, pack, unpacked
from confsite.extensions import current_app_object

T = TypeVar("T", str, bytes)
V = TypeVar("V")

EXTENSION_KEY = "confsite.render_cache"
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
PACK_FROM = PLAIN_MAX + 1  # larger bodies are kept compressed only


class RenderCache:
    """Least-recently-used values by key, at most ``max_bytes`` in all (text and bytes
    count their length, other values the size given when kept)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        found: T | None = self.get(key)  # the key fixes the type: make() made it before
        if found is not None:
            return found
        return self.put(key, make())

    def get(self, key: Hashable) -> Any:
        """The value kept under ``key`` (a large text or bytes inflated again), or None."""
        found = self._kept(key)
        return found.unpack() if isinstance(found, Packed) else found

    def _kept(self, key: Hashable) -> Any:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: T) -> T:
        """Keep ``value`` (unless it is too large; compressed from ``PACK_FROM``) and
        return it."""
        if len(value) >= PACK_FROM and self.max_bytes:
            packed = pack(value, keep_plain_max=0)
            self.keep(key, packed, packed.held)
        else:
            self.keep(key, value, len(value))
        return value

    def packed(self, key: Hashable, make: Callable[[], str | bytes]) -> Packed:
        """The body kept under ``key`` compressed (plain bytes too when small), made by
        ``make()`` and compressed once when this process has not kept it (not at all
        when the cache is off: it would be compressed for one response)."""
        found = self._kept(key)
        if isinstance(found, Packed):
            return found
        if not self.max_bytes:
            return unpacked(make())
        body = pack(make())
        return self.keep(key, body, body.held)

    def peek_packed(self, key: Hashable) -> Packed | None:
        """The compressed body kept under ``key`` by :meth:`packed`, or None."""
        found = self._kept(key)
        return found if isinstance(found, Packed) else None

    def keep(self, key: Hashable, value: V, size: int) -> V:
        """Keep ``value``, counted as ``size`` bytes (unless that is too large), and
        return it."""
        if size <= self.max_bytes // 4:  # one huge export must not flush everything else
            with self._lock:
                if key not in self._entries:
                    self._entries[key] = (value, size)
                    self._size += size
                while self._size > self.max_bytes:
                    _, (_dropped, dropped_size) = self._entries.popitem(last=False)
                    self._size -= dropped_size
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


def cache_of(app: Flask | None = None) -> RenderCache:
    """The app's cache (``RENDER_CACHE_BYTES``, default 32 MB per process; 0 = off)."""
    app = app or current_app_object()
    cache = app.extensions.get(EXTENSION_KEY)
    if cache is None:
        cache = app.extensions[EXTENSION_KEY] = RenderCache(
            int(app.config.get("RENDER_CACHE_BYTES", DEFAULT_MAX_BYTES))
        )
    return cache


def cached(key: Hashable, make: Callable[[], T]) -> T:
    """``make()``'s result for ``key``, from the cache when this process made it before.
    ``key`` must include the version of every piece of data the result shows."""
    return cache_of().get_or_make(key, make)
