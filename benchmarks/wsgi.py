"""The app gunicorn serves in the benchmark: confsite as in production, but with its
instance folder (mail outbox, secret key) under ``.bench/`` instead of the checkout's
``instance/``. ``BENCH_RENDER_CACHE_BYTES=0`` switches the render cache off (the
"before" figures of docs/performance.md)."""
import os

from confsite import create_app

overrides = {}
if os.environ.get("BENCH_RENDER_CACHE_BYTES"):
    overrides["RENDER_CACHE_BYTES"] = int(os.environ["BENCH_RENDER_CACHE_BYTES"])
app = create_app(overrides, instance_path=os.environ.get("BENCH_INSTANCE_PATH") or None)
