"""The attendance section of event and series reports."""

from __future__ import annotations

from confsite_plugins.attendance.figures import collect_figures
from confsite_plugins.attendance.presentation import charts_for, nutshell_items

from confsite.api import Figure, Figures, Paragraph, ReportScope, ReportSection, Table


def attendance_section(scope: ReportScope) -> ReportSection | None:
    events = [scope.event] if scope.event is not None else list(scope.events)
    if not events:
        return None
    figures = collect_figures(events)
    charts = charts_for(figures, prefix="report")
    if len(events) > 1:
        charts = charts[1:]  # registrations over time only make sense per event
    blocks: list = [Figures(tuple(nutshell_items(figures, events)))]
    if figures.manual:
        blocks.append(
            Paragraph(
                "Views counted on this site and numbers reported from elsewhere ("
                + ", ".join(figures.manual_sources)
                + ") are shown separately."
            )
        )
    for chart in charts:
        if chart.rows:
            blocks.append(
                Figure(
                    svg=chart.svg,
                    caption=chart.caption,
                    table=Table(chart.headers, chart.rows, caption=chart.caption),
                )
            )
    return ReportSection(key="attendance", title="Attendance in figures", blocks=tuple(blocks), order=20)
