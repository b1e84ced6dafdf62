"""``confsite mail-retry``: queue again the e-mails whose delivery gave up."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from confsite import mail


@click.command("mail-retry")
@with_appcontext
def mail_retry_command() -> None:
    """Queue again the e-mails whose delivery failed after its retries."""
    count = mail.retry_failed()
    click.echo(f"Queued {count} failed message(s) again.")


COMMANDS = (mail_retry_command,)
