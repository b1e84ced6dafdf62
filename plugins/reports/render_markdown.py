"""Markdown export. Every piece of text is escaped so that nothing a user typed can
turn into markup: no headings, links, images, lists or raw HTML of their making."""

from __future__ import annotations

import re

from confsite.api import BulletList, Figure, Figures, Heading, Paragraph, Table

from .document import ReportDocument

_INLINE = re.compile(r"([\\`*_\[\]|~#])")
_BULLET_START = re.compile(r"^([-+=>])")
_NUMBER_START = re.compile(r"^(\d+)([.)])")


def escape(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text, on one line."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _INLINE.sub(r"\\\1", flat)
    flat = _BULLET_START.sub(r"\\\1", flat)  # "- x" would start a list
    return _NUMBER_START.sub(r"\1\\\2", flat)  # "1. x" would start a numbered list


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    lines = [
        "| " + " | ".join(escape(h) for h in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return lines


def _block(block) -> list[str]:  # type: ignore[no-untyped-def]
    if isinstance(block, Heading):
        return ["#" * min(max(block.level, 2), 6) + " " + escape(block.text)]
    if isinstance(block, Paragraph):
        text = escape(block.text)
        return [f"*{text}*" if block.emphasis and text else text]
    if isinstance(block, BulletList):
        return [
            (f"{index}. " if block.ordered else "- ") + escape(item)
            for index, item in enumerate(block.items, start=1)
        ]
    if isinstance(block, Table):
        lines = [f"*{escape(block.caption)}*", ""] if block.caption else []
        return lines + _table(block.headers, block.rows)
    if isinstance(block, Figure):
        lines = [f"*Figure: {escape(block.caption)}*"]
        if block.table is not None:
            lines += [""] + _table(block.table.headers, block.table.rows)
        return lines
    if isinstance(block, Figures):
        return [f"- **{escape(value)}** {escape(label)}" for label, value in block.items]
    raise TypeError(f"unknown report block {type(block).__name__}")


def render_markdown(document: ReportDocument) -> str:
    out = [f"# {escape(document.title)}", ""]
    if document.subtitle:
        out += [f"*{escape(document.subtitle)}*", ""]
    out += [escape(document.status), ""]
    for section in document.sections:
        out += [f"## {escape(section.title)}", ""]
        for block in section.blocks:
            out += _block(block) + [""]
    return "\n".join(out).rstrip() + "\n"
