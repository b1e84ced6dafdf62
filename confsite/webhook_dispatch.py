"""Runs webhook deliveries outside the request that caused them, and their retries.

Interim: until the job queue of issue 18 (``confsite.jobs``) lands, deliveries run on
a small thread pool of this process (each in an app context of its own) and a retry is
a timer; ``confsite webhooks-retry`` sends whatever is due after a restart. Swapping
in the queue changes only :func:`schedule`.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app

from confsite.extensions import db
from confsite.services import webhooks

_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="confsite-webhooks")


def schedule(delivery_id: int, delay: float = 0) -> None:
    """Send a delivery soon (after ``delay`` seconds), never in the calling request."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if delay > 0:
        timer = threading.Timer(delay, lambda: _pool.submit(_run, app, delivery_id))
        timer.daemon = True
        timer.start()
    else:
        _pool.submit(_run, app, delivery_id)


def _run(app: Flask, delivery_id: int) -> None:
    with app.app_context():
        try:
            wait = webhooks.deliver(delivery_id)
        except Exception:
            app.logger.exception("webhook delivery %s failed", delivery_id)
            wait = None
        finally:
            db.session.remove()
    if wait is not None:
        with app.app_context():
            schedule(delivery_id, wait)


def send_due() -> int:
    """Send every pending delivery that is due, here and now; returns how many."""
    ids = webhooks.due_deliveries()
    for delivery_id in ids:
        webhooks.deliver(delivery_id)
    return len(ids)
