"""What the lead regions write for a reporting period, next to the tables the site
fills in: the executive summary, an "any other comments" row under each activity
table, the progress report (part II: innovative results, collaboration, new
activities such as the involvement of EU13 regions and outreach) and the
self-evaluation. One row per series and period; the rows of earlier periods are the
report's "previous versions" (part III), as the monitoring template asks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from confsite.api import Series, db

from .i18n import _l
from .models import ActivityCategory, PeriodReport


@dataclass(frozen=True)
class Question:
    field: str
    label: object  # lazy string: the question as the form and the report ask it


@dataclass(frozen=True)
class Part:
    key: str
    title: object
    questions: tuple[Question, ...]


# Part II of the report: its three sections and the questions each must answer.
PROGRESS_PARTS: tuple[Part, ...] = (
    Part(
        "results",
        _l("A. Innovative results"),
        (
            Question("innovative_results", _l("Innovative results and achievements of the partnership")),
            Question("socio_economic_impacts", _l("Socio-economic impacts achieved or expected")),
        ),
    ),
    Part(
        "collaboration",
        _l("B. Inter-regional and inter-partnership collaboration"),
        (
            Question("partnership_collaboration", _l("Results of working with other partnerships")),
            Question("business_involvement", _l("Involvement of the business sector")),
            Question(
                "cooperation_level", _l("Is the inter-regional cooperation sufficient for real impact?")
            ),
        ),
    ),
    Part(
        "new-activities",
        _l("C. New activities"),
        (
            Question("eu13_involvement", _l("Involvement of regions from EU13 Member States")),
            Question("non_eu_involvement", _l("Involvement of regions and countries outside the EU")),
            Question("outreach", _l("Publications, communication and outreach")),
            Question("other_platforms", _l("Activities with partnerships of other thematic platforms")),
        ),
    ),
)

NARRATIVE_FIELDS: tuple[str, ...] = (
    "executive_summary",
    *(q.field for part in PROGRESS_PARTS for q in part.questions),
    "self_evaluation",
)

# The "any other comments" rows: one under each of the six activity tables.
COMMENT_KEYS: tuple[str, ...] = tuple(
    f"{when}-{category.value}" for when in ("past", "future") for category in ActivityCategory
)

COMMENT_LABELS: dict[str, object] = {
    "past-meeting": _l("Any other comments on past meetings"),
    "past-workshop": _l("Any other comments on past workshops"),
    "past-dissemination": _l("Any other comments on past dissemination activities"),
    "future-meeting": _l("Any other comments on future meetings"),
    "future-workshop": _l("Any other comments on future workshops"),
    "future-dissemination": _l("Any other comments on future dissemination activities"),
}

MAX_TEXT = 20000  # characters per answer


def comment_key(when: str, category: ActivityCategory) -> str:
    return f"{when}-{category.value}"


def period_report_of(series: Series, start: date, end: date) -> PeriodReport | None:
    return db.session.scalar(
        sa.select(PeriodReport).where(
            PeriodReport.series_id == series.id,
            PeriodReport.period_start == start,
            PeriodReport.period_end == end,
        )
    )


def previous_reports(series: Series, start: date) -> list[PeriodReport]:
    """Narratives of the periods that ended before ``start``, newest first."""
    return list(
        db.session.scalars(
            sa.select(PeriodReport)
            .where(PeriodReport.series_id == series.id, PeriodReport.period_end < start)
            .order_by(PeriodReport.period_end.desc(), PeriodReport.period_start.desc())
        )
    )


def has_progress(row: PeriodReport) -> bool:
    return any(getattr(row, q.field).strip() for part in PROGRESS_PARTS for q in part.questions)


def save_period_report(
    series: Series, start: date, end: date, texts: dict[str, str], comments: dict[str, str]
) -> PeriodReport:
    """Create or replace the narrative of ``series`` for ``start``–``end`` (added to the
    session, not committed). Unknown keys are refused rather than dropped silently."""
    if end < start:
        raise ValueError("the period ends before it starts")
    unknown = (set(texts) - set(NARRATIVE_FIELDS)) | (set(comments) - set(COMMENT_KEYS))
    if unknown:
        raise ValueError(f"unknown narrative field(s): {sorted(unknown)}")
    row = period_report_of(series, start, end)
    if row is None:
        row = PeriodReport(series_id=series.id, period_start=start, period_end=end)
        db.session.add(row)
    for name in NARRATIVE_FIELDS:
        setattr(row, name, (texts.get(name) or "").strip())
    row.comments = {key: text.strip() for key, text in comments.items() if text and text.strip()}
    return row
