"""DOCX export with python-docx, made to be restyled rather than retyped: A4 pages,
Word's built-in styles (Title, Heading 1-3, Caption, List Bullet/Number, Table Grid),
a header with the title and a footer with "page X of Y" (PAGE/NUMPAGES fields), a
contents field (TOC) that Word fills when the document opens, figures embedded as PNG
rendered from their SVG, and tables whose rows never split across pages and whose
header row repeats."""

from __future__ import annotations

import base64
import io
import re

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from confsite.api import BulletList, Heading, Paragraph, Table, _

from .document import ReportDocument
from .figures import svg_size, svg_to_png
from .outline import Item, outline

# Characters XML 1.0 forbids; python-docx would refuse them.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TEXT_WIDTH_CM = 16.0
CM_PER_CHARACTER = 0.27  # a wide character at 11 pt, bold headers included
CELL_PADDING_CM = 0.45


def clean(text: str) -> str:
    return _XML_INVALID.sub("", str(text))


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (begin, instruction, separate, placeholder result, end)."""

    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")  # ask Word to refresh it
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(placeholder or "1")
    char("end")


def _update_fields_on_open(doc) -> None:
    settings = doc.settings.element
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    settings.append(element)


def _restart_numbering(doc, paragraphs: list[DocxParagraph]) -> None:
    """Make an ordered list start again at 1 (Word otherwise continues the previous
    list with the same style): a new numbering instance of the style's definition."""
    numbering = doc.part.numbering_part.numbering_definitions._numbering
    style_num_id = doc.styles["List Number"].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    for paragraph in paragraphs:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num.numId


def _row_properties(row, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)
    if header:
        tbl_header = OxmlElement("w:tblHeader")
        tr_pr.append(tbl_header)


def _keep_with_next(paragraph: DocxParagraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def column_widths(headers, rows, total_cm: float = TEXT_WIDTH_CM) -> list[float]:
    """Widths in cm from the text each column holds: every column fits its longest
    word (no word breaks mid-way), and the room left goes to the columns with long
    texts."""
    minimums, extras = [], []
    for index, header in enumerate(headers):
        cells = [str(row[index]) for row in rows if index < len(row)]
        longest_word = max((len(word) for text in [header, *cells] for word in text.split()), default=4)
        average = sum(len(text) for text in cells) / len(cells) if cells else len(header)
        minimums.append(longest_word * CM_PER_CHARACTER + CELL_PADDING_CM)
        extras.append(max(min(average, 80.0) - longest_word, 0.0))
    room = total_cm - sum(minimums)
    if room <= 0:  # too many long words: share the width by need
        return [total_cm * m / sum(minimums) for m in minimums]
    if not sum(extras):
        return [m + room / len(minimums) for m in minimums]
    return [m + room * e / sum(extras) for m, e in zip(minimums, extras, strict=True)]


def _table(doc, headers, rows, caption: str = "") -> None:
    if caption:
        _keep_with_next(doc.add_paragraph(clean(caption), style="Caption"))
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    widths = [Cm(width) for width in column_widths(headers, rows)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    _row_properties(table.rows[0], header=True)
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = width
        cell.text = ""
        cell.paragraphs[0].add_run(clean(text)).bold = True
    for row in rows:
        added = table.add_row()
        _row_properties(added, header=False)
        for cell, text, width in zip(added.cells, row, widths, strict=False):
            cell.text = clean(text)
            cell.width = width
    doc.add_paragraph()


def _picture(doc, svg: str, caption: str) -> None:
    width, _height = svg_size(svg)
    shown = min(TEXT_WIDTH_CM, max(6.0, width / 40))
    picture = doc.add_paragraph()
    _keep_with_next(picture)
    picture.add_run().add_picture(io.BytesIO(svg_to_png(svg)), width=Cm(shown))
    doc.add_paragraph(clean(caption), style="Caption")


def _image_bytes(uri: str) -> bytes | None:
    """The picture of a paragraph (a base64 JPEG/PNG ``data:`` URI made by the site)."""
    prefix, _sep, payload = uri.partition(";base64,")
    if prefix not in ("data:image/jpeg", "data:image/png") or not payload:
        return None
    try:
        return base64.b64decode(payload, validate=True)
    except ValueError:
        return None


def _item(doc, item: Item) -> None:
    block = item.block
    if item.kind == "heading":
        if item.entry is not None and item.entry.level in (2, 3):
            doc.add_heading(clean(item.entry.label), level=item.entry.level)
        else:
            assert isinstance(block, Heading), "outline() gives heading items Heading blocks"
            _keep_with_next(doc.add_paragraph(clean(block.text), style="Heading 4"))
    elif isinstance(block, Paragraph):
        paragraph = doc.add_paragraph()
        portrait = _image_bytes(block.image)
        if portrait is not None:
            paragraph.add_run().add_picture(io.BytesIO(portrait), width=Cm(1.6))
            paragraph.add_run(" ")
        paragraph.add_run(clean(block.text)).italic = block.emphasis
    elif isinstance(block, BulletList):
        style = "List Number" if block.ordered else "List Bullet"
        items = [doc.add_paragraph(clean(entry), style=style) for entry in block.items]
        if block.ordered and items:
            _restart_numbering(doc, items)
    elif isinstance(block, Table):
        _table(doc, block.headers, block.rows, item.caption)
    elif item.kind in ("figure", "nutshell"):
        _picture(doc, item.svg, item.caption)
    else:
        raise TypeError(f"unknown report block {type(block).__name__}")


def _page_setup(doc, title: str, deliverable_id: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.different_first_page_header_footer = True  # a clean cover
    header = section.header.paragraphs[0]
    header.text = clean(" – ".join(p for p in (deliverable_id, title) if p))
    header.style = doc.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.add_run(_("Page") + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + _("of") + " ")
    _field(footer, "NUMPAGES")


def _cover(doc, document: ReportDocument) -> None:
    d = document.deliverable
    logo = d.image_bytes("logo")
    if logo:
        doc.add_picture(io.BytesIO(logo), height=Cm(2.8))
    if d.acronym or d.project:
        project = doc.add_paragraph(clean(" – ".join(p for p in (d.acronym, d.project) if p)))
        project.runs[0].bold = True
        project.runs[0].font.size = Pt(14)
    if d.deliverable_id:
        doc.add_paragraph(clean(d.deliverable_id), style="Subtitle")
    doc.add_paragraph(clean(d.deliverable_title or document.title), style="Title")
    if document.subtitle:
        doc.add_paragraph(clean(document.subtitle), style="Subtitle")
    status = doc.add_paragraph(clean(document.status))
    status.runs[0].italic = True
    rows = d.cover_rows()
    if rows:
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = clean(label), clean(value)
            cells[0].paragraphs[0].runs[0].bold = True
            _row_properties(table.rows[-1], header=False)
    if d.history or d.disclaimer or d.funding_statement or d.emblem:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if d.history:
            doc.add_paragraph(_("Document history"), style="TOC Heading")
            _table(doc, (_("Version"), _("Date"), _("Author"), _("Change")), d.history_rows())
        if d.disclaimer:
            doc.add_paragraph(_("Disclaimer"), style="TOC Heading")
            doc.add_paragraph(clean(d.disclaimer))
        emblem = d.image_bytes("emblem")
        if emblem:
            doc.add_picture(io.BytesIO(emblem), height=Cm(1.5))
        if d.funding_statement:
            doc.add_paragraph(clean(d.funding_statement))


def _contents(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph(_("Contents"), style="TOC Heading")
    _field(
        doc.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        _("Update the field (F9) to fill in the table of contents."),
    )


def render_docx(document: ReportDocument) -> bytes:
    doc = Document()
    doc.core_properties.title = clean(document.title)
    if document.deliverable.authors:
        doc.core_properties.author = clean(document.deliverable.authors)
    _page_setup(doc, document.title, document.deliverable.deliverable_id)
    _update_fields_on_open(doc)
    _cover(doc, document)
    _contents(doc)
    for chapter in outline(document.sections).chapters:
        doc.add_page_break()
        doc.add_heading(clean(chapter.entry.label), level=1)
        for item in chapter.items:
            _item(doc, item)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
