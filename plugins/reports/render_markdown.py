"""Markdown export. Every piece of text is backslash-escaped (CommonMark lets any ASCII
punctuation be escaped) so that nothing a user typed can turn into markup — headings,
links, images, lists or raw HTML — while the text reads as typed: "R&D" stays "R&D"
rather than becoming "R&amp;D"."""

from __future__ import annotations

import re

from confsite.api import BulletList, Figure, Figures, Heading, Paragraph, Table, _

from .document import ReportDocument
from .outline import Item, outline

_INLINE = re.compile(r"([\\`*_\[\]|~#<>])")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" would be read as an entity
_BULLET_START = re.compile(r"^([-+=])")
_NUMBER_START = re.compile(r"^(\d+)([.)])")


def escape_inline(text: str) -> str:
    """Plain text -> Markdown inline text (a table cell cannot start a block)."""
    flat = " ".join(str(text).split())
    flat = _INLINE.sub(r"\\\1", flat)
    return _ENTITY.sub(r"\\&", flat)


def escape(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text, on one line."""
    flat = escape_inline(text)
    flat = _BULLET_START.sub(r"\\\1", flat)  # "- x" would start a list
    return _NUMBER_START.sub(r"\1\\\2", flat)  # "1. x" would start a numbered list


def _table(headers: tuple[str, ...], rows) -> list[str]:
    lines = [
        "| " + " | ".join(escape_inline(h) for h in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(escape_inline(cell) for cell in row) + " |" for row in rows]
    return lines


def _item(item: Item) -> list[str]:
    block = item.block
    if item.kind == "heading":
        entry = item.entry
        if entry is not None and entry.number:
            return ["#" * (entry.level + 1) + " " + escape(entry.label)]
        assert isinstance(block, Heading), "outline() gives heading items Heading blocks"
        return ["##### " + escape(block.text)]
    if isinstance(block, Paragraph):
        text = escape(block.text)
        return [f"*{text}*" if block.emphasis and text else text]
    if isinstance(block, BulletList):
        return [
            (f"{index}. " if block.ordered else "- ") + escape(entry)
            for index, entry in enumerate(block.items, start=1)
        ]
    if isinstance(block, Table):
        lines = [f"*{escape(item.caption)}*", ""] if item.caption else []
        return [*lines, *_table(block.headers, block.rows)]
    if item.kind == "figure":
        assert isinstance(block, Figure), "outline() gives figure items Figure blocks"
        lines = [f"*{escape(item.caption)}*"]
        if block.table is not None:
            lines += ["", *_table(block.table.headers, block.table.rows)]
        return lines
    if item.kind == "nutshell":
        assert isinstance(block, Figures), "outline() gives nutshell items Figures blocks"
        return [f"*{escape(item.caption)}*", ""] + [
            f"- **{escape(value)}** {escape(label)}" for label, value in block.items
        ]
    raise TypeError(f"unknown report block {type(block).__name__}")


def _front_matter(document: ReportDocument) -> list[str]:
    d = document.deliverable
    out: list[str] = []
    if d.acronym or d.project:
        out += ["**" + escape(" – ".join(p for p in (d.acronym, d.project) if p)) + "**", ""]
    out += [f"# {escape(d.deliverable_title or document.title)}", ""]
    if document.subtitle:
        out += [f"*{escape(document.subtitle)}*", ""]
    out += [escape(document.status), ""]
    rows = d.cover_rows()
    if rows:
        out += [*_table((_("Deliverable information"), ""), rows), ""]
    if d.history:
        out += [f"**{escape(_('Document history'))}**", ""]
        out += [*_table((_("Version"), _("Date"), _("Author"), _("Change")), d.history_rows()), ""]
    if d.disclaimer:
        out += [f"**{escape(_('Disclaimer'))}**", "", escape(d.disclaimer), ""]
    if d.funding_statement:
        out += [escape(d.funding_statement), ""]
    return out


def render_markdown(document: ReportDocument) -> str:
    numbered = outline(document.sections)
    out = _front_matter(document)
    if numbered.chapters:
        out += [f"**{escape(_('Contents'))}**", ""]
        out += [("  " if e.level == 2 else "") + "- " + escape(e.label) for e in numbered.contents]
        out += [""]
    for chapter in numbered.chapters:
        out += [f"## {escape(chapter.entry.label)}", ""]
        for item in chapter.items:
            out += [*_item(item), ""]
    return "\n".join(out).rstrip() + "\n"
