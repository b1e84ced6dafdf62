"""Core plugin: turns lifecycle events into webhook deliveries (docs/api.md).

Written as a plugin of our own ``lifecycle_event`` hook, so webhooks hear exactly what
plugins hear, after the commit."""

from __future__ import annotations

from confsite import hookimpl
from confsite.lifecycle import LifecycleEvent
from confsite.services import webhooks
from confsite.webhook_dispatch import schedule


@hookimpl
def lifecycle_event(happening: LifecycleEvent) -> None:
    for delivery_id in webhooks.record(happening):
        schedule(delivery_id)
