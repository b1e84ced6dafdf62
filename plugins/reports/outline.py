"""Numbering a report: chapters (1, 2, …), their headings (1.1, 1.1.1), figures and
tables (Figure 3, Table 2), and the contents entries, computed once so that HTML, PDF,
DOCX and Markdown number everything the same way."""

from __future__ import annotations

from dataclasses import dataclass

from confsite.api import Block, BulletList, Figure, Figures, Heading, Paragraph, ReportSection, Table, _

from .figures import nutshell_svg


@dataclass(frozen=True)
class Entry:
    """A contents entry: ``level`` 1 for a chapter, 2 and 3 for its headings."""

    number: str
    title: str
    anchor: str
    level: int

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Item:
    """A block ready to render: its kind, the block, and what numbering gave it."""

    kind: str  # heading, paragraph, list, table, figure, nutshell
    block: Block
    entry: Entry | None = None  # headings
    caption: str = ""  # numbered caption of tables and figures
    svg: str = ""  # figures and nutshell cards


@dataclass(frozen=True)
class Chapter:
    entry: Entry
    items: tuple[Item, ...]
    key: str


@dataclass(frozen=True)
class Outline:
    chapters: tuple[Chapter, ...]
    contents: tuple[Entry, ...]


def _captioned(
    block: Table | Figure | Figures, chapter: str, figure_no: int, table_no: int
) -> tuple[int, int, Item]:
    """A table or figure with its numbered caption, and the counters after it."""
    if isinstance(block, Table):
        if not block.caption:
            return figure_no, table_no, Item("table", block)
        table_no += 1
        caption = _("Table %(n)s: %(caption)s", n=table_no, caption=block.caption)
        return figure_no, table_no, Item("table", block, caption=caption)
    figure_no += 1
    if isinstance(block, Figure):
        caption = _("Figure %(n)s: %(caption)s", n=figure_no, caption=block.caption)
        return figure_no, table_no, Item("figure", block, caption=caption, svg=block.svg)
    title = _("In a nutshell: %(title)s", title=chapter)
    caption = _("Figure %(n)s: %(caption)s", n=figure_no, caption=title)
    svg = nutshell_svg(block.items, _("In a nutshell"))
    return figure_no, table_no, Item("nutshell", block, caption=caption, svg=svg)


def outline(sections: tuple[ReportSection, ...] | list[ReportSection]) -> Outline:
    chapters: list[Chapter] = []
    contents: list[Entry] = []
    figure_no = table_no = 0
    for chapter_no, section in enumerate(sections, start=1):
        chapter_entry = Entry(str(chapter_no), section.title, f"ch-{chapter_no}", 1)
        contents.append(chapter_entry)
        counters = [0, 0]
        items: list[Item] = []
        for block in section.blocks:
            if isinstance(block, Heading):
                if block.level <= 4:
                    depth = 0 if block.level <= 3 else 1
                    counters[depth] += 1
                    if depth == 0:
                        counters[1] = 0
                    number = ".".join(str(n) for n in [chapter_no, *counters[: depth + 1]])
                    entry = Entry(number, block.text, "h-" + number.replace(".", "-"), depth + 2)
                    contents.append(entry)
                    items.append(Item("heading", block, entry=entry))
                else:
                    items.append(Item("heading", block, entry=Entry("", block.text, "", 4)))
            elif isinstance(block, Paragraph):
                items.append(Item("paragraph", block))
            elif isinstance(block, BulletList):
                items.append(Item("list", block))
            elif isinstance(block, Table | Figure | Figures):
                figure_no, table_no, item = _captioned(block, section.title, figure_no, table_no)
                items.append(item)
            else:
                raise TypeError(f"unknown report block {type(block).__name__}")
        chapters.append(Chapter(chapter_entry, tuple(items), section.key))
    return Outline(tuple(chapters), tuple(e for e in contents if e.level <= 2))
