"""Find (and mark) the user-facing text of Jinja HTML templates.

One tokenizer serves two jobs: the test that fails when a template string is not marked
for translation (tests/test_translations.py) and ``confsite mark-templates``, which
wraps plain text runs in ``{{ _("...") }}`` so a new template is marked in one go.
A text run is text plus the ``{{ value }}`` expressions inside it, up to the next HTML tag
or ``{% statement %}``: it becomes one message with ``%(name)s`` placeholders, so the
translator sees the whole sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Jinja first (an expression may contain "<"), then HTML tags (which may contain Jinja).
TOKEN = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<!--.*?-->|<[^>]*>)", re.S)
# Attributes people read (screen readers included).
READABLE_ATTRIBUTE = re.compile(
    r'\b(aria-label|title|placeholder|alt)="((?:\{\{.*?\}\}|\{%.*?%\}|[^"{])*)"', re.S
)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
LETTER = re.compile(r"[^\W\d_]")
# Not prose: scripts, styles and code samples shown as written.
RAW_ELEMENTS = ("script", "style", "pre", "code")


@dataclass(frozen=True)
class UnmarkedText:
    """A piece of text a reader sees that is not passed through ``_()``."""

    line: int
    text: str


# Attribute text written by a macro (``{% macro aria() %} aria-invalid="true"{% endmacro %}``),
# possibly cut by an expression: markup, not words.
ATTRIBUTE_TEXT = re.compile(r'[\w-]+="[^"]*"?|^[\w-]*"')


def _has_letters(text: str) -> bool:
    # Entities such as &nbsp; or &rarr; are not words.
    return bool(LETTER.search(ATTRIBUTE_TEXT.sub("", re.sub(r"&#?\w+;", "", text))))


def _tokens(source: str) -> list[str]:
    return [part for part in TOKEN.split(source) if part]


def _raw_ranges(tokens: list[str]) -> set[int]:
    """Indexes of tokens inside <script>/<style> (not read as text)."""
    inside, raw = None, set()
    for index, token in enumerate(tokens):
        lowered = token.lower()
        if inside is None:
            for name in RAW_ELEMENTS:
                if lowered.startswith(f"<{name}"):
                    inside = name
        elif lowered.startswith(f"</{inside}"):
            inside = None
        elif inside:
            raw.add(index)
    return raw


def unmarked_strings(source: str) -> list[UnmarkedText]:
    """Text and readable attributes of a template that a reader would see untranslated."""
    found: list[UnmarkedText] = []
    tokens = _tokens(source)
    raw = _raw_ranges(tokens)
    offset = 0
    for index, token in enumerate(tokens):
        line = source.count("\n", 0, offset) + 1
        offset += len(token)
        if index in raw or token.startswith(("{{", "{%", "{#", "<!--")):
            continue
        if token.startswith("<"):
            for match in READABLE_ATTRIBUTE.finditer(token):
                if _has_letters(JINJA.sub("", match.group(2))):
                    found.append(UnmarkedText(line, match.group(2)))
            continue
        if _has_letters(token):
            found.append(UnmarkedText(line, " ".join(token.split())))
    return found


def _placeholder(expression: str, taken: dict[str, str]) -> str:
    """A readable %(name)s for an expression: the last attribute before any filter."""
    if expression in taken:
        return taken[expression]
    base = expression.split("|")[0].strip()
    match = re.search(r"([A-Za-z_]\w*)\s*(?:\(.*\))?\s*$", base)
    name = match.group(1) if match else "value"
    candidate, number = name, 2
    while candidate in taken.values():
        candidate, number = f"{name}{number}", number + 1
    taken[expression] = candidate
    return candidate


def _python_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _mark_run(run: list[str]) -> str:
    """One text run as ``{{ _("...", name=expression) }}``, whitespace kept outside."""
    joined = "".join(run)
    leading = joined[: len(joined) - len(joined.lstrip())]
    trailing = joined[len(joined.rstrip()) :]
    taken: dict[str, str] = {}
    parts = []
    for token in run:
        if token.startswith("{{"):
            expression = token[2:-2].strip()
            parts.append(f"%({_placeholder(expression, taken)})s")
        else:
            parts.append(token.replace("%", "%%"))
    message = " ".join("".join(parts).split())
    arguments = "".join(f", {name}={expression}" for expression, name in taken.items())
    return f"{leading}{{{{ _({_python_string(message)}{arguments}) }}}}{trailing}"


def _mark_attributes(tag: str) -> str:
    def wrap(match: re.Match[str]) -> str:
        if "{" in match.group(2) or not _has_letters(match.group(2)):
            return match.group(0)
        return f'{match.group(1)}="{{{{ _({_python_string(match.group(2))}) }}}}"'

    return READABLE_ATTRIBUTE.sub(wrap, tag)


def mark_template(source: str) -> str:
    """The template with every unmarked text run and readable attribute wrapped in ``_()``."""
    tokens = _tokens(source)
    raw = _raw_ranges(tokens)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        texts = [t for t in run if not t.startswith("{{")]
        if any(_has_letters(t) for t in texts):
            out.append(_mark_run(run))
        else:
            out.extend(run)
        run.clear()

    for index, token in enumerate(tokens):
        is_expression = token.startswith("{{") and not token[2:].lstrip().startswith(("_(", "ngettext("))
        if index not in raw and (is_expression or not token.startswith(("{", "<"))):
            run.append(token)
            continue
        flush()
        out.append(_mark_attributes(token) if token.startswith("<") and index not in raw else token)
    flush()
    return "".join(out)
