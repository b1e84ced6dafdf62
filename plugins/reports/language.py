"""The language a report is written in, whoever builds or reads it.

A report is a deliverable of its event, not a page of the reader's: its headings,
labels, dates and numbers follow the event's ``report_language`` (for a series, the
first event the report covers), never the organiser's browser. Every place that
builds or renders a report wraps itself in :func:`in_report_language`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from confsite.api import in_language

from .targets import Target, scope_of

DEFAULT = "en"


def report_language(target: Target) -> str:
    """The event's report language; for a series, that of the first event covered
    (the organisers' chosen events, else the series' events in the period)."""
    if target.event is not None:
        return target.event.report_language or DEFAULT
    if target.obj is None:
        return DEFAULT
    events = scope_of(target).events
    return (events[0].report_language or DEFAULT) if events else DEFAULT


@contextmanager
def in_report_language(target: Target) -> Iterator[None]:
    """Build or render ``target``'s report in its report language."""
    with in_language(report_language(target)):
        yield
