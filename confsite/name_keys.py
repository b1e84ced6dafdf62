"""Comparable keys for people's and organisations' names, the same on every database.

SQLite's ``lower()`` knows only ASCII, and PostgreSQL's depends on the server's locale,
so names are compared through a key the application computes: Unicode-normalised,
accents removed, case-folded, spaces collapsed. "ÁNGEL alonso sánchez" and
"Ángel Alonso Sánchez" share a key; so do "Łukasz" and "lukasz", "Øystein" and "oystein".
"""

from __future__ import annotations

import unicodedata

# Letters that carry their accent in the glyph itself, so decomposition leaves them whole.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ŧ": "t",
        "ŀ": "l",
    }
)


def name_key(text: str | None) -> str:
    """The comparable form of a name: no accents, case-folded, single spaces."""
    folded = unicodedata.normalize("NFKD", (text or "").casefold())
    stripped = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(stripped.translate(_UNDECOMPOSED).split())
