"""Small server-side SVG charts: horizontal bars, grouped columns, a cumulative line.

No scripts and no external resources: each chart is a self-contained ``<svg>`` with a
title and description for assistive technology (pages show the data table next to
it too). Every label is XML-escaped here, so callers may pass any user text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil, log10
from xml.sax.saxutils import escape, quoteattr

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
INK = "#1f2328"
MUTED = "#57606a"
GRID = "#d0d7de"
PALETTE = ("#0b5cad", "#b35c00", "#1a7f37", "#8250df")


@dataclass(frozen=True)
class Series:
    """One coloured set of values (a legend entry)."""

    name: str
    values: tuple[int, ...]


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    magnitude = 10 ** int(log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = 12,
    anchor: str = "start",
    fill: str = INK,
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family={quoteattr(FONT)} font-size="{size}" '
        f'text-anchor="{anchor}" fill="{fill}" font-weight="{weight}">{escape(content)}</text>'
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open(width: int, height: int, title: str, description: str, chart_id: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
    )


def _empty(width: int, title: str, chart_id: str) -> str:
    return (
        _open(width, 60, title, "No data yet.", chart_id)
        + _text(width / 2, 35, "No data yet", anchor="middle", fill=MUTED)
        + "</svg>"
    )


def bar_chart(items: Sequence[tuple[str, int]], *, title: str, chart_id: str, width: int = 640) -> str:
    """Horizontal bars, one per (label, value), in the given order."""
    if not items:
        return _empty(width, title, chart_id)
    row, top, label_w = 26, 10, 190
    height = top + row * len(items) + 30
    plot_w = width - label_w - 60
    top_value = _nice_max(max(v for _l, v in items))
    description = "; ".join(f"{label}: {value}" for label, value in items)
    parts = [_open(width, height, title, description, chart_id)]
    for i in range(5):
        x = label_w + plot_w * i / 4
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 24}" stroke="{GRID}"/>')
        parts.append(_text(x, height - 8, f"{top_value * i / 4:g}", size=11, anchor="middle", fill=MUTED))
    for index, (label, value) in enumerate(items):
        y = top + index * row
        bar = plot_w * value / top_value
        parts.append(_text(label_w - 8, y + 17, _shorten(label, 28), anchor="end"))
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{bar:.1f}" height="{row - 8}" fill="{PALETTE[0]}"/>'
        )
        parts.append(_text(label_w + bar + 6, y + 17, str(value), size=11))
    parts.append("</svg>")
    return "".join(parts)


def column_chart(
    labels: Sequence[str], series: Sequence[Series], *, title: str, chart_id: str, width: int = 640
) -> str:
    """Vertical columns per label, one colour per series side by side (kept apart,
    never stacked, so numbers from different sources are not added up)."""
    if not labels or not series:
        return _empty(width, title, chart_id)
    height, left, top, bottom = 300, 50, 40, 60
    plot_w, plot_h = width - left - 20, height - top - bottom
    top_value = _nice_max(max((max(s.values) for s in series if s.values), default=0))
    group_w = plot_w / len(labels)
    bar_w = min(40.0, max(0.5, group_w * 0.8 / len(series)))
    if len(labels) <= 31:
        description = "; ".join(
            f"{label}: " + ", ".join(f"{s.name} {s.values[i]}" for s in series)
            for i, label in enumerate(labels)
        )
    else:  # the data table next to the chart lists every value
        description = f"{len(labels)} values from {labels[0]} to {labels[-1]}; " + ", ".join(
            f"{s.name} peak {max(s.values)}" for s in series
        )
    parts = [_open(width, height, title, description, chart_id)]
    x = left
    for i, s in enumerate(series):  # legend, entries side by side
        name = _shorten(s.name, 40)
        parts.append(f'<rect x="{x}" y="10" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>')
        parts.append(_text(x + 18, 21, name, size=11))
        x += 18 + 7 * len(name) + 24
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 6, y + 4, f"{top_value * i / 4:g}", size=11, anchor="end", fill=MUTED))
    every = max(1, ceil(len(labels) / 12))  # at most ~12 axis labels
    for index, label in enumerate(labels):
        x0 = left + index * group_w + (group_w - bar_w * len(series)) / 2
        for k, s in enumerate(series):
            value = s.values[index]
            h = plot_h * value / top_value
            x = x0 + k * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w * 0.85:.2f}" '
                f'height="{h:.1f}" fill="{PALETTE[k % len(PALETTE)]}"/>'
            )
            if len(labels) <= 8 and value:
                parts.append(_text(x + bar_w / 2, top + plot_h - h - 4, str(value), size=10, anchor="middle"))
        if index % every == 0:
            parts.append(
                _text(
                    left + (index + 0.5) * group_w,
                    top + plot_h + 18,
                    _shorten(label, 14),
                    size=11,
                    anchor="middle",
                )
            )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(points: Sequence[tuple[str, int]], *, title: str, chart_id: str, width: int = 640) -> str:
    """A rising line through (label, value) points, e.g. a cumulative count per day."""
    if not points:
        return _empty(width, title, chart_id)
    height, left, top, bottom = 280, 50, 20, 50
    plot_w, plot_h = width - left - 30, height - top - bottom
    top_value = _nice_max(max(v for _l, v in points))
    step = plot_w / max(1, len(points) - 1)
    coords = [
        (left + i * step if len(points) > 1 else left + plot_w / 2, top + plot_h - plot_h * v / top_value)
        for i, (_l, v) in enumerate(points)
    ]
    description = f"From {points[0][1]} on {points[0][0]} to {points[-1][1]} on {points[-1][0]}."
    parts = [_open(width, height, title, description, chart_id)]
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 30}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 6, y + 4, f"{top_value * i / 4:g}", size=11, anchor="end", fill=MUTED))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts.append(f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2.5"/>')
    for x, y in coords if len(coords) <= 40 else (coords[-1],):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PALETTE[0]}"/>')
    every = max(1, ceil(len(points) / 8))
    for index, (label, _v) in enumerate(points):
        if index % every == 0 or index == len(points) - 1:
            parts.append(_text(coords[index][0], top + plot_h + 18, label, size=11, anchor="middle"))
    parts.append(
        _text(coords[-1][0], coords[-1][1] - 8, str(points[-1][1]), size=12, anchor="end", weight="bold")
    )
    parts.append("</svg>")
    return "".join(parts)


def figures_card(title: str, subtitle: str, items: Sequence[tuple[str, str]], footnote: str = "") -> str:
    """The "in a nutshell" card: big numbers with their labels, sized for a slide
    (1200 × 675, 16:9). ``items`` are (value, label) pairs; up to eight fit."""
    width, height = 1200, 675
    shown = list(items)[:8]
    per_row = {5: 3, 6: 3}.get(len(shown), min(4, max(1, len(shown))))
    rows = [shown[i : i + per_row] for i in range(0, len(shown), per_row)]
    cell_w = (width - 120) / per_row
    label_chars = int(cell_w // 13)
    title_lines = _wrap(title, 52)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="nutshell-title">',
        f'<title id="nutshell-title">{escape(title)} in a nutshell</title>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<rect width="{width}" height="14" fill="{PALETTE[0]}"/>',
        _text(60, 80, "In a nutshell", size=24, fill=MUTED),
    ]
    y = 128
    for line in title_lines:
        parts.append(_text(60, y, line, size=34, weight="bold"))
        y += 42
    parts.append(_text(60, y, _shorten(subtitle, 90), size=22, fill=MUTED))
    block_top = y + 30 if len(rows) > 1 else y + 90
    for r, row in enumerate(rows):
        for c, (value, label) in enumerate(row):
            x = 60 + c * cell_w
            top = block_top + r * 180
            parts.append(_text(x, top + 70, value, size=68, weight="bold", fill=PALETTE[0]))
            for line_no, line in enumerate(_wrap(label, label_chars)):
                parts.append(_text(x, top + 106 + line_no * 27, line, size=21))
    if footnote:
        parts.append(_text(60, height - 30, _shorten(footnote, 110), size=18, fill=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def _wrap(text: str, width: int) -> list[str]:
    """Up to two lines of at most ``width`` characters (the second one shortened)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    if len(lines) > 2:
        lines[1] = _shorten(" ".join(lines[1:]), width)
    return lines
