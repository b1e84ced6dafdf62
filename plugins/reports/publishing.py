"""Exports and published versions.

Publishing stores the assembled sections as JSON and the rendered HTML: a published
version is re-rendered from that snapshot only, so later edits to areas, votes or
other plugins' data never change it.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import defer

from confsite.api import User, _, db, local_date, utcnow

from .deliverable import Deliverable
from .document import ReportDocument, build_document, sections_from_json, sections_to_json
from .exports import render
from .language import in_report_language
from .models import PublishedReport
from .render_html import html_to_pdf, render_html
from .targets import NotAllowed, ReportError, Target, is_organiser

# Sections that go to the funding agency but never into a public version: the monitoring
# template's self-evaluation ("not published on the partnership's web page").
CONFIDENTIAL_SECTIONS = frozenset({"monitoring-self-evaluation"})


def published_versions(target: Target) -> list[PublishedReport]:
    """The target's published versions, newest first, for lists: their frozen sections
    and HTML (large for a large event) are only loaded if read."""
    return list(
        db.session.scalars(
            sa.select(PublishedReport)
            .where(target.filter(PublishedReport))
            .options(defer(PublishedReport.sections), defer(PublishedReport.html))
            .order_by(PublishedReport.version.desc())
        )
    )


def publish(user: User, target: Target) -> PublishedReport:
    """Freeze the current report as the next version (organisers only). Caller commits."""
    if not is_organiser(user, target):
        raise NotAllowed(_("Only organisers can publish the report."))
    with in_report_language(target):
        document = build_document(target)
    if not document.sections:
        raise ReportError(_("The report has no sections to publish."))
    with in_report_language(target):
        return _store(user, target, document)


def _store(user: User, target: Target, document: ReportDocument) -> PublishedReport:
    latest = db.session.scalar(
        sa.select(sa.func.max(PublishedReport.version)).where(target.filter(PublishedReport))
    )
    version = (latest or 0) + 1
    now = utcnow()
    published = ReportDocument(
        title=document.title,
        subtitle=document.subtitle,
        sections=tuple(s for s in document.sections if s.key not in CONFIDENTIAL_SECTIONS),
        status=_("Version %(version)s, published on %(date)s", version=version, date=local_date(now)),
        created_at=now,
        deliverable=document.deliverable,
        template=document.template,
    )
    row = PublishedReport(
        **target.scope_kwargs(),
        version=version,
        title=published.title,
        subtitle=published.subtitle,
        sections=sections_to_json(published.sections),
        html=render_html(published),
        deliverable=published.deliverable.to_json(),
        template=published.template,
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
        status=_(
            "Version %(version)s, published on %(date)s",
            version=row.version,
            date=local_date(row.published_at),
        ),
        created_at=row.published_at,
        deliverable=Deliverable.from_json(row.deliverable),
        template=row.template,
    )


def render_published(row: PublishedReport, name: str) -> bytes:
    """A published version in any format; its stored HTML is served as is."""
    if name == "html":
        return row.html.encode("utf-8")
    if name == "pdf":
        return html_to_pdf(row.html)
    target = Target(event=row.event) if row.event_id is not None else Target(series=row.series)
    with in_report_language(target):
        return render(published_document(row), name)
