"""The formats a report is exported in: small exporter records (name, label, file
extension, content type, renderer), one per format.

The DOCX renderer (python-docx, and CairoSVG for its charts) is imported when a DOCX is
made, not with the plugin: a web worker showing pages never needs it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from confsite.api import _, _l

from .document import ReportDocument
from .gc_pause import without_gc
from .render_html import html_to_pdf, render_html
from .render_markdown import render_markdown
from .targets import ReportError


def render_docx(document: ReportDocument) -> bytes:
    from .render_docx import render_docx  # noqa: PLC0415  (see the module docstring)

    return render_docx(document)


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: object  # lazy string
    extension: str
    content_type: str
    render: Callable[[ReportDocument], str | bytes]


FORMATS = {
    f.name: f
    for f in (
        ExportFormat("html", _l("HTML (printable)"), "html", "text/html; charset=utf-8", render_html),
        ExportFormat(
            "pdf", _l("PDF"), "pdf", "application/pdf", lambda document: html_to_pdf(render_html(document))
        ),
        ExportFormat(
            "docx",
            _l("Word (DOCX)"),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            render_docx,
        ),
        ExportFormat("md", _l("Markdown"), "md", "text/markdown; charset=utf-8", render_markdown),
    )
}


def export_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ReportError(
            _("Unknown format %(name)r; choose one of %(all)s.", name=name, all=", ".join(FORMATS))
        ) from None


@without_gc
def render(document: ReportDocument, name: str) -> bytes:
    body = export_format(name).render(document)
    return body.encode("utf-8") if isinstance(body, str) else body
