"""Date wording and parsing of the monitoring plugin (pure functions)."""

from __future__ import annotations

from datetime import date

import pytest
from confsite_plugins.monitoring.dates import (
    DateInputError,
    add_months,
    describe,
    describe_days,
    half_year,
    normalise_days,
    parse_day_list,
)
from confsite_plugins.monitoring.models import DatePrecision as P


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    "days, text",
    [
        (["2018-05-30"], "30 May 2018"),
        (["2019-06-13", "2019-06-14"], "13–14 June 2019"),
        (["2019-05-07", "2019-05-24", "2019-05-27", "2019-05-29"], "7, 24, 27 and 29 May 2019"),
        (["2019-04-03", "2019-05-17"], "3 April and 17 May 2019"),
        (["2019-04-30", "2019-05-01", "2019-05-02"], "30 April – 2 May 2019"),
        (["2018-12-31", "2019-01-01"], "31 December 2018 – 1 January 2019"),
        (["2018-12-10", "2019-01-15"], "10 December 2018 and 15 January 2019"),
    ],
)
def test_describe_days(days, text):
    assert describe_days([d(x) for x in days]) == text


@pytest.mark.parametrize(
    "precision, days, text",
    [
        (P.MONTH, ["2018-10-01"], "October 2018"),
        (P.SEASON, ["2018-09-01"], "Autumn 2018"),
        (P.SEASON, ["2019-01-20"], "Winter 2018–2019"),
        (P.SEASON, ["2019-04-01"], "Spring 2019"),
        (P.TBD, [], "To be decided"),
    ],
)
def test_describe_vague_dates(precision, days, text):
    assert describe(precision, [d(x) for x in days]) == text


def test_parse_day_list_accepts_days_and_months_in_any_separators():
    assert parse_day_list("2019-05-29, 2019-05-07;2019-05-24 2019-05-07") == [
        d("2019-05-07"),
        d("2019-05-24"),
        d("2019-05-29"),
    ]
    assert parse_day_list("2019-10") == [d("2019-10-01")]
    assert parse_day_list("  ") == []


@pytest.mark.parametrize("text", ["2019-02-30", "30/05/2018", "next week", "2019-13"])
def test_parse_day_list_names_the_bad_token(text):
    with pytest.raises(DateInputError, match="is not a date"):
        parse_day_list(text)


def test_normalise_days_per_precision():
    assert normalise_days(P.MONTH, [d("2019-09-17")], has_event=False) == [d("2019-09-01")]
    assert normalise_days(P.SEASON, [d("2019-10-17")], has_event=False) == [d("2019-09-01")]
    assert normalise_days(P.DAY, [], has_event=True) == []
    with pytest.raises(DateInputError, match="at least one day"):
        normalise_days(P.DAY, [], has_event=False)
    with pytest.raises(DateInputError, match="exactly one date"):
        normalise_days(P.MONTH, [d("2019-09-01"), d("2019-10-01")], has_event=False)
    with pytest.raises(DateInputError, match="empty"):
        normalise_days(P.TBD, [d("2019-09-01")], has_event=False)


def test_half_year_and_add_months():
    assert half_year(d("2026-11-23")) == (d("2026-07-01"), d("2026-12-31"))
    assert half_year(d("2019-06-30")) == (d("2019-01-01"), d("2019-06-30"))
    assert add_months(d("2019-06-30"), 6) == d("2019-12-30")
    assert add_months(d("2018-08-31"), 6) == d("2019-02-28")
    assert add_months(d("2019-12-31"), 6) == d("2020-06-30")
