"""Checks on programme data that forms, imports and the CLI share.

Each returns a list of plain-language problems (empty = fine), so callers can show
them all at once and write nothing.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Scanning the zone database costs tens of milliseconds: do it once per process.
_known_zones = lru_cache(maxsize=1)(available_timezones)


def timezone_problem(name: str | None) -> str | None:
    if not name:
        return "A time zone is required (an IANA name such as Europe/Madrid)."
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"Unknown time zone {name!r}: use an IANA name such as Europe/Madrid."
    if name not in _known_zones() and name != "UTC":
        return f"Unknown time zone {name!r}: use an IANA name such as Europe/Madrid."
    return None


def period_problem(start: datetime | None, end: datetime | None, what: str = "The event") -> str | None:
    if start is None or end is None:
        return f"{what} needs a start and an end."
    if end <= start:
        return f"{what} must end after it starts."
    return None


def capacity_problem(capacity: int | None) -> str | None:
    if capacity is not None and capacity < 0:
        return "Capacity cannot be negative (leave it empty for no limit)."
    return None


def event_problems(
    *,
    timezone: str | None,
    start: datetime | None,
    end: datetime | None,
    capacity: int | None = None,
    registration_opens: datetime | None = None,
    registration_closes: datetime | None = None,
) -> list[str]:
    problems = [
        timezone_problem(timezone),
        period_problem(start, end),
        capacity_problem(capacity),
    ]
    if registration_opens and registration_closes and registration_closes <= registration_opens:
        problems.append("Registration must close after it opens.")
    return [p for p in problems if p]
