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
from confsite_plugins.monitoring.models import ActivityCategory, PartnershipProfile, PeriodReport, SdgRating
from confsite_plugins.monitoring.narrative import (
    PROGRESS_PARTS,
    comment_key,
    has_progress,
    period_report_of,
    previous_reports,
)
from confsite_plugins.monitoring.profile import SDG_GOALS, profile_of

from confsite.api import (
    Block,
    BulletList,
    Heading,
    Paragraph,
    ReportSection,
    Series,
    Table,
    utcnow,
)

from .dates import one_way
from .i18n import _

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
    narrative: PeriodReport | None = None  # what the lead regions wrote for this period
    previous: tuple[PeriodReport, ...] = ()  # earlier periods' narratives, newest first

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
        raise PeriodError(_("The period ends before it starts."))
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
        narrative=period_report_of(series, start, end),
        previous=tuple(previous_reports(series, start)),
    )


# -- the report as confsite.reporting blocks ----------------------------------------


def _rows(activities: list[ActivityView]) -> tuple[tuple[str, ...], ...]:
    return tuple((a.title, a.date_label, a.place_label) for a in activities)


def _comments(report: MonitoringReport) -> dict[str, str]:
    return dict(report.narrative.comments) if report.narrative is not None else {}


def _activity_blocks(
    title: str,
    tables: dict[ActivityCategory, list[ActivityView]],
    when: str,
    comments: dict[str, str],
) -> list[Block]:
    blocks: list[Block] = [Heading(title, level=3)]
    prefix = title.split()[0].lower()  # "past" / "future"
    for category in ActivityCategory:
        name = f"{title.split()[0]} {PLURAL[category]}"
        blocks.append(Heading(name, level=4))
        rows = _rows(tables[category])
        comment = comments.get(comment_key(prefix, category), "")
        if comment:  # the template's last row of each table
            rows += ((str(_("Any other comments")), comment, ""),)
        if rows:
            blocks.append(Table(TABLE_HEADERS, rows, caption=f"{name} {when}"))
        if not tables[category]:
            blocks.append(Paragraph(f"No {PLURAL[category]} {when}."))
    return blocks


def activity_section(report: MonitoringReport) -> ReportSection:
    past_when = (
        f"from {describe_days([report.start])} to {describe_days([report.cutoff])}"
        if report.cutoff >= report.start
        else "in this period"
    )
    future_when = f"until {describe_days([report.future_end])}"
    comments = _comments(report)
    blocks = _activity_blocks("Past activities", report.past, past_when, comments)
    blocks += _activity_blocks("Future activities", report.future, future_when, comments)
    return ReportSection("monitoring-activities", "Partnership activities", tuple(blocks), order=40)


def fact_sheet_section(report: MonitoringReport) -> ReportSection:
    profile = report.profile
    blocks: list = [Paragraph(f"Partnership: {report.series.title}")]
    if profile is None:
        blocks.append(Paragraph("No partnership fact sheet has been filled in yet.", emphasis=True))
        return ReportSection("monitoring-fact-sheet", "Partnership fact sheet", tuple(blocks), order=30)
    if profile.web_page:
        blocks.append(Paragraph(f"Web page: {profile.web_page}"))
    if profile.thematic_platform:
        blocks.append(Paragraph(_("S3 thematic platform: %(name)s", name=profile.thematic_platform)))
    if profile.objectives:
        blocks += [Heading("Objectives", level=3), Paragraph(profile.objectives)]
    if profile.lead_regions:
        blocks.append(Heading("Lead regions", level=3))
        blocks.append(BulletList(tuple(lead.region for lead in profile.lead_regions)))
        rows = tuple(
            (lead.region, r.name, r.institution, r.contact)
            for lead in profile.lead_regions
            for r in lead.representatives
        )
        if rows:
            blocks.append(
                Table(
                    ("Lead region", "Representative", "Institution", "Contact"),
                    rows,
                    caption="Representatives of the lead regions",
                )
            )
    if profile.ec_coordinator:
        blocks.append(Paragraph(_("European Commission coordinator: %(name)s", name=profile.ec_coordinator)))
    if profile.other_information:
        blocks += [
            Heading(_("Any other relevant information"), level=3),
            *_paragraphs(profile.other_information),
        ]
    for title, items in (
        ("Partner regions", profile.partner_regions),
        ("Regions intending to join", profile.joining_regions),
        ("Other participants", profile.other_participants),
    ):
        if items:
            blocks += [Heading(title, level=3), BulletList(tuple(items))]
    if profile.working_areas or profile.working_areas_comments:
        rows = tuple(
            (
                a.title,
                one_way(a.region_in_charge),
                ", ".join(one_way(r) for r in a.involved_regions),
                ", ".join(one_way(o) for o in a.other_actors),
            )
            for a in profile.working_areas
        )
        if profile.working_areas_comments:
            rows += ((str(_("Any other comments")), profile.working_areas_comments, "", ""),)
        blocks.append(Heading("Thematic working areas", level=3))
        blocks.append(
            Table(
                ("Working area", "Region in charge", "Involved regions", "Other actors"),
                rows,
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


def _paragraphs(text: str) -> list[Paragraph]:
    """A text as typed: blank lines separate paragraphs."""
    return [Paragraph(part.strip()) for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _not_written() -> Paragraph:
    return Paragraph(str(_("Not written yet for this period.")), emphasis=True)


def summary_section(report: MonitoringReport) -> ReportSection:
    text = report.narrative.executive_summary if report.narrative is not None else ""
    blocks = tuple(_paragraphs(text)) or (_not_written(),)
    return ReportSection("monitoring-summary", str(_("Executive summary")), blocks, order=20)


def _progress_blocks(row: PeriodReport | None, level: int) -> list[Block]:
    """Part II's sections (A, B, C) and their questions, each answered or marked as
    not answered; ``level`` is the heading level of the sections."""
    blocks: list[Block] = []
    for part in PROGRESS_PARTS:
        blocks.append(Heading(str(part.title), level=level))
        for question in part.questions:
            answer = getattr(row, question.field) if row is not None else ""
            blocks.append(Heading(str(question.label), level=level + 1))
            blocks.extend(_paragraphs(answer) or [Paragraph(str(_("Not answered yet.")), emphasis=True)])
    return blocks


def progress_section(report: MonitoringReport) -> ReportSection:
    blocks = [
        Paragraph(_("Results achieved in the period %(period)s.", period=report.period_label)),
        *_progress_blocks(report.narrative, 3),
    ]
    return ReportSection("monitoring-progress", str(_("Progress report")), tuple(blocks), order=45)


def self_evaluation_section(report: MonitoringReport) -> ReportSection:
    text = report.narrative.self_evaluation if report.narrative is not None else ""
    blocks = [
        Paragraph(
            str(_("Confidential: this part is not published on the partnership's web page.")), emphasis=True
        ),
        *(_paragraphs(text) or [_not_written()]),
    ]
    return ReportSection("monitoring-self-evaluation", str(_("Self-evaluation")), tuple(blocks), order=60)


def previous_versions_section(report: MonitoringReport) -> ReportSection:
    """Part III: the progress reports of earlier periods, newest first (the report is
    cumulative)."""
    blocks: list[Block] = []
    for row in report.previous:
        if not has_progress(row):
            continue
        period = describe_days([row.period_start]) + " – " + describe_days([row.period_end])
        blocks.append(Heading(_("Reporting period %(period)s", period=period), level=3))
        for block in _progress_blocks(row, 4):
            # questions of earlier periods as emphasised lines under their part
            blocks.append(
                Paragraph(block.text, emphasis=True)
                if isinstance(block, Heading) and block.level > 4
                else block
            )
    if not blocks:
        blocks.append(Paragraph(str(_("There are no earlier progress reports.")), emphasis=True))
    return ReportSection("monitoring-previous", str(_("Previous versions")), tuple(blocks), order=70)


def report_sections(report: MonitoringReport) -> list[ReportSection]:
    """Every section of the monitoring template (seeds 000/001): executive summary,
    fact sheet, activity tables, progress report, SDG matrix, self-evaluation and
    previous versions, in that order."""
    sections = [
        summary_section(report),
        fact_sheet_section(report),
        activity_section(report),
        progress_section(report),
    ]
    sdg = sdg_section(report)
    if sdg is not None:
        sections.append(sdg)
    sections += [self_evaluation_section(report), previous_versions_section(report)]
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
            raise PeriodError(
                _("The %(what)s date “%(text)s” is not a date: use YYYY-MM-DD.", what=what, text=text)
            ) from None

    start, end = read(start_text, "start"), read(end_text, "end")
    as_of = read(as_of_text, "“as of”")
    if start is None and end is None:
        start, end = default_period(today)
    elif start is None or end is None:
        raise PeriodError(_("Give both the start and the end of the period, or neither."))
    if end < start:
        raise PeriodError(_("The period ends before it starts."))
    return start, end, as_of
