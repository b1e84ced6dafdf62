"""Checks on programme data that forms, imports and the CLI share.

Each returns a list of plain-language problems (empty = fine), so callers can show
them all at once and write nothing.
"""

from __future__ import annotations

from datetime import datetime

from confsite.i18n import _
from confsite.timezones import timezone_problem


def period_problem(start: datetime | None, end: datetime | None) -> str | None:
    if start is None or end is None:
        return _("The event needs a start and an end.")
    if end <= start:
        return _("The event must end after it starts.")
    return None


def capacity_problem(capacity: int | None) -> str | None:
    if capacity is not None and capacity < 0:
        return _("Capacity cannot be negative (leave it empty for no limit).")
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
        problems.append(_("Registration must close after it opens."))
    return [p for p in problems if p]
