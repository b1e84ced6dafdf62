"""Turning figures into what people read: nutshell items, charts with their data
tables, CSV rows. Shared by the dashboard, the card downloads, the CSV and reports."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from confsite_plugins.attendance import charts
from confsite_plugins.attendance.figures import AttendanceFigures, country_label

from confsite.api import Event


@dataclass(frozen=True)
class Chart:
    """A chart and the data table that says the same thing in words."""

    key: str
    caption: str
    svg: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _day(value: date) -> str:
    return f"{value:%-d %b %Y}"


def event_days(event: Event) -> list[date]:
    """The local calendar days an event runs on."""
    first, last = event.local(event.start_at).date(), event.local(event.end_at).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _manual_label(source: str, day: date, days: Sequence[date]) -> str:
    if day in days and len(days) > 1:
        return f"{source} views, day {days.index(day) + 1}"
    return f"{source} views, {day:%-d %b}"


def nutshell_items(figures: AttendanceFigures, events: Sequence[Event]) -> list[tuple[str, str]]:
    """The headline figures as (label, value) pairs, in the order reports quote them."""
    items: list[tuple[str, str]] = []
    if len(events) > 1:
        items.append(("Events", str(len(events))))
    items += [
        ("Countries", str(figures.countries)),
        ("Registered attendees", str(figures.confirmed)),
        ("Speakers", str(figures.speakers)),
    ]
    days = event_days(events[0]) if len(events) == 1 else []
    if len(events) == 1:
        for entry in figures.manual:
            items.append((_manual_label(entry.source, entry.day, days), str(entry.count)))
    else:
        for source in figures.manual_sources:
            total = sum(m.count for m in figures.manual if m.source == source)
            items.append((f"{source} views", str(total)))
    if figures.page_views:
        items.append(("Page views on this site", str(figures.page_views)))
    return items


def detail_rows(figures: AttendanceFigures) -> list[tuple[str, str]]:
    """Every single-number figure, for the dashboard's table and the CSV."""
    rate = figures.attendance_rate
    return [
        ("Confirmed registrations", str(figures.confirmed)),
        ("On the waiting list", str(figures.waitlisted)),
        ("Cancellations", str(figures.cancelled)),
        ("Checked in", str(figures.checked_in)),
        ("Attendance rate (checked in / confirmed)", "–" if rate is None else f"{rate:.0%}"),
        ("Countries represented", str(figures.countries)),
        ("Speakers", str(figures.speakers)),
        ("Sessions", str(figures.sessions)),
        ("Page views counted on this site", str(figures.page_views)),
        *(
            (f"{source} views (reported)", str(sum(m.count for m in figures.manual if m.source == source)))
            for source in figures.manual_sources
        ),
    ]


def charts_for(figures: AttendanceFigures, prefix: str = "att") -> list[Chart]:
    """The four charts of the dashboard and the report, each with its table."""
    cumulative = figures.cumulative_confirmed
    countries = [(country_label(code), n) for code, n in figures.by_country]
    sectors = [(sector.label, n) for sector, n in figures.by_sector]
    days = figures.view_days
    sources = figures.manual_sources
    view_series = [charts.Series("Page views (counted here)", tuple(figures.page_views_on(d) for d in days))]
    view_series += [
        charts.Series(f"{source} (reported)", tuple(figures.manual_on(d, source) for d in days))
        for source in sources
    ]
    return [
        Chart(
            "registrations",
            "Confirmed registrations over time (cumulative)",
            charts.line_chart(
                [(f"{d:%-d %b}", n) for d, n in cumulative],
                title="Confirmed registrations over time (cumulative)",
                chart_id=f"{prefix}-registrations",
            ),
            ("Day", "New confirmed", "Total"),
            tuple(
                (_day(d), str(new), str(total))
                for (d, new), (_d, total) in zip(figures.confirmed_per_day, cumulative, strict=True)
            ),
        ),
        Chart(
            "countries",
            "Confirmed attendees by country",
            charts.bar_chart(
                countries, title="Confirmed attendees by country", chart_id=f"{prefix}-countries"
            ),
            ("Country", "Attendees"),
            tuple((label, str(n)) for label, n in countries),
        ),
        Chart(
            "sectors",
            "Confirmed attendees by sector",
            charts.bar_chart(sectors, title="Confirmed attendees by sector", chart_id=f"{prefix}-sectors"),
            ("Sector", "Attendees"),
            tuple((label, str(n)) for label, n in sectors),
        ),
        Chart(
            "views",
            "Views per day: counted page views and reported figures, kept apart",
            charts.column_chart(
                [f"{d:%-d %b}" for d in days], view_series, title="Views per day", chart_id=f"{prefix}-views"
            ),
            ("Day", *(s.name for s in view_series)),
            tuple((_day(d), *(str(s.values[i]) for s in view_series)) for i, d in enumerate(days)),
        ),
    ]


def card_svg(figures: AttendanceFigures, events: Sequence[Event], title: str, subtitle: str) -> str:
    items = [(value, label) for label, value in nutshell_items(figures, events)]
    footnote = ""
    if figures.manual:
        footnote = "Reported views come from " + ", ".join(figures.manual_sources) + "."
    return charts.figures_card(title, subtitle, items, footnote)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(figures: AttendanceFigures, events: Sequence[Event]) -> Iterator[tuple[str, ...]]:
    """Everything, in one long table: (section, item, day, source, value)."""
    yield ("section", "item", "day", "source", "value")
    for event in events:
        day = f"{event.local(event.start_at):%Y-%m-%d}"
        row = figures.per_event.get(event.id)
        yield ("event", event.title, day, "", event.slug)
        if row is not None and len(events) > 1:
            yield ("event_registered", event.title, day, "", str(row.confirmed))
            yield ("event_countries", event.title, day, "", str(row.countries))
            yield ("event_speakers", event.title, day, "", str(row.speakers))
            yield ("event_page_views", event.title, day, "counted on this site", str(row.page_views))
            yield ("event_reported_views", event.title, day, "reported", str(row.manual_views))
    for label, value in nutshell_items(figures, events):
        yield ("nutshell", label, "", "", value)
    for label, value in detail_rows(figures):
        yield ("figure", label, "", "", value)
    for code, n in figures.by_country:
        yield ("country", country_label(code), "", "", str(n))
    for sector, n in figures.by_sector:
        yield ("sector", sector.label, "", "", str(n))
    for (day, new), (_d, total) in zip(figures.confirmed_per_day, figures.cumulative_confirmed, strict=True):
        yield ("registrations_per_day", "new confirmed", day.isoformat(), "", str(new))
        yield ("registrations_cumulative", "total confirmed", day.isoformat(), "", str(total))
    for day, event_page, sessions in figures.page_views_per_day:
        yield ("page_views", "event page", day.isoformat(), "counted on this site", str(event_page))
        yield ("page_views", "session pages", day.isoformat(), "counted on this site", str(sessions))
    for label, n in figures.views_by_page:
        yield ("page_views_by_page", label, "", "counted on this site", str(n))
    for entry in figures.manual:
        yield ("reported_views", "views", entry.day.isoformat(), entry.source, str(entry.count))
