"""``confsite report SLUG --format pdf|docx|html|md -o FILE``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import with_appcontext

from confsite.api import plugin_enabled

from .document import build_document
from .publishing import FORMATS, render
from .targets import ReportError, target_from_cli


class _EchoProgress(logging.Handler):
    """Shows WeasyPrint's layout steps ("Creating layout - Page 3") as CLI progress."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"  {record.getMessage()}")


@contextmanager
def _pdf_progress() -> Iterator[None]:
    logger = logging.getLogger("weasyprint.progress")
    handler, propagate, level = _EchoProgress(), logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate, logger.level = False, logging.INFO
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = propagate, level


@click.command("report")
@click.argument("slug")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="html",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: SLUG-report.FORMAT).",
)
@with_appcontext
def report_command(slug: str, fmt: str, output: Path | None) -> None:
    """Build the current report of an event or series (by slug; prefix with event: or
    series: when a slug is both) and write it to a file."""
    try:
        target = target_from_cli(slug)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from None
    if not plugin_enabled("reports", **target.scope_kwargs()):
        raise click.ClickException(f"the reports plugin is switched off for {target.slug}")
    output = output or Path(f"{target.slug}-report.{FORMATS[fmt].extension}")
    click.echo(f"Collecting the report sections of {target.title}…")
    document = build_document(target)
    click.echo(f"  {len(document.sections)} sections: " + ", ".join(s.title for s in document.sections))
    click.echo(f"Rendering {FORMATS[fmt].label}…")
    with _pdf_progress():
        body = render(document, fmt)
    try:
        output.write_bytes(body)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"Wrote {output} ({len(body):,} bytes).")
