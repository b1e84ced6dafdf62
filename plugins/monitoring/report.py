"""The six-monthly monitoring report of a partnership, built from its activities.

Past tables hold the activities of the reporting period up to the report's
cut-off (the period's end, or today while the period is still running); future
tables hold those after the cut-off until six months after the period's end,
plus every activity whose date is still to be decided. An activity is placed by
its first day (for a month or season: the first day of it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from confsite_plugins.monitoring.activities import ActivityView, series_activities
from confsite_plugins.monitoring.dates import add_months, describe_days, half_year
from confsite_plugins.monitoring.models import ActivityCategory, PartnershipProfile, SdgRating
from confsite_plugins.monitoring.profile import SDG_GOALS, profile_of

from confsite.api import (
    BulletList,
    Heading,
    Paragraph,
    ReportSection,
    Series,
    Table,
    utcnow,
)

FUTURE_MONTHS = 6
TABLE_HEADERS = ("Title", "Date", "Place")
PLURAL = {
    ActivityCategory.MEETING: "meetings",
    ActivityCategory.WORKSHOP: "workshops",
    ActivityCategory.DISSEMINATION: "dissemination activities",
}


class PeriodError(ValueError):
    """A reporting period that makes no sense."""


@dataclass(frozen=True)
class MonitoringReport:
    series: Series
    profile: PartnershipProfile | None
    start: date
    end: date
    cutoff: date  # last day counted as past
    future_end: date
    past: dict[ActivityCategory, list[ActivityView]]
    future: dict[ActivityCategory, list[ActivityView]]

    @property
    def period_label(self) -> str:
        return describe_days([self.start]) + " – " + describe_days([self.end])


def default_period(today: date | None = None) -> tuple[date, date]:
    return half_year(today or utcnow().date())


def neighbour_half_years(start: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The half-years before and after the one holding ``start`` (for quick navigation)."""
    current_start, current_end = half_year(start)
    return half_year(current_start - timedelta(days=1)), half_year(current_end + timedelta(days=1))


def build_report(series: Series, start: date, end: date, *, as_of: date | None = None) -> MonitoringReport:
    """The report of ``series`` for ``start``–``end`` as known on ``as_of`` (today)."""
    if end < start:
        raise PeriodError("The period ends before it starts.")
    today = as_of or utcnow().date()
    cutoff = min(end, today)
    # Six whole months after the period: a period ending 30 June looks ahead to 31 December.
    future_end = add_months(end + timedelta(days=1), FUTURE_MONTHS) - timedelta(days=1)
    past: dict[ActivityCategory, list[ActivityView]] = {c: [] for c in ActivityCategory}
    future: dict[ActivityCategory, list[ActivityView]] = {c: [] for c in ActivityCategory}
    for activity in series_activities(series):
        anchor = activity.anchor
        if anchor is None or cutoff < anchor <= future_end:
            future[activity.category].append(activity)
        elif start <= anchor <= cutoff:
            past[activity.category].append(activity)
    return MonitoringReport(
        series=series,
        profile=profile_of(series),
        start=start,
        end=end,
        cutoff=cutoff,
        future_end=future_end,
        past=past,
        future=future,
    )


# -- the report as confsite.reporting blocks ----------------------------------------


UNDECIDED = {"tbd", "tbc", "to be decided", "to be confirmed", "?"}


def one_way(text: str) -> str:
    """Undecided dates and places read the same in every row: "To be decided", never
    "TBD" in one row and the words in another."""
    return "To be decided" if text.strip().lower().rstrip(".") in UNDECIDED else text


def _rows(activities: list[ActivityView]) -> tuple[tuple[str, ...], ...]:
    return tuple((a.title, one_way(a.date_label), one_way(a.place)) for a in activities)


def _activity_blocks(title: str, tables: dict[ActivityCategory, list[ActivityView]], when: str):
    blocks: list = [Heading(title, level=3)]
    for category in ActivityCategory:
        name = f"{title.split()[0]} {PLURAL[category]}"
        blocks.append(Heading(name, level=4))
        if tables[category]:
            blocks.append(Table(TABLE_HEADERS, _rows(tables[category]), caption=f"{name} {when}"))
        else:
            blocks.append(Paragraph(f"No {PLURAL[category]} {when}."))
    return blocks


def activity_section(report: MonitoringReport) -> ReportSection:
    past_when = (
        f"from {describe_days([report.start])} to {describe_days([report.cutoff])}"
        if report.cutoff >= report.start
        else "in this period"
    )
    future_when = f"until {describe_days([report.future_end])}"
    blocks = _activity_blocks("Past activities", report.past, past_when)
    blocks += _activity_blocks("Future activities", report.future, future_when)
    return ReportSection("monitoring-activities", "Partnership activities", tuple(blocks), order=40)


def fact_sheet_section(report: MonitoringReport) -> ReportSection:
    profile = report.profile
    blocks: list = [Paragraph(f"Partnership: {report.series.title}")]
    if profile is None:
        blocks.append(Paragraph("No partnership fact sheet has been filled in yet.", emphasis=True))
        return ReportSection("monitoring-fact-sheet", "Partnership fact sheet", tuple(blocks), order=30)
    if profile.web_page:
        blocks.append(Paragraph(f"Web page: {profile.web_page}"))
    if profile.objectives:
        blocks += [Heading("Objectives", level=3), Paragraph(profile.objectives)]
    if profile.lead_regions:
        blocks.append(Heading("Lead regions", level=3))
        blocks.append(BulletList(tuple(l.region for l in profile.lead_regions)))
        rows = tuple(
            (l.region, r.name, r.institution, r.contact)
            for l in profile.lead_regions
            for r in l.representatives
        )
        if rows:
            blocks.append(
                Table(
                    ("Lead region", "Representative", "Institution", "Contact"),
                    rows,
                    caption="Representatives of the lead regions",
                )
            )
    for title, items in (
        ("Partner regions", profile.partner_regions),
        ("Regions intending to join", profile.joining_regions),
        ("Other participants", profile.other_participants),
    ):
        if items:
            blocks += [Heading(title, level=3), BulletList(tuple(items))]
    if profile.working_areas:
        blocks.append(Heading("Thematic working areas", level=3))
        blocks.append(
            Table(
                ("Working area", "Region in charge", "Involved regions", "Other actors"),
                tuple(
                    (a.title, a.region_in_charge, ", ".join(a.involved_regions), ", ".join(a.other_actors))
                    for a in profile.working_areas
                ),
                caption="Thematic working areas",
            )
        )
    return ReportSection("monitoring-fact-sheet", "Partnership fact sheet", tuple(blocks), order=30)


def sdg_section(report: MonitoringReport) -> ReportSection | None:
    """The SDG matrix, or None when no goal has been rated."""
    if report.profile is None or not report.profile.sdg_ratings:
        return None
    ratings = {c.goal: c.rating for c in report.profile.sdg_ratings}
    headers = ("Goal", *(r.label for r in SdgRating))
    rows = tuple(
        (f"{goal}. {name}", *("X" if ratings.get(goal) == r else "" for r in SdgRating))
        for goal, name in SDG_GOALS.items()
    )
    table = Table(headers, rows, caption="Contribution to the Sustainable Development Goals")
    return ReportSection("monitoring-sdg", "Sustainable Development Goals", (table,), order=50)


def report_sections(report: MonitoringReport) -> list[ReportSection]:
    sections = [fact_sheet_section(report), activity_section(report)]
    sdg = sdg_section(report)
    if sdg is not None:
        sections.append(sdg)
    return sections


def parse_period(
    start_text: str | None,
    end_text: str | None,
    as_of_text: str | None = None,
    *,
    today: date | None = None,
) -> tuple[date, date, date | None]:
    """Read a period given as ISO dates; both ends missing = the current half-year."""

    def read(text: str | None, what: str) -> date | None:
        if not text or not text.strip():
            return None
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise PeriodError(f"The {what} date “{text}” is not a date: use YYYY-MM-DD.") from None

    start, end = read(start_text, "start"), read(end_text, "end")
    as_of = read(as_of_text, "“as of”")
    if start is None and end is None:
        start, end = default_period(today)
    elif start is None or end is None:
        raise PeriodError("Give both the start and the end of the period, or neither.")
    if end < start:
        raise PeriodError("The period ends before it starts.")
    return start, end, as_of
