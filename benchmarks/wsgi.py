"""The app gunicorn serves in the benchmark: confsite as in production, but with its
instance folder (mail outbox, secret key) under ``.bench/`` instead of the checkout's
``instance/``. For the "before" figures of docs/performance.md:
``BENCH_RENDER_CACHE_BYTES=0`` switches the render cache off,
``BENCH_PUBLIC_PAGE_CACHE_SECONDS=0`` the page cache, ``BENCH_FEED_POLL_SHORTCUT=0``
the feed poll shortcut. ``make bench-cluster`` gives each run its own Redis queue name
(``BENCH_JOBS_QUEUE_NAME``)."""

import os

from confsite import create_app

overrides: dict[str, object] = {}
for setting in ("RENDER_CACHE_BYTES", "PUBLIC_PAGE_CACHE_SECONDS", "FEED_POLL_SHORTCUT"):
    if os.environ.get(f"BENCH_{setting}"):
        overrides[setting] = int(os.environ[f"BENCH_{setting}"])
if os.environ.get("BENCH_JOBS_QUEUE_NAME"):
    overrides["JOBS_QUEUE_NAME"] = os.environ["BENCH_JOBS_QUEUE_NAME"]
app = create_app(overrides, instance_path=os.environ.get("BENCH_INSTANCE_PATH") or None)
