"""The ``confsite`` command: Flask's CLI bound to the app factory, plus our commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError

from confsite.database import DatabaseConfigError, missing_table_hint, schema_is_empty
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
    except DatabaseConfigError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except (OperationalError, ProgrammingError) as exc:
        hint = missing_table_hint(exc)
        if hint is not None:
            click.echo(f"Error: {hint}", err=True)
            sys.exit(1)
        if isinstance(exc, ProgrammingError):
            raise
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
        if not row.migrated:
            click.echo("  not migrated: its tables are missing, run `confsite db upgrade` (off until then)")
    for name, source, why in overview.not_loaded:
        click.echo(f"{name} ({source}): installed but not loaded ({why})")


@click.command("models-reference")
@click.option(
    "--output", type=click.Path(dir_okay=False), default=None, help="Default: docs/models.md of the checkout."
)
def models_reference_command(output: str | None) -> None:
    """Write the reference of the core models' public fields (docs/models.md)."""
    from confsite.config import PROJECT_ROOT  # noqa: PLC0415 (keeps `confsite --help` light)
    from confsite.models_reference import models_reference  # noqa: PLC0415 (idem)

    path = Path(output) if output else PROJECT_ROOT / "docs" / "models.md"
    path.write_text(models_reference(), encoding="utf-8")
    click.echo(f"Wrote {path}.")


@click.command("tick")
@with_appcontext
def tick_command() -> None:
    """Run the periodic work that is due (today: announce events that ended). Safe to
    run as often as you like, e.g. every few minutes from cron."""
    from confsite.services.event_end import fire_ended_events  # noqa: PLC0415 (keeps `confsite --help` light)

    fired = fire_ended_events()
    if fired:
        click.echo(f"Announced the end of: {', '.join(event.slug for event in fired)}.")
    else:
        click.echo("Nothing due.")


def register_core_commands(group: click.Group) -> None:
    from confsite.plugin_migrations import plugin_migration_command

    for command in (
        demo_command,
        plugins_command,
        plugin_migration_command,
        models_reference_command,
        tick_command,
    ):
        group.add_command(command)
    from confsite import commands

    commands.register(group)
