"""The size sweep of ``make bench`` as a table and an SVG chart: how each page's
throughput and p95 change with the event's number of sessions (60, 600, 6,000).

Rows are the sweep's results (``size`` set, target ``"<page> [<size>]"``). The chart is
plain SVG written here (two panels, logarithmic axes), so the bench needs no plotting
library; docs/performance.md embeds the copy of a run.
"""

from __future__ import annotations

import math
from typing import Any

COLOURS = ("#1b6ca8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b8860b", "#2c3e50")
WIDTH, HEIGHT, PANEL, MARGIN = 960, 420, 360, 60


def page_of(row: dict[str, Any]) -> str:
    return row["target"].rsplit(" [", 1)[0]


def by_page(rows: list[dict[str, Any]]) -> dict[str, dict[int, dict[str, Any]]]:
    """``{page: {size: row}}``, pages in the order they were measured."""
    found: dict[str, dict[int, dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(page_of(row), {})[int(row["size"])] = row
    return found


def table(rows: list[dict[str, Any]]) -> str:
    """Markdown: requests/s and p95 per page and size, and how the cost of one request
    grew from the smallest to the largest size."""
    pages = by_page(rows)
    sizes = sorted({int(r["size"]) for r in rows})
    head = (
        ["page"]
        + [f"req/s at {n:,}" for n in sizes]
        + [f"p95 ms at {n:,}" for n in sizes]
        + [f"cost × {sizes[0]:,}→{sizes[-1]:,}"]
    )
    lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1)]
    for page, at in pages.items():
        rps = [at[n]["requests_per_s"] if n in at else None for n in sizes]
        p95 = [at[n]["p95_ms"] if n in at else None for n in sizes]
        growth = f"{rps[0] / rps[-1]:.1f}" if rps[0] and rps[-1] else "–"
        cells = [f"{v:,.1f}" if v is not None else "–" for v in rps + p95]
        lines.append(f"| {page} | " + " | ".join(cells) + f" | {growth} |")
    peaks = {n: max(r["peak_rss_mb"] for r in rows if int(r["size"]) == n) for n in sizes}
    lines.append("")
    lines.append(
        "Peak RSS per worker: " + ", ".join(f"{peaks[n]:.0f} MB at {n:,} sessions" for n in sizes) + "."
    )
    return "\n".join(lines)


def _scale(values: list[float], low: float, high: float) -> tuple[float, float, Any]:
    """A logarithmic mapping of ``values`` onto ``low..high`` (pixels), with the
    decades that bound them."""
    bottom = 10 ** math.floor(math.log10(min(values)))
    top = 10 ** math.ceil(math.log10(max(values)))
    if top == bottom:
        top *= 10

    def at(value: float) -> float:
        share = (math.log10(value) - math.log10(bottom)) / (math.log10(top) - math.log10(bottom))
        return low + share * (high - low)

    return bottom, top, at


def chart(rows: list[dict[str, Any]]) -> str:
    """SVG: throughput (left) and p95 latency (right) per page against the event's size."""
    pages = by_page(rows)
    sizes = sorted({int(r["size"]) for r in rows})
    height = HEIGHT + 30 + 18 * math.ceil(len(pages) / 3)  # room for the legend
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'font-family="sans-serif" font-size="12" role="img">',
        "<title>Throughput and p95 latency per page against the number of sessions</title>",
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    panels = (
        ("requests per second", "requests_per_s", MARGIN),
        ("p95 latency, ms", "p95_ms", MARGIN + PANEL + 120),
    )
    for label, metric, left in panels:
        values = [float(r[metric]) for r in rows if float(r[metric]) > 0]
        bottom, top, y_at = _scale(values, HEIGHT - MARGIN, MARGIN)
        _, _, x_at = _scale([float(n) for n in sizes], left, left + PANEL)
        parts.append(f'<text x="{left}" y="{MARGIN - 20}" font-weight="bold">{label} (log)</text>')
        decade = bottom
        while decade <= top:
            y = y_at(decade)
            parts.append(f'<line x1="{left}" x2="{left + PANEL}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
            parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{decade:g}</text>')
            decade *= 10
        for n in sizes:
            x = x_at(float(n))
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - MARGIN + 18}" text-anchor="middle">{n:,}</text>')
        parts.append(
            f'<text x="{left + PANEL / 2}" y="{HEIGHT - MARGIN + 36}" text-anchor="middle">'
            "sessions in the event</text>"
        )
        for index, at in enumerate(pages.values()):
            colour = COLOURS[index % len(COLOURS)]
            points = " ".join(
                f"{x_at(float(n)):.1f},{y_at(float(at[n][metric])):.1f}"
                for n in sizes
                if n in at and float(at[n][metric]) > 0
            )
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    for index, page in enumerate(pages):
        colour = COLOURS[index % len(COLOURS)]
        x = MARGIN + (index % 3) * 300
        y = HEIGHT + 10 + 18 * (index // 3)
        parts.append(f'<rect x="{x}" y="{y - 9}" width="14" height="4" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="{y - 4}">{page}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
