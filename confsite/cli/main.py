"""The ``confsite`` console script: Flask's CLI bound to the app factory."""

from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup
from sqlalchemy.exc import OperationalError

from confsite.app import create_app
from confsite.config import ConfigError


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
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
