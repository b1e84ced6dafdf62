"""Runs webhook deliveries on the job queue (``confsite.jobs``), never in the request
that caused them, and their retries.

The back-off is the delivery's own (``services.webhooks.backoff_seconds``, recorded on
the row and shown to organisers), so the queue job itself is not retried: after a
failed attempt it enqueues the next one with the delay. A periodic sweep sends any
delivery that is due but has no job waiting (a queue emptied by a restart, say).
"""

from __future__ import annotations

from confsite import jobs
from confsite.services import webhooks


@jobs.job(retries=0)
def deliver_webhook(delivery_id: int) -> None:
    """One attempt; schedules the next when the receiver failed."""
    wait = webhooks.deliver(delivery_id)
    if wait is not None:
        schedule(delivery_id, wait)


def schedule(delivery_id: int, delay: float = 0) -> None:
    """Send a delivery from the job queue, after ``delay`` seconds."""
    jobs.enqueue(deliver_webhook, delivery_id, delay=delay or None)


def send_due() -> int:
    """Send every pending delivery that is due, here and now; returns how many."""
    ids = webhooks.due_deliveries()
    for delivery_id in ids:
        webhooks.deliver(delivery_id)
    return len(ids)


@jobs.periodic(minute="*/10")
def sweep_due_webhooks(now: str | None = None) -> None:
    """Deliveries overdue by more than the longest wait were lost by the queue: send them."""
    for delivery_id in webhooks.due_deliveries(overdue_seconds=webhooks.MAX_WAIT + 60):
        webhooks.deliver(delivery_id)
