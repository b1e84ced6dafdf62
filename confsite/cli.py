"""The ``confsite`` command: Flask's CLI bound to the app factory, plus our commands."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError

from confsite.config import ConfigError
from confsite.database import schema_is_empty
from confsite.extensions import db


def _create_app(*_args, **_kwargs):  # type: ignore[no-untyped-def]
    from confsite.app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def cli() -> None:
    """Run and administer a confsite site."""


def main() -> None:
    """Console-script entry point: configuration problems become one-line errors."""
    try:
        cli.main(standalone_mode=False)
    except ConfigError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        click.echo(f"Error: database: {reason}", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SystemExit:
        raise


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only into a database without events.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load the demo (idempotent: running it twice changes nothing)."""
    from confsite.demo import load_full_demo
    from confsite.models import Event

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


@click.command("plugins")
@with_appcontext
def plugins_command() -> None:
    """List plugins: name, version, source, hooks and where they are enabled."""
    from confsite.plugins import host
    from confsite.services.plugin_overview import plugin_overview

    overview = plugin_overview(host())
    if not overview.loaded:
        click.echo("No plugins loaded.")
    for row in overview.loaded:
        info = row.info
        click.echo(f"{info.name} {info.version} ({info.source})")
        if info.description:
            click.echo(f"  {info.description}")
        click.echo(f"  hooks: {', '.join(info.hooks) or '-'}")
        click.echo(f"  enabled: {row.where_enabled}")
    for name, source, why in overview.not_loaded:
        click.echo(f"{name} ({source}): installed but not loaded ({why})")


def register_core_commands(group: click.Group) -> None:
    from confsite.plugin_migrations import plugin_migration_command

    for command in (demo_command, plugins_command, plugin_migration_command):
        group.add_command(command)
    from confsite import commands, security_commands

    commands.register(group)
    security_commands.register(group)
