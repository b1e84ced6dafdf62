"""The app gunicorn serves in the benchmark: confsite as in production, but with its
instance folder (mail outbox, secret key) under ``.bench/`` instead of the checkout's
``instance/``. For the "before" figures of docs/performance.md:
``BENCH_RENDER_CACHE_BYTES=0`` switches the render cache off,
``BENCH_PUBLIC_PAGE_CACHE_SECONDS=0`` the page cache, ``BENCH_FEED_POLL_SHORTCUT=0``
the feed poll shortcut."""

import os

from confsite import create_app

overrides = {}
for setting in ("RENDER_CACHE_BYTES", "PUBLIC_PAGE_CACHE_SECONDS", "FEED_POLL_SHORTCUT"):
    if os.environ.get(f"BENCH_{setting}"):
        overrides[setting] = int(os.environ[f"BENCH_{setting}"])
app = create_app(overrides, instance_path=os.environ.get("BENCH_INSTANCE_PATH") or None)
