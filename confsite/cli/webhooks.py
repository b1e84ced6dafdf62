"""``confsite webhooks-retry``: send the webhook deliveries that are due (after a restart,
or from cron while deliveries run in the web process)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from confsite.webhook_dispatch import send_due


@click.command("webhooks-retry")
@with_appcontext
def webhooks_retry_command() -> None:
    """Send every pending webhook delivery whose next attempt is due."""
    click.echo(f"Tried {send_due()} due webhook delivery(ies).")


COMMANDS = (webhooks_retry_command,)
