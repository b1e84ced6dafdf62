"""ISO 3166-1 countries: validation and names."""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=1)
def country_choices() -> list[tuple[str, str]]:
    """(alpha-2 code, name) pairs sorted by name, for select boxes."""
    return sorted(
        ((c.alpha_2, getattr(c, "common_name", c.name)) for c in pycountry.countries),
        key=lambda pair: pair[1],
    )


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str:
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    return getattr(country, "common_name", country.name) if country else code


def normalise_country(value: str | None) -> str | None:
    """An ISO alpha-2 code from a code or an English name; None if unknown.

    Accepts "ES", "es", "ESP", "Spain"; the United Kingdom's common "UK" maps to GB.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.upper() == "UK":
        return "GB"
    try:
        if len(text) == 2:
            found = pycountry.countries.get(alpha_2=text.upper())
        elif len(text) == 3:
            found = pycountry.countries.get(alpha_3=text.upper())
        else:
            found = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return found.alpha_2 if found else None
