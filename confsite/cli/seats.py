"""``confsite check-seats [--fix]``: the seat counter against the confirmed rows.

Safe to run from cron: it reports, changes nothing without ``--fix``, and running it
twice changes nothing the second time.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from confsite.services import seats


@click.command("check-seats")
@click.option("--fix", is_flag=True, help="Repair the counters found wrong.")
@with_appcontext
def check_seats_command(fix: bool) -> None:
    """Compare each event's seat counter with its confirmed registrations.

    Exits with status 1 when a counter is wrong and --fix was not given, so a cron job
    or monitoring check notices.
    """
    drifts = seats.seat_drift()
    if not drifts:
        click.echo("Every seat counter matches its confirmed registrations.")
        return
    for drift in drifts:
        click.echo(f"{drift.slug}: counter {drift.counter}, confirmed registrations {drift.confirmed_rows}")
        if fix:
            promoted = seats.repair(drift)
            click.echo(f"  fixed; {len(promoted)} promoted from the waiting list")
    if not fix:
        raise click.ClickException(f"{len(drifts)} event(s) with a wrong seat counter: run with --fix")


COMMANDS = (check_seats_command,)
