"""Activity dates as partnerships report them: exact days (possibly several,
not contiguous), a month, a season, or nothing yet. Pure functions, no database."""

from __future__ import annotations

import re
from datetime import date, timedelta

from confsite_plugins.monitoring.models import DatePrecision

from .i18n import _

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Meteorological seasons, named by the month they start in.
SEASON_STARTS = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}


class DateInputError(ValueError):
    """A date list that cannot be read or does not fit the chosen precision."""


def parse_day_list(text: str) -> list[date]:
    """Read ``2019-05-07, 2019-05-24`` (commas, semicolons or spaces between) and
    ``2019-10`` (a month, read as its first day). Sorted, without repeats."""
    days: set[date] = set()
    for token in (t for t in re.split(r"[\s,;]+", text.strip()) if t):
        try:
            if re.fullmatch(r"\d{4}-\d{2}", token):
                days.add(date.fromisoformat(token + "-01"))
            elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", token):
                days.add(date.fromisoformat(token))
            else:
                raise ValueError
        except ValueError:
            raise DateInputError(
                f"“{token}” is not a date: write days as YYYY-MM-DD (or a month as YYYY-MM)."
            ) from None
    return sorted(days)


def normalise_days(precision: DatePrecision, days: list[date], *, has_event: bool) -> list[date]:
    """Check that ``days`` suit ``precision`` and return what to store.

    An event's activity may leave days empty at day precision: the event's own
    dates are used. Month and season keep only their first day.
    """
    if precision == DatePrecision.TBD:
        if days:
            raise DateInputError(_("Leave the dates empty when the date is to be decided."))
        return []
    if precision == DatePrecision.DAY:
        if not days and not has_event:
            raise DateInputError(_("Give at least one day, or choose “To be decided”."))
        return days
    if len(days) != 1:
        unit = "month" if precision == DatePrecision.MONTH else "season"
        raise DateInputError(_("Give exactly one date in the %(unit)s (e.g. 2019-10).", unit=unit))
    day = days[0]
    if precision == DatePrecision.MONTH:
        return [day.replace(day=1)]
    return [season_start(day)]


def season_start(day: date) -> date:
    """First day of the meteorological season holding ``day``."""
    month = day.month - (day.month % 3)
    if month == 0:  # January, February: the winter that began in December
        return date(day.year - 1, 12, 1)
    return date(day.year, month, 1)


UNDECIDED = {"tbd", "tbc", "to be decided", "to be confirmed", "?"}
TO_BE_DECIDED = "To be decided"


def one_way(text: str) -> str:
    """Undecided dates and places read the same in every row and every format: "To be
    decided", never "TBD" in one row and the words in another."""
    return TO_BE_DECIDED if text.strip().lower().rstrip(".") in UNDECIDED else text


def describe(precision: DatePrecision, days: list[date]) -> str:
    """A reader's wording of the date, when the report has none written down."""
    if precision == DatePrecision.TBD or not days:
        return TO_BE_DECIDED
    first = days[0]
    if precision == DatePrecision.MONTH:
        return f"{MONTHS[first.month - 1]} {first.year}"
    if precision == DatePrecision.SEASON:
        start = season_start(first)
        name = SEASON_STARTS[start.month]
        if start.month == 12:
            return f"{name} {start.year}–{start.year + 1}"
        return f"{name} {start.year}"
    return describe_days(days)


def _runs(days: list[date]) -> list[tuple[date, date]]:
    runs: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def describe_days(days: list[date]) -> str:
    """'7, 24, 27 and 29 May 2019', '13–14 June 2019', '3 April and 17 May 2019'.

    Consecutive days become ranges; a month and year are named once for the days
    that share them.
    """
    runs = _runs(days)
    pieces = []
    for index, (start, end) in enumerate(runs):
        following = runs[index + 1][0] if index + 1 < len(runs) else None
        if start == end:
            text = str(start.day)
        elif (start.year, start.month) == (end.year, end.month):
            text = f"{start.day}–{end.day}"
        else:
            head = f"{start.day} {MONTHS[start.month - 1]}"
            if start.year != end.year:
                head += f" {start.year}"
            text = f"{head} – {end.day}"
        if following is None or (following.year, following.month) != (end.year, end.month):
            text += f" {MONTHS[end.month - 1]}"
        if following is None or following.year != end.year:
            text += f" {end.year}"
        pieces.append(text)
    if len(pieces) == 1:
        return pieces[0]
    return ", ".join(pieces[:-1]) + " and " + pieces[-1]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clipped to the last day of the target month."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def half_year(today: date) -> tuple[date, date]:
    """The half-year (January–June or July–December) holding ``today``."""
    if today.month <= 6:
        return date(today.year, 1, 1), date(today.year, 6, 30)
    return date(today.year, 7, 1), date(today.year, 12, 31)
