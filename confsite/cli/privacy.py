"""``confsite purge-personal-data [--apply]``: anonymise registrations of events that
ended longer ago than the site's retention period.

Safe to run from cron: without ``--apply`` it only lists what it would do; with it,
running twice changes nothing the second time (anonymised rows are left alone).
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from confsite.services import retention


@click.command("purge-personal-data")
@click.option("--apply", "apply_", is_flag=True, help="Anonymise them (without it, only list them).")
@with_appcontext
def purge_personal_data_command(apply_: bool) -> None:
    """Anonymise registrations of events past the retention period.

    Names, addresses, organisations and answers go; status, country, sector and
    check-in stay, so attendance figures do not change. Plugins anonymise their own
    data of those events too, and the outbox log forgets e-mails sent before the
    period. Without --apply nothing is written (a dry run).
    """
    months = retention.retention_months()
    limit = retention.cutoff()
    click.echo(
        f"Retention period: {months} month(s) after an event ends (events ended before {limit:%Y-%m-%d})."
    )
    found = retention.due()
    total = sum(item.registrations for item in found)
    for item in found:
        click.echo(f"{item.slug} (ended {item.end_at:%Y-%m-%d}): {item.registrations} registration(s)")
    if not found:
        click.echo("Nothing to anonymise: no registration of such events holds personal details.")
    mails = retention.old_mail()
    if mails:
        click.echo(f"Outbox log: {mails} e-mail(s) sent before {limit:%Y-%m-%d}.")
    if not apply_:
        if found or mails:
            click.echo(
                f"Dry run: {total} registration(s) would be anonymised and {mails} e-mail(s) deleted. "
                "Run with --apply to do it."
            )
        return
    # Plugins' data of those events is purged on every run (their rows, not counted here).
    done = retention.purge()
    if found:
        click.echo(f"Anonymised {done} registration(s) of {len(found)} event(s).")
    if mails:
        click.echo(f"Deleted {mails} e-mail(s) from the outbox log.")


COMMANDS = (purge_personal_data_command,)
