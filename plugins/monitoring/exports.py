"""The monitoring report as HTML, DOCX and CSV files.

HTML and DOCX render the same :mod:`confsite.reporting` blocks the preview shows;
CSV lists the activity tables only (one row per activity), for spreadsheets.
"""

from __future__ import annotations

import csv
import io

from confsite_plugins.monitoring.activities import ActivityView
from confsite_plugins.monitoring.models import ActivityCategory
from confsite_plugins.monitoring.report import PLURAL, MonitoringReport, report_sections
from flask import render_template

from confsite.api import BulletList, Heading, Paragraph, ReportSection, Table

FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


def report_title(report: MonitoringReport) -> str:
    return f"Monitoring report: {report.series.title}"


def tagged_blocks(section: ReportSection) -> list[tuple[str, object]]:
    """(block type, block) pairs, so templates can branch without isinstance."""
    return [(type(block).__name__.lower(), block) for block in section.blocks]


def render_html(report: MonitoringReport) -> str:
    return render_template(
        "monitoring/report_document.html",
        report=report,
        title=report_title(report),
        sections=[(s, tagged_blocks(s)) for s in report_sections(report)],
    )


def _docx_table(document, table: Table) -> None:
    if table.caption:
        document.add_paragraph(table.caption, style="Caption")
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row, values in zip(grid.rows[1:], table.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text


def render_docx(report: MonitoringReport) -> bytes:
    from docx import Document  # noqa: PLC0415  (python-docx is heavy: only this download needs it)

    document = Document()
    document.add_heading(report_title(report), level=0)
    document.add_paragraph(f"Reporting period: {report.period_label}")
    for section in report_sections(report):
        document.add_heading(section.title, level=1)
        for block in section.blocks:
            if isinstance(block, Heading):
                document.add_heading(block.text, level=max(1, min(block.level - 1, 4)))
            elif isinstance(block, Paragraph):
                paragraph = document.add_paragraph()
                paragraph.add_run(block.text).italic = block.emphasis
            elif isinstance(block, BulletList):
                style = "List Number" if block.ordered else "List Bullet"
                for item in block.items:
                    document.add_paragraph(item, style=style)
            elif isinstance(block, Table):
                _docx_table(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _spreadsheet_safe(text: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(report: MonitoringReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["table", "title", "date", "place", "days", "precision"])

    def write(when: str, tables: dict[ActivityCategory, list[ActivityView]]) -> None:
        for category, activities in tables.items():
            for activity in activities:
                writer.writerow(
                    [
                        f"{when} {PLURAL[category]}",
                        _spreadsheet_safe(activity.title),
                        _spreadsheet_safe(activity.date_label),
                        _spreadsheet_safe(activity.place_label),
                        " ".join(d.isoformat() for d in activity.days),
                        activity.precision.value,
                    ]
                )

    write("past", report.past)
    write("future", report.future)
    return out.getvalue()


def render(report: MonitoringReport, fmt: str) -> str | bytes:
    if fmt == "html":
        return render_html(report)
    if fmt == "docx":
        return render_docx(report)
    if fmt == "csv":
        return render_csv(report)
    raise ValueError(f"unknown format {fmt!r}")
