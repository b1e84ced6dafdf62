"""``confsite demo``: load the demo site."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from confsite.database import schema_is_empty
from confsite.demo import load_full_demo
from confsite.extensions import db
from confsite.models import Event


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only into a database without events.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load the demo (idempotent: running it twice changes nothing)."""
    if schema_is_empty(db.engine):
        raise click.ClickException("the database has no tables: run `confsite db upgrade` first")
    if if_empty and db.session.scalar(sa.select(Event.id).limit(1)) is not None:
        click.echo("The database already holds events; demo not loaded.")
        return
    created = load_full_demo()
    if created:
        click.echo(f"Demo loaded: {', '.join(created)}.")
    else:
        click.echo("Demo already present; nothing changed.")


COMMANDS = (demo_command,)
