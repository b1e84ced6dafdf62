"""Exports and published versions.

Publishing stores the assembled sections as JSON and the rendered HTML: a published
version is re-rendered from that snapshot only, so later edits to areas, votes or
other plugins' data never change it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from confsite.api import User, db, utcnow

from .document import ReportDocument, build_document, sections_from_json, sections_to_json
from .models import PublishedReport
from .render_docx import render_docx
from .render_html import html_to_pdf, render_html
from .render_markdown import render_markdown
from .targets import NotAllowed, ReportError, Target, is_organiser


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    extension: str
    content_type: str
    render: Callable[[ReportDocument], str | bytes]


FORMATS = {
    f.name: f
    for f in (
        ExportFormat("html", "HTML (printable)", "html", "text/html; charset=utf-8", render_html),
        ExportFormat(
            "pdf", "PDF", "pdf", "application/pdf", lambda document: html_to_pdf(render_html(document))
        ),
        ExportFormat(
            "docx",
            "Word (DOCX)",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            render_docx,
        ),
        ExportFormat("md", "Markdown", "md", "text/markdown; charset=utf-8", render_markdown),
    )
}


def export_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ReportError(f"Unknown format {name!r}; choose one of {', '.join(FORMATS)}.") from None


def render(document: ReportDocument, name: str) -> bytes:
    body = export_format(name).render(document)
    return body.encode("utf-8") if isinstance(body, str) else body


def published_versions(target: Target) -> list[PublishedReport]:
    return list(
        db.session.scalars(
            sa.select(PublishedReport)
            .where(target.filter(PublishedReport))
            .order_by(PublishedReport.version.desc())
        )
    )


def publish(user: User, target: Target) -> PublishedReport:
    """Freeze the current report as the next version (organisers only). Caller commits."""
    if not is_organiser(user, target):
        raise NotAllowed("Only organisers can publish the report.")
    document = build_document(target)
    if not document.sections:
        raise ReportError("The report has no sections to publish.")
    latest = db.session.scalar(
        sa.select(sa.func.max(PublishedReport.version)).where(target.filter(PublishedReport))
    )
    version = (latest or 0) + 1
    now = utcnow()
    published = ReportDocument(
        title=document.title,
        subtitle=document.subtitle,
        sections=document.sections,
        status=f"Version {version}, published on {now:%d %b %Y}",
        created_at=now,
    )
    row = PublishedReport(
        **target.scope_kwargs(),
        version=version,
        title=published.title,
        subtitle=published.subtitle,
        sections=sections_to_json(published.sections),
        html=render_html(published),
        published_at=now,
        published_by=user,
    )
    db.session.add(row)
    return row


def published_document(row: PublishedReport) -> ReportDocument:
    return ReportDocument(
        title=row.title,
        subtitle=row.subtitle,
        sections=sections_from_json(row.sections),
        status=f"Version {row.version}, published on {row.published_at:%d %b %Y}",
        created_at=row.published_at,
    )


def render_published(row: PublishedReport, name: str) -> bytes:
    """A published version in any format; its stored HTML is served as is."""
    if name == "html":
        return row.html.encode("utf-8")
    if name == "pdf":
        return html_to_pdf(row.html)
    return render(published_document(row), name)
