"""``confsite create-user`` and ``confsite grant``: accounts and roles."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

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
    scope = assignment.event or assignment.series
    where = scope.slug if scope is not None else target
    who = "user" if assignment.user_id else "invited address"
    click.echo(f"Granted {role} on {where} to {who} {assignment.email}.")


COMMANDS = (create_user_command, grant_command)
