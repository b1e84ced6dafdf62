"""Activity log: counts what happens around each event (the worked example of docs/plugins.md).

A complete third-party plugin in one small package. It listens to lifecycle events and
stores them in its own table (``example_happenings``, with its own migration branch);
shows the counts in a panel on event pages and on an event-scoped page of its own; adds
an organiser tab, a CSV export, a report section, a navigation link and a CLI command.
It imports nothing from confsite but ``confsite.api`` and ``confsite.hookimpl``.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Blueprint, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from confsite import api, hookimpl
from confsite_example.models import KIND_LABELS, Happening, activity_counts, record

__version__ = "0.1.0"

bp = Blueprint(
    "example",
    __name__,
    template_folder="templates",  # templates/example/... : namespaced by the sub-folder
    static_folder="static",
    static_url_path="/example/static",
)


@bp.get("/example/")
def about() -> str:
    return render_template("example/about.html")


@bp.get("/events/<event_slug>/example/")
def activity(event_slug: str) -> str:
    # ``event_slug`` makes this route event-scoped: where an organiser switched the
    # plugin off, confsite answers 404 before this function runs.
    user = current_user if current_user.is_authenticated else None
    event = api.visible_event_or_404(event_slug, user)  # drafts stay hidden
    return render_template("example/activity.html", event=event, counts=activity_counts([event]))


# -- hooks ---------------------------------------------------------------------------
@hookimpl
def register_blueprints(app):
    return [bp]


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(activity_command)


@click.command("example-activity")
@click.argument("slug")
def activity_command(slug: str) -> None:
    """Print what happened around event SLUG."""
    event = api.event_by_slug(slug)
    if event is None:
        raise click.ClickException(f"no event with the slug {slug!r}")
    counts = activity_counts([event])
    if not counts:
        click.echo(f"Nothing recorded for {event.title} yet.")
    for kind, number in counts:
        click.echo(f"{KIND_LABELS[kind]}: {number}")


@hookimpl
def migrations_dir() -> str:
    return str(Path(__file__).resolve().parent / "migrations" / "versions")


@hookimpl
def navigation_links(user):
    return [api.NavLink(label="About the activity log", url=url_for("example.about"), order=900)]


@hookimpl
def page_panels(page: api.PageContext) -> list[api.Panel] | None:
    if page.kind != "event":
        return None
    html = render_template("example/panel.html", event=page.event, counts=activity_counts([page.event]))
    return [api.Panel(title="Activity so far", html=Markup(html), order=500)]


@hookimpl
def manage_tabs(event: api.Event, user: api.User) -> list[api.ManageTab]:
    return [api.ManageTab(label="Activity", url=url_for("example.activity", event_slug=event.slug))]


@hookimpl
def template_variables(template_name: str):
    if template_name.startswith("example/"):  # only our own templates
        return {"kind_labels": KIND_LABELS}
    return None


@hookimpl
def report_sections(scope: api.ReportScope) -> list[api.ReportSection]:
    events = [scope.event] if scope.event is not None else list(scope.events)
    counts = activity_counts(events)
    if counts:
        table = api.Table(
            headers=("What happened", "How often"),
            rows=tuple((KIND_LABELS[kind], str(n)) for kind, n in counts),
            caption=f"Activity around {scope.title}",
        )
        blocks: tuple[api.Block, ...] = (table,)
    else:
        blocks = (api.Paragraph("Nothing was recorded."),)
    return [api.ReportSection(key="example-activity", title="Activity", blocks=blocks, order=900)]


@hookimpl
def export_formats() -> list[api.Exporter]:
    return [
        api.Exporter(
            identifier="activity",
            label="Activity log (CSV)",
            content_type="text/csv; charset=utf-8",
            extension="csv",
            render=_activity_csv,
            public=False,
        )
    ]


def _activity_csv(event: api.Event) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["when (UTC)", "what"])
    for happening in Happening.of_event(event):
        writer.writerow([happening.at.isoformat(), KIND_LABELS[happening.kind]])
    return out.getvalue()


@hookimpl
def lifecycle_event(happening: api.LifecycleEvent) -> None:
    record(happening)
