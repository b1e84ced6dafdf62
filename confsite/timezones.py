"""Which time zone names are accepted: IANA names only (models and services share it)."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from confsite.i18n import _

# Scanning the zone database costs tens of milliseconds: do it once per process.
_known_zones = lru_cache(maxsize=1)(available_timezones)


def timezone_problem(name: str | None) -> str | None:
    """A plain-language problem with the zone ``name``, or None when it is fine."""
    if not name:
        return _("A time zone is required (an IANA name such as Europe/Madrid).")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return _unknown_zone(name)
    if name not in _known_zones() and name != "UTC":
        return _unknown_zone(name)
    return None


def _unknown_zone(name: str) -> str:
    return _("Unknown time zone %(name)s: use an IANA name such as Europe/Madrid.", name=repr(name))
