"""``confsite monitoring-report``: the report of a series as a file or on stdout."""

from __future__ import annotations

from pathlib import Path

import click
from confsite_plugins.monitoring import exports
from confsite_plugins.monitoring.report import PeriodError, build_report, parse_period
from flask.cli import with_appcontext

from confsite.api import plugin_enabled, series_by_slug


@click.command("monitoring-report")
@click.argument("series_slug", metavar="SERIES")
@click.option("--from", "start", metavar="YYYY-MM-DD", help="First day of the period.")
@click.option("--to", "end", metavar="YYYY-MM-DD", help="Last day of the period.")
@click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    help="Activities after this day count as future (default: today).",
)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(exports.FORMATS)), default="html", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output; required for DOCX).",
)
@with_appcontext
def monitoring_report_command(
    series_slug: str,
    start: str | None,
    end: str | None,
    as_of: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Write the monitoring report of SERIES (default period: the current half-year)."""
    series = series_by_slug(series_slug)
    if series is None:
        raise click.ClickException(f"There is no series “{series_slug}”.")
    if not plugin_enabled("monitoring", series=series):
        raise click.ClickException(f"Monitoring is switched off for the series “{series_slug}”.")
    try:
        period_start, period_end, cutoff = parse_period(start, end, as_of)
    except PeriodError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "docx" and output is None:
        raise click.ClickException("A DOCX report is a binary file: give -o FILE.")
    body = exports.render(build_report(series, period_start, period_end, as_of=cutoff), fmt)
    if output is None:
        click.echo(body, nl=False)
        return
    if isinstance(body, bytes):
        output.write_bytes(body)
    else:
        output.write_text(body, encoding="utf-8")
    click.echo(f"Wrote {output}.", err=True)
