"""``confsite tick``: the periodic work that is due, for sites without the scheduled
jobs (run it every few minutes from cron). The scheduled jobs call the same services."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from confsite.services.event_end import fire_ended_events


@click.command("tick")
@with_appcontext
def tick_command() -> None:
    """Run the periodic work that is due (announce events that ended). Safe to run as
    often as you like: each event's end is announced once."""
    fired = fire_ended_events()
    if fired:
        click.echo(f"Announced the end of: {', '.join(event.slug for event in fired)}.")
    else:
        click.echo("Nothing due.")


COMMANDS = (tick_command,)
