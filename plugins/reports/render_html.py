"""HTML export (self-contained and printable) and PDF (the same HTML through WeasyPrint:
A4 pages with running headers, page numbers, a contents page whose entries carry
their page numbers through ``target-counter()``, and table rows that never split).

Text is escaped by Jinja's autoescape; only generated SVG (plugins' charts and the
nutshell card) is inserted as markup, as the report model allows."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from .document import ReportDocument
from .gc_pause import without_gc
from .outline import outline


@without_gc
def render_body(document: ReportDocument) -> Markup:
    """The document's content as an HTML fragment (for the in-site preview)."""
    return Markup(
        render_template("reports/document_body.html", document=document, outline=outline(document.sections))
    )


def render_html(document: ReportDocument) -> str:
    """A complete, self-contained HTML page: inline styles, no external resources."""
    return render_template("reports/document.html", document=document, body=render_body(document))


def render_pdf(document: ReportDocument) -> bytes:
    return html_to_pdf(render_html(document))


@without_gc
def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``, laid out with the garbage collector paused (see gc_pause)."""
    return weasyprint_pdf(html)


def weasyprint_pdf(html: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - loading WeasyPrint takes a second: only when a PDF is asked for

    return HTML(string=html, base_url=None).write_pdf()
