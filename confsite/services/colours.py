"""Colour contrast (WCAG 2) for accent colours: see services/branding.py for why the
accent is checked against white text."""

from __future__ import annotations

import re

from confsite.i18n import _

AA_CONTRAST = 4.5
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def accent_problem(colour: str) -> str | None:
    """Why ``colour`` cannot be an accent colour, or None."""
    if not COLOUR_PATTERN.match(colour):
        return _("Give the colour as # and six hexadecimal digits, e.g. #1d4f91.")
    ratio = contrast_ratio(colour, WHITE)
    if ratio < AA_CONTRAST:
        return _(
            "White text on this colour has a contrast of only %(ratio)s:1; it needs at least 4.5:1 "
            "to be readable (WCAG AA). Choose a darker colour.",
            ratio=f"{ratio:.2f}",
        )
    return None
