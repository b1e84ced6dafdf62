"""The queue behind :mod:`confsite.jobs`: job registry, one Huey per app, dispatch.

Huey knows a single task, ``confsite.run_job``, carrying the name and arguments of a
registered job: so a job is just a function, plugins add theirs without touching
Huey, and each run gets a fresh application context (hence its own database session)
like a request does.

Huey is imported only when a queue is first used (an enqueue, the worker, a count):
importing it loads its storages' clients (Redis, and with it asyncio; psycopg), some
30 MB that a web worker serving pages never needs.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession

from confsite.extensions import db
from confsite.models.jobs import DeadJob
from confsite.services.transaction import ends_transaction, has_writes

if TYPE_CHECKING:
    from huey import Huey
    from huey.api import Task, TaskWrapper

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
EXTENSION = "confsite.jobs"
_PENDING = "confsite.jobs.pending"


@dataclass(frozen=True)
class JobSpec:
    """A registered job: its function and retry policy (delay doubles each time)."""

    name: str
    func: Callable[..., Any]
    retries: int
    retry_delay: int
    backoff: float
    on_dead: Callable[..., None] | None = None


@dataclass(frozen=True)
class PeriodicSpec:
    name: str
    schedule: tuple[str, str, str, str, str]  # minute, hour, day, month, day of week

    def due(self, when: datetime) -> bool:
        """Whether the crontab schedule falls on ``when`` (a naive UTC datetime)."""
        return _crontab(self.schedule)(when)


@cache
def _crontab(schedule: tuple[str, str, str, str, str]) -> Callable[[datetime], bool]:
    from huey import crontab  # noqa: PLC0415  (huey loads on use: see the docstring)

    minute, hour, day, month, day_of_week = schedule
    return crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week)


_JOBS: dict[str, JobSpec] = {}
_PERIODIC: dict[str, PeriodicSpec] = {}


def job(
    name: str | None = None,
    *,
    retries: int = 5,
    retry_delay: int = 30,
    backoff: float = 2.0,
    on_dead: Callable[..., None] | None = None,
) -> Callable[[F], F]:
    """Register a function as a job (module-level, so the worker finds it on import).

    A failing run is retried ``retries`` times, first after ``retry_delay`` seconds,
    each wait ``backoff`` times the previous one. After the last failure the job joins
    the dead-letter list and ``on_dead`` (if given) is called with its arguments.
    """

    def register(func: F) -> F:
        key = name or f"{func.__module__}.{func.__qualname__}"
        _JOBS[key] = JobSpec(key, func, retries, retry_delay, backoff, on_dead)
        vars(func)["job_name"] = key  # lets enqueue() take the function
        return func

    return register


def periodic(
    *, minute: str = "*", hour: str = "*", day: str = "*", month: str = "*", day_of_week: str = "*"
) -> Callable[[F], F]:
    """Register a job the worker runs on a crontab schedule (times in UTC).

    The function takes one argument, ``now`` (an aware UTC datetime), so tests and
    :func:`run_periodic` can run it for any moment.
    """
    schedule = (minute, hour, day, month, day_of_week)

    def register(func: F) -> F:
        job(retries=0)(func)
        key = vars(func)["job_name"]  # set by job() just above
        _PERIODIC[key] = PeriodicSpec(key, schedule)
        return func

    return register


def _name_of(target: str | Callable[..., Any]) -> str:
    name = target if isinstance(target, str) else getattr(target, "job_name", None)
    if name not in _JOBS:
        raise LookupError(f"{target!r} is not a registered job")
    return name


def enqueue(
    target: str | Callable[..., Any],
    *args: Any,
    delay: float | timedelta | None = None,
    eta: datetime | None = None,
    **kwargs: Any,
) -> None:
    """Ask for ``target(*args, **kwargs)`` to run in the background.

    Arguments must be plain values (ids, strings). When the database session holds
    uncommitted writes, the job is sent once they commit (a rollback drops it), so a
    worker never looks for rows that are not there yet; otherwise it is sent at once.
    """
    name = _name_of(target)
    queue = current_app.extensions[EXTENSION]
    task = queue.task_for(_JOBS[name], args, kwargs, delay=delay, eta=eta)
    session = db.session()
    if has_writes(session):
        session.info.setdefault(_PENDING, []).append((queue.huey, task))
    else:
        queue.huey.enqueue(task)


@sa_event.listens_for(OrmSession, "after_commit")
def _send_after_commit(session: OrmSession) -> None:
    if not ends_transaction(session):
        return
    for huey, task in session.info.pop(_PENDING, []):
        huey.enqueue(task)


@sa_event.listens_for(OrmSession, "after_rollback")
def _drop_after_rollback(session: OrmSession) -> None:
    if ends_transaction(session):
        session.info.pop(_PENDING, None)


class AppQueue:
    """One app's Huey and its dispatcher task, both built on first use."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._built: tuple[Huey, TaskWrapper] | None = None

    @property
    def huey(self) -> Huey:
        return self._build()[0]

    @property
    def run_job(self) -> TaskWrapper:
        return self._build()[1]

    def _build(self) -> tuple[Huey, TaskWrapper]:
        """The Huey and its task, made once (under a lock: request threads may race);
        the task is registered as the Huey is made, so a consumer always knows it."""
        if self._built is None:
            with self._lock:
                if self._built is None:
                    huey = build_huey(self.app)
                    self._built = huey, huey.task(context=True, name="confsite.run_job")(self._run)
        return self._built

    def task_for(
        self,
        spec: JobSpec,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        *,
        delay: float | timedelta | None = None,
        eta: datetime | None = None,
    ) -> Task:
        if eta is not None and eta.tzinfo is not None:
            eta = eta.astimezone(UTC).replace(tzinfo=None)  # Huey keeps naive UTC
        return self.run_job.s(
            spec.name,
            list(args),
            kwargs,
            retries=spec.retries,
            retry_delay=spec.retry_delay,
            retry_backoff=spec.backoff,
            delay=delay,
            eta=eta,
        )

    def _run(self, name: str, args: list[Any], kwargs: dict[str, Any], task: Task | None = None) -> None:
        spec = _JOBS.get(name)
        with self.app.app_context():
            try:
                if spec is None:
                    raise LookupError(f"no job named {name!r} in this process")
                spec.func(*args, **kwargs)
            except Exception as exc:
                db.session.rollback()
                if task is None or not task.retries:
                    _record_dead_letter(name, args, kwargs, exc, spec)
                raise
            finally:
                db.session.remove()


def _record_dead_letter(
    name: str, args: list[Any], kwargs: dict[str, Any], exc: Exception, spec: JobSpec | None
) -> None:
    try:
        if spec is not None and spec.on_dead is not None:
            spec.on_dead(*args, **kwargs)
        db.session.add(
            DeadJob(
                name=name,
                arguments=json.dumps({"args": args, "kwargs": kwargs}, default=str),
                error=f"{type(exc).__name__}: {exc}"[:2000],
                attempts=(spec.retries + 1) if spec else 1,
            )
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not record dead job %s", name)


def build_huey(app: Flask) -> Huey:
    """Redis when ``REDIS_URL`` is set, else a SQLite file in the instance folder."""
    from huey import RedisHuey, SqliteHuey  # noqa: PLC0415

    name = app.config.get("JOBS_QUEUE_NAME") or "confsite"
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        return RedisHuey(name, url=redis_url, results=False)
    path = Path(app.instance_path) / "jobs.sqlite3"
    return SqliteHuey(name, filename=str(path), results=False)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = AppQueue(app)


def app_queue(app: Flask | None = None) -> AppQueue:
    return (app or current_app).extensions[EXTENSION]


def run_pending(app: Flask | None = None, now: datetime | None = None) -> int:
    """Run every job that is due at ``now`` (default: the present), as a worker would,
    retries included once their back-off has passed; returns how many runs there were.

    For tests and one-off scripts; production runs ``confsite worker``.
    """
    queue = app_queue(app)
    huey = queue.huey
    stamp = _naive_utc(now)
    runs = 0
    for _ in range(10_000):  # a job that keeps enqueueing itself must not hang a test
        for task in huey.read_schedule(stamp):
            huey.enqueue(task)
        # (an empty Redis queue blocks a dequeue for a second: ask first)
        task = huey.dequeue() if huey.pending_count() else None
        if task is None:
            return runs
        if not huey.ready_to_run(task, stamp):
            huey.add_schedule(task)
            continue
        runs += 1
        try:
            huey.execute(task, stamp)
        except Exception:  # already logged and requeued or dead-lettered by Huey/_run
            log.debug("job %s failed", task.id)
    raise RuntimeError("jobs keep coming: stopped after 10000 runs")


def run_periodic(app: Flask | None = None, now: datetime | None = None) -> list[str]:
    """Run the periodic jobs due at ``now`` (the worker does this every minute)."""
    stamp = _naive_utc(now)
    queue = app_queue(app)
    due = [spec.name for spec in _PERIODIC.values() if spec.due(stamp)]
    with queue.app.app_context():
        for name in due:
            queue.huey.enqueue(queue.task_for(_JOBS[name], (stamp.replace(tzinfo=UTC).isoformat(),), {}))
    return due


def _naive_utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC).replace(tzinfo=None)
    if now.tzinfo is not None:
        return now.astimezone(UTC).replace(tzinfo=None)
    return now


def periodic_jobs() -> list[str]:
    return sorted(_PERIODIC)


def register_periodic(queue: AppQueue) -> None:
    """Give the worker's Huey one periodic task per registered periodic job."""
    for spec in _PERIODIC.values():

        def fire(spec: PeriodicSpec = spec) -> None:
            stamp = datetime.now(UTC).replace(second=0, microsecond=0)
            queue.huey.enqueue(queue.task_for(_JOBS[spec.name], (stamp.isoformat(),), {}))

        queue.huey.periodic_task(lambda ts, spec=spec: spec.due(ts), name=f"periodic:{spec.name}")(fire)


def worker(app: Flask, *, workers: int = 2) -> None:
    """Run the consumer until interrupted (``confsite worker``)."""
    queue = app_queue(app)
    register_periodic(queue)
    consumer = queue.huey.create_consumer(workers=workers, periodic=True)
    consumer.run()


@dataclass(frozen=True)
class DeadLetter:
    id: int
    name: str
    arguments: str
    error: str
    attempts: int
    failed_at: datetime


def dead_letters(limit: int = 200) -> list[DeadLetter]:
    """Jobs that failed their last attempt, newest first."""
    rows = db.session.scalars(
        sa.select(DeadJob).order_by(DeadJob.failed_at.desc(), DeadJob.id.desc()).limit(limit)
    )
    return [DeadLetter(r.id, r.name, r.arguments, r.error, r.attempts, r.failed_at) for r in rows]


def requeue_dead_letter(dead_id: int) -> bool:
    """Send a dead job to the queue again (it leaves the list); False if unknown."""
    row = db.session.get(DeadJob, dead_id)
    if row is None or row.name not in _JOBS:
        return False
    data = json.loads(row.arguments)
    db.session.delete(row)
    enqueue(row.name, *data["args"], **data["kwargs"])
    db.session.commit()
    return True


def queue_counts(app: Flask | None = None) -> dict[str, int]:
    """Jobs waiting now and jobs waiting for their time (or their retry)."""
    huey = app_queue(app).huey
    return {"pending": huey.pending_count(), "scheduled": huey.scheduled_count()}


def flush(app: Flask | None = None) -> None:
    """Empty the queue (tests, on their own queue name)."""
    app_queue(app).huey.flush()


def new_queue_name() -> str:
    return f"confsite-test-{uuid.uuid4().hex[:12]}"


def iter_job_names() -> Iterator[str]:
    yield from sorted(_JOBS)
