"""Administrative CLI commands: users, roles and event files."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from confsite.extensions import db
from confsite.jobs import commands as jobs_commands
from confsite.models import RoleName
from confsite.services import accounts


@click.command("create-user")
@click.argument("email")
@click.option("--admin", is_flag=True, help="Make the user a site administrator.")
@click.option("--name", default="", help="Display name.")
@click.password_option(prompt="Password", help="Prompted when not given.")
@with_appcontext
def create_user_command(email: str, admin: bool, name: str, password: str) -> None:
    """Create a user account."""
    try:
        user = accounts.create_user(email, password, display_name=name, is_admin=admin)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"Created {'admin ' if admin else ''}user {user.email}.")


@click.command("grant")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in RoleName]))
@click.argument("target", metavar="EVENT-OR-SERIES")
@click.option("--organisation", default=None, help="Partner organisation name (for partners).")
@with_appcontext
def grant_command(email: str, role: str, target: str, organisation: str | None) -> None:
    """Give EMAIL a ROLE on an event or series (by slug; prefix with event: or series:
    when a slug is both). People without an account are invited."""
    try:
        assignment = accounts.grant_role(email, RoleName(role), target, organisation=organisation)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    scope = assignment.event.slug if assignment.event else assignment.series.slug
    who = "user" if assignment.user_id else "invited address"
    click.echo(f"Granted {role} on {scope} to {who} {assignment.email}.")


@click.command("export-event")
@click.argument("slug")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file instead of standard output.",
)
@with_appcontext
def export_event_command(slug: str, output: str | None) -> None:
    """Write the event file (JSON, docs/event-format.md) of event SLUG."""
    from confsite.services import event_io
    from confsite.services.lookup import event_by_slug

    event = event_by_slug(slug)
    if event is None:
        raise click.ClickException(f"no event with slug {slug!r}")
    text = event_io.dumps(event_io.export_event(event))
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=False)


@click.command("import-event")
@click.argument("file", type=click.File("rb"))
@with_appcontext
def import_event_command(file) -> None:  # type: ignore[no-untyped-def]
    """Create an event from an event file (JSON); nothing is written if it has a problem."""
    from confsite.services import event_io

    try:
        event = event_io.import_event(event_io.parse_file(file.read()))
    except event_io.EventFileError as exc:
        db.session.rollback()
        raise click.ClickException(
            "nothing was imported:\n" + "\n".join(f"  - {p}" for p in exc.problems)
        ) from None
    db.session.commit()
    click.echo(f"Imported {event.slug} ({len(event.sessions)} sessions).")


@click.command("mail-retry")
@with_appcontext
def mail_retry_command() -> None:
    """Queue again the e-mails whose delivery gave up after its retries."""
    from confsite import mail

    count = mail.retry_failed()
    click.echo(f"Queued {count} failed message(s) again.")


def register(group: click.Group) -> None:
    group.add_command(create_user_command)
    group.add_command(grant_command)
    group.add_command(export_event_command)
    group.add_command(import_event_command)
    group.add_command(mail_retry_command)
    jobs_commands.register(group)
