"""Markdown in organisers' texts: event and session descriptions, speaker biographies,
messages to registrants.

Organisers write Markdown (headings, lists, links, emphasis); plain text is valid
Markdown, so older texts show as before. Pages get HTML rendered by markdown-it
(CommonMark, raw HTML *not* passed through) and then sanitised by nh3 with a short list
of tags, so a ``<script>``, an ``<iframe>`` or a ``javascript:`` link renders inert
whatever was typed. Headings are moved down two levels (``#`` becomes ``<h3>``): the
page's own ``<h1>``/``<h2>`` outline stays intact. Calendar files, CSV and other plain
exports get :func:`to_text`: the same text without the Markdown syntax.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
HEADING_SHIFT = 2  # "#" -> h3, "##" -> h4, ... (never past h6)

# "breaks": a single line break stays one, as organisers who never heard of Markdown expect.
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable("image")


def _shift_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, 6)}"


_markdown.core.ruler.push("shift_headings", _shift_headings)


def to_html(text: str | None) -> Markup:
    """Safe HTML of an organiser's Markdown, for pages and HTML e-mails."""
    if not text:
        return Markup("")
    rendered = _markdown.render(text)
    return Markup(
        nh3.clean(
            rendered,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener nofollow",
        )
    )


class _PlainText(HTMLParser):
    """Sanitised HTML back to readable text: paragraphs, "- " list items, links as
    "text (address)"."""

    BLOCKS = {"p", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":  # (a <br> is followed by the line break itself)
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.href:
            self.parts.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        if data.strip() or "\n" not in data:  # skip the newlines between block tags
            self.parts.append(data)


def to_text(text: str | None) -> str:
    """The text without Markdown syntax, for .ics, CSV and other plain formats."""
    if not text:
        return ""
    walker = _PlainText()
    walker.feed(str(to_html(text)))
    walker.close()
    plain = unescape("".join(walker.parts))
    plain = re.sub(r"[ \t]+\n", "\n", plain)
    return re.sub(r"\n{3,}", "\n\n", plain).strip()
