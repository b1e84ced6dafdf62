"""``confsite report SLUG --template key-area --format pdf|docx|html|md -o FILE``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from confsite.api import plugin_enabled

from .builds import build_file
from .document_templates import TEMPLATES
from .exports import FORMATS
from .targets import ReportError, target_from_cli


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
    "--template",
    type=click.Choice(list(TEMPLATES)),
    help="Document template (default: the one chosen in the report builder).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: SLUG-report.FORMAT).",
)
@with_appcontext
def report_command(slug: str, fmt: str, template: str | None, output: Path | None) -> None:
    """Build the current report of an event or series (by slug; prefix with event: or
    series: when a slug is both) and write it to a file, with a progress bar."""
    try:
        target = target_from_cli(slug)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from None
    if not plugin_enabled("reports", **target.scope_kwargs()):
        raise click.ClickException(f"the reports plugin is switched off for {target.slug}")
    output = output or Path(f"{target.slug}-report.{FORMATS[fmt].extension}")
    with click.progressbar(length=100, label=f"{target.title} ({fmt})", show_percent=True) as bar:
        done = 0

        def progress(percent: int, step: str) -> None:
            nonlocal done
            bar.label = step
            bar.update(max(percent - done, 0))
            done = max(done, percent)

        body = build_file(target, fmt, template=template, progress=progress)
    try:
        output.write_bytes(body)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"Wrote {output} ({len(body):,} bytes).")
