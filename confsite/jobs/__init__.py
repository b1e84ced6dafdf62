"""Background jobs: a small interface over the Huey task queue (docs/architecture.md).

Code that wants work done later names a function with :func:`job` and asks for it
with :func:`enqueue`; scheduled work uses :func:`periodic`. Each app builds its own
queue from its settings (``CONFSITE_REDIS_URL`` -> Redis, otherwise a SQLite file in
``instance/``), and a job always runs inside an application context of its own, in
the ``confsite worker`` process (or :func:`run_pending` in tests and scripts).

A job is retried with back-off when it raises; after its last attempt it lands in
the dead-letter list (:func:`dead_letters`, shown on the admin page). Jobs must be
idempotent: a retried job may find its work partly or wholly done.
"""

from __future__ import annotations

from confsite.jobs.queue import (
    DeadLetter,
    dead_letters,
    enqueue,
    init_app,
    job,
    periodic,
    queue_counts,
    requeue_dead_letter,
    run_pending,
    run_periodic,
)

__all__ = [
    "DeadLetter",
    "dead_letters",
    "enqueue",
    "init_app",
    "job",
    "periodic",
    "queue_counts",
    "requeue_dead_letter",
    "run_pending",
    "run_periodic",
]
