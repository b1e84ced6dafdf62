"""HTML export (self-contained and printable) and PDF (the same HTML through WeasyPrint).

Text is escaped by Jinja's autoescape; only a Figure's generated SVG is inserted as
markup, as the report model allows."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from confsite.api import BulletList, Figure, Figures, Heading, Paragraph, Table

from .document import ReportDocument

KINDS = {
    Heading: "heading",
    Paragraph: "paragraph",
    BulletList: "list",
    Table: "table",
    Figure: "figure",
    Figures: "figures",
}


def _view(document: ReportDocument) -> list[dict]:
    """Sections with each block tagged by kind, for the dumb template."""
    return [
        {
            "anchor": f"section-{index}",
            "section": section,
            "blocks": [
                {
                    "kind": KINDS[type(block)],
                    "block": block,
                    "svg": Markup(block.svg) if isinstance(block, Figure) else None,
                }
                for block in section.blocks
            ],
        }
        for index, section in enumerate(document.sections, start=1)
    ]


def render_body(document: ReportDocument) -> Markup:
    """The document's content as an HTML fragment (for the in-site preview)."""
    return Markup(render_template("reports/document_body.html", document=document, sections=_view(document)))


def render_html(document: ReportDocument) -> str:
    """A complete, self-contained HTML page: inline styles, no external resources."""
    return render_template("reports/document.html", document=document, body=render_body(document))


def render_pdf(document: ReportDocument) -> bytes:
    return html_to_pdf(render_html(document))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: loading WeasyPrint takes a while

    return HTML(string=html, base_url=None).write_pdf()
