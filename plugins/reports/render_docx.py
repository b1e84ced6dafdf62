"""DOCX export with python-docx: real Heading styles and List styles, so partners can
keep editing the report in their word processor."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.text.paragraph import Paragraph as DocxParagraph

from confsite.api import BulletList, Figure, Figures, Heading, Paragraph, Table

from .document import ReportDocument

# Characters XML 1.0 forbids; python-docx would refuse them.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _XML_INVALID.sub("", str(text))


def _restart_numbering(document, paragraphs: list[DocxParagraph]) -> None:  # type: ignore[no-untyped-def]
    """Make an ordered list start again at 1 (Word otherwise continues the previous
    list with the same style): a new numbering instance of the style's definition."""
    numbering = document.part.numbering_part.numbering_definitions._numbering
    style_num_id = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    for paragraph in paragraphs:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num.numId


def _table(document, headers, rows, caption: str = "") -> None:  # type: ignore[no-untyped-def]
    if caption:
        document.add_paragraph(clean(caption), style="Caption")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = ""
        cell.paragraphs[0].add_run(clean(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = clean(text)


def _block(document, block) -> None:  # type: ignore[no-untyped-def]
    if isinstance(block, Heading):
        document.add_heading(clean(block.text), level=min(max(block.level - 1, 1), 9))
    elif isinstance(block, Paragraph):
        paragraph = document.add_paragraph()
        paragraph.add_run(clean(block.text)).italic = block.emphasis
    elif isinstance(block, BulletList):
        style = "List Number" if block.ordered else "List Bullet"
        items = [document.add_paragraph(clean(item), style=style) for item in block.items]
        if block.ordered and items:
            _restart_numbering(document, items)
    elif isinstance(block, Table):
        _table(document, block.headers, block.rows, block.caption)
    elif isinstance(block, Figure):
        # Word cannot show our SVG charts; the figure's data table carries the content.
        document.add_paragraph(clean(f"Figure: {block.caption}"), style="Caption")
        if block.table is not None:
            _table(document, block.table.headers, block.table.rows)
    elif isinstance(block, Figures):
        _table(document, ("Figure", "Value"), block.items)
    else:
        raise TypeError(f"unknown report block {type(block).__name__}")


def render_docx(document: ReportDocument) -> bytes:
    doc = Document()
    doc.core_properties.title = clean(document.title)
    doc.add_heading(clean(document.title), level=0)
    if document.subtitle:
        doc.add_paragraph(clean(document.subtitle), style="Subtitle")
    doc.add_paragraph(clean(document.status)).runs[0].italic = True
    for section in document.sections:
        doc.add_heading(clean(section.title), level=1)
        for block in section.blocks:
            _block(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
