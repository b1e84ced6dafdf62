"""Light formatting of statements: bold, italics and links, nothing else.

Input is sanitised with nh3 when saved and again when shown, so a row written by
an older version (or by hand) can never inject markup. Exports and reports get
plain text or Markdown derived from the sanitised HTML, never the raw input.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"b", "strong", "i", "em", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_SPACES = re.compile(r"\s+")
_BOLD = {"b", "strong"}
_ITALIC = {"i", "em"}


def sanitise(raw: str) -> str:
    """Safe HTML: allowed tags only, links to http(s)/mailto only, with rel=noopener;
    script and style contents dropped; whitespace collapsed to single spaces."""
    cleaned = nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel="noopener",
    )
    return _SPACES.sub(" ", cleaned).strip()


def sanitise_paragraphs(raw: str) -> str:
    """Like :func:`sanitise`, keeping blank-line paragraph breaks (main outcomes)."""
    paragraphs = [sanitise(p) for p in re.split(r"\n\s*\n", (raw or "").replace("\r\n", "\n"))]
    return "\n\n".join(p for p in paragraphs if p)


class _Walker(HTMLParser):
    """Turns sanitised HTML into plain text or Markdown."""

    def __init__(self, markdown: bool, hrefs: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.markdown = markdown
        self.hrefs = hrefs
        self.out: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            self.links.append(href)
            if self.markdown and href:
                self.out.append("[")
        elif self.markdown and tag in _BOLD:
            self.out.append("**")
        elif self.markdown and tag in _ITALIC:
            self.out.append("*")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            href = self.links.pop() if self.links else None
            if href and self.markdown:
                self.out.append(f"]({_markdown_url(href)})")
            elif href and self.hrefs:
                self.out.append(f" ({href})")
        elif self.markdown and tag in _BOLD:
            self.out.append("**")
        elif self.markdown and tag in _ITALIC:
            self.out.append("*")

    def handle_data(self, data: str) -> None:
        self.out.append(escape_markdown(data) if self.markdown else data)


def _walk(html: str, markdown: bool, hrefs: bool = True) -> str:
    walker = _Walker(markdown, hrefs)
    walker.feed(sanitise(html))
    walker.close()
    return _SPACES.sub(" ", "".join(walker.out)).strip()


def plain_text(html: str) -> str:
    """The visible text of a statement (links followed by their address)."""
    return _walk(html, markdown=False)


def visible_text(raw: str) -> str:
    """What a reader sees, without link addresses: used to measure length."""
    return _walk(raw, markdown=False, hrefs=False)


def to_markdown(html: str) -> str:
    """Markdown of a statement; any character Markdown or HTML would interpret in
    the text is backslash-escaped, so a Markdown renderer shows it literally."""
    return _walk(html, markdown=True)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([#+=.)-])")


def escape_markdown(text: str) -> str:
    """Backslash-escape what could start emphasis, code, links, raw HTML or tables
    anywhere, and what could start a heading or list at the beginning."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _markdown_url(href: str) -> str:
    return (
        href.replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )
