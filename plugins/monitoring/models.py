"""Tables of the monitoring plugin: a partnership profile per series and the
activity details that events alone cannot express (vague or several dates, a
category other than the event kind's, activities with no event at all)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confsite.api import Event, LabelledEnum, Model, Series, TimestampMixin, enum_column


class ActivityCategory(LabelledEnum):
    """The three tables of a monitoring report."""

    MEETING = "meeting", "Meeting"
    WORKSHOP = "workshop", "Workshop"
    DISSEMINATION = "dissemination", "Dissemination activity"


class DatePrecision(LabelledEnum):
    """How exactly an activity's date is known."""

    DAY = "day", "Exact day(s)"
    MONTH = "month", "Month"
    SEASON = "season", "Season"
    TBD = "tbd", "To be decided"


class SdgRating(LabelledEnum):
    STRONGLY_AGREE = "strongly_agree", "Strongly agree"
    AGREE = "agree", "Agree"
    NEUTRAL = "neutral", "Neutral"
    DISAGREE = "disagree", "Disagree"
    STRONGLY_DISAGREE = "strongly_disagree", "Strongly disagree"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class PartnershipProfile(TimestampMixin, Model):
    """The fact sheet of a partnership run as a series."""

    __tablename__ = "monitoring_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"), unique=True)
    objectives: Mapped[str] = mapped_column(sa.Text, default="")
    web_page: Mapped[str] = mapped_column(sa.String(500), default="")
    # Plain lists of names, always read and written whole.
    partner_regions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    joining_regions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    other_participants: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    thematic_platform: Mapped[str] = mapped_column(sa.String(200), default="")
    ec_coordinator: Mapped[str] = mapped_column(sa.String(300), default="")  # name, e-mail
    other_information: Mapped[str] = mapped_column(sa.Text, default="")
    working_areas_comments: Mapped[str] = mapped_column(sa.Text, default="")

    series: Mapped[Series] = relationship()
    lead_regions: Mapped[list[LeadRegion]] = relationship(
        order_by="LeadRegion.position", cascade="all, delete-orphan"
    )
    working_areas: Mapped[list[WorkingArea]] = relationship(
        order_by="WorkingArea.position", cascade="all, delete-orphan"
    )
    sdg_ratings: Mapped[list[SdgContribution]] = relationship(
        order_by="SdgContribution.goal", cascade="all, delete-orphan"
    )


class LeadRegion(Model):
    __tablename__ = "monitoring_lead_regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("monitoring_profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    region: Mapped[str] = mapped_column(sa.String(200))

    representatives: Mapped[list[Representative]] = relationship(
        order_by="Representative.position", cascade="all, delete-orphan"
    )


class Representative(Model):
    """A contact person of a lead region."""

    __tablename__ = "monitoring_representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_region_id: Mapped[int] = mapped_column(
        sa.ForeignKey("monitoring_lead_regions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(200))
    institution: Mapped[str] = mapped_column(sa.String(300), default="")
    contact: Mapped[str] = mapped_column(sa.String(300), default="")


class WorkingArea(Model):
    __tablename__ = "monitoring_working_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("monitoring_profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(300))
    region_in_charge: Mapped[str] = mapped_column(sa.String(300), default="")
    involved_regions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    other_actors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)


class SdgContribution(Model):
    """How strongly the partnership says it contributes to one of the 17 goals."""

    __tablename__ = "monitoring_sdg_ratings"
    __table_args__ = (sa.CheckConstraint("goal BETWEEN 1 AND 17", name="goal_1_to_17"),)

    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("monitoring_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    goal: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    rating: Mapped[SdgRating] = mapped_column(enum_column(SdgRating, "monitoring_sdg_rating"))


class Activity(TimestampMixin, Model):
    """Monitoring details of one activity.

    Either attached to an event of the series (``event_id``; the event keeps its
    real start and end, so calendars and agendas are untouched, and this row only
    refines how the report shows it), or a stand-alone activity of a series
    (``series_id``) for things the site does not run as events, typically ones
    whose date is still to be decided.
    """

    __tablename__ = "monitoring_activities"
    __table_args__ = (
        sa.CheckConstraint("(event_id IS NULL) <> (series_id IS NULL)", name="event_or_series"),
        sa.CheckConstraint(
            "event_id IS NOT NULL OR (title <> '' AND category IS NOT NULL)",
            name="standalone_has_title_and_category",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    # None on an event's row: derived from the event kind.
    category: Mapped[ActivityCategory | None] = mapped_column(
        enum_column(ActivityCategory, "monitoring_activity_category")
    )
    precision: Mapped[DatePrecision] = mapped_column(
        enum_column(DatePrecision, "monitoring_date_precision"), default=DatePrecision.DAY
    )
    date_text: Mapped[str] = mapped_column(sa.String(120), default="")  # as written
    place: Mapped[str] = mapped_column(sa.String(300), default="")

    event: Mapped[Event | None] = relationship()
    series: Mapped[Series | None] = relationship()
    dates: Mapped[list[ActivityDate]] = relationship(
        order_by="ActivityDate.day", cascade="all, delete-orphan"
    )

    @property
    def days(self) -> list[date]:
        return [d.day for d in self.dates]


class ActivityDate(Model):
    """One of the days an activity is held on (or the first day of its month or
    season when the date is vague)."""

    __tablename__ = "monitoring_activity_dates"

    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("monitoring_activities.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)


class PeriodReport(TimestampMixin, Model):
    """What the lead regions write for one reporting period: the executive summary,
    the "any other comments" rows of the activity tables, the progress report (part
    II) and the self-evaluation. Earlier periods' rows are the report's "previous
    versions"."""

    __tablename__ = "monitoring_period_reports"
    __table_args__ = (
        sa.UniqueConstraint("series_id", "period_start", "period_end"),
        sa.CheckConstraint("period_end >= period_start", name="period_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(sa.Date)
    period_end: Mapped[date] = mapped_column(sa.Date)
    executive_summary: Mapped[str] = mapped_column(sa.Text, default="")
    # "Any other comments" per activity table: {"past-meeting": "...", "future-workshop": ...}
    comments: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    innovative_results: Mapped[str] = mapped_column(sa.Text, default="")
    socio_economic_impacts: Mapped[str] = mapped_column(sa.Text, default="")
    partnership_collaboration: Mapped[str] = mapped_column(sa.Text, default="")
    business_involvement: Mapped[str] = mapped_column(sa.Text, default="")
    cooperation_level: Mapped[str] = mapped_column(sa.Text, default="")
    eu13_involvement: Mapped[str] = mapped_column(sa.Text, default="")
    non_eu_involvement: Mapped[str] = mapped_column(sa.Text, default="")
    outreach: Mapped[str] = mapped_column(sa.Text, default="")
    other_platforms: Mapped[str] = mapped_column(sa.Text, default="")
    self_evaluation: Mapped[str] = mapped_column(sa.Text, default="")

    series: Mapped[Series] = relationship()
