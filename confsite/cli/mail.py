"""``confsite mail-retry``: send again what a failing mail server kept back."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from confsite import mail


@click.command("mail-retry")
@with_appcontext
def mail_retry_command() -> None:
    """Send again the e-mails kept in instance/outbox/failed after a delivery failure."""
    sent, failed = mail.retry_failed()
    click.echo(f"Sent {sent} kept message(s); {failed} still failing.")
    if failed:
        raise SystemExit(1)


COMMANDS = (mail_retry_command,)
