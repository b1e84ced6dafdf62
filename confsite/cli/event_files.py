"""``confsite export-event`` and ``confsite import-event``: event files
(docs/event-format.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

import click
from flask.cli import with_appcontext

from confsite.services import event_copy, event_io
from confsite.services.lookup import event_by_slug


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
    event = event_by_slug(slug)
    if event is None:
        raise click.ClickException(f"no event with slug {slug!r}")
    # Written as it is made, like the download: one batch of the programme in memory.
    if output:
        with Path(output).open("wb") as out:
            for chunk in event_io.event_file_chunks(event):
                out.write(chunk)
        click.echo(f"Wrote {output}.", err=True)
    else:
        for chunk in event_io.event_file_chunks(event):
            sys.stdout.buffer.write(chunk)


@click.command("import-event")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--as-copy",
    is_flag=True,
    help="Give sessions and talks new identifiers (a file exported from this site), as a draft.",
)
@click.option("--slug", default=None, help="With --as-copy: the new event's web address name.")
@with_appcontext
def import_event_command(file: BinaryIO, as_copy: bool, slug: str | None) -> None:
    """Create an event from an event file (JSON); nothing is written if it has a problem."""
    if slug and not as_copy:
        raise click.UsageError("--slug goes with --as-copy.")
    try:
        document = event_io.parse_file(file.read())
        event = event_copy.import_as_copy(document, slug=slug) if as_copy else event_io.import_event(document)
    except event_io.EventFileError as exc:
        raise click.ClickException(
            "nothing was imported:\n" + "\n".join(f"  - {p}" for p in exc.problems)
        ) from None
    click.echo(f"Imported {event.slug} ({len(event.sessions)} sessions).")


COMMANDS = (export_event_command, import_event_command)
