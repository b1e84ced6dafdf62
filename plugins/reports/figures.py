"""Pictures in a report: the "in a nutshell" card drawn from a ``Figures`` block (the
headline figures any plugin contributes, e.g. attendance), and SVG charts turned into
PNG for the DOCX (Word has no reliable SVG support; CairoSVG renders them)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

CARD_COLUMNS = 3
BOX_WIDTH, BOX_HEIGHT, GAP = 190, 92, 14
TITLE_HEIGHT = 46
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def _lines(text: str, width: int) -> list[str]:
    """Break a label into lines of about ``width`` characters, never inside a word."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def nutshell_svg(items: tuple[tuple[str, str], ...], title: str) -> str:
    """A card of headline figures: a big value over a short label, three per row."""
    rows = (len(items) + CARD_COLUMNS - 1) // CARD_COLUMNS or 1
    width = CARD_COLUMNS * BOX_WIDTH + (CARD_COLUMNS + 1) * GAP
    height = TITLE_HEIGHT + rows * (BOX_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" rx="10" fill="#f2f6f9" stroke="#0b3d62"/>',
        f'<text x="{GAP}" y="30" font-family="DejaVu Sans, sans-serif" font-size="18" font-weight="bold" '
        f'fill="#0b3d62">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(items):
        x = GAP + (index % CARD_COLUMNS) * (BOX_WIDTH + GAP)
        y = TITLE_HEIGHT + (index // CARD_COLUMNS) * (BOX_HEIGHT + GAP)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" fill="#ffffff" '
            'stroke="#0b3d62" stroke-width="1.5"/>'
        )
        parts.append(
            f'<text x="{x + 12}" y="{y + 36}" font-family="DejaVu Sans, sans-serif" font-size="24" '
            f'font-weight="bold" fill="#0b3d62">{escape(value)}</text>'
        )
        for line_no, line in enumerate(_lines(label, 26)[:3]):
            parts.append(
                f'<text x="{x + 12}" y="{y + 58 + 13 * line_no}" font-family="DejaVu Sans, sans-serif" '
                f'font-size="11.5" fill="#222">{escape(line)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def svg_size(svg: str) -> tuple[float, float]:
    match = _VIEWBOX.search(svg)
    return (float(match.group(1)), float(match.group(2))) if match else (640.0, 360.0)


def svg_to_png(svg: str, width: int = 1400) -> bytes:
    """A sharp PNG of a chart for word processors (about 150 dpi at 16 cm wide)."""
    import cairosvg  # noqa: PLC0415  (cairo is heavy: only a DOCX export draws PNGs)

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width)
