"""``confsite worker`` and ``confsite jobs ...``: running and inspecting the queue."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from confsite.extensions import current_app_object
from confsite.jobs import queue


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jobs run at the same time (threads).")
@with_appcontext
def worker_command(workers: int) -> None:
    """Run background jobs (e-mail, reminders, report builds) until stopped."""
    backend = "Redis" if current_app.config.get("REDIS_URL") else "SQLite (instance/jobs.sqlite3)"
    click.echo(
        f"Worker on {backend}, {workers} thread(s); periodic: {', '.join(queue.periodic_jobs()) or '-'}"
    )
    queue.worker(current_app_object(), workers=workers)


@click.group("jobs")
def jobs_group() -> None:
    """Inspect the job queue."""


@jobs_group.command("run")
@with_appcontext
def run_command() -> None:
    """Run the jobs due now, then stop (a worker's single pass, e.g. from cron)."""
    app = current_app_object()
    queue.run_periodic(app)
    runs = queue.run_pending(app)
    click.echo(f"Ran {runs} job(s).")


@jobs_group.command("status")
@with_appcontext
def status_command() -> None:
    """Queue lengths and the dead-letter list."""
    counts = queue.queue_counts()
    click.echo(f"pending: {counts['pending']}, scheduled: {counts['scheduled']}")
    for dead in queue.dead_letters():
        click.echo(
            f"dead #{dead.id} {dead.name} {dead.arguments} at {dead.failed_at:%Y-%m-%d %H:%M}: {dead.error}"
        )


@jobs_group.command("retry")
@click.argument("dead_id", type=int)
@with_appcontext
def retry_command(dead_id: int) -> None:
    """Send a job from the dead-letter list to the queue again."""
    if not queue.requeue_dead_letter(dead_id):
        raise click.ClickException(f"no dead job #{dead_id} (or its job is not known here)")
    click.echo(f"Job #{dead_id} queued again.")


COMMANDS = (worker_command, jobs_group)
