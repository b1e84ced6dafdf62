"""Tables of the recommendation-report plugin.

Areas, report settings and published versions belong to exactly one scope: an event
or a series (a CHECK constraint says so). Votes are unique per recommendation and
partner *organisation*, which is what "one voice per organisation" means in storage.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confsite.api import (
    Event,
    Model,
    Organisation,
    Series,
    Session,
    Talk,
    TimestampMixin,
    User,
    UTCDateTime,
    announce_changes,
    db,
    enum_column,
    utcnow,
)

ONE_SCOPE = "(event_id IS NULL) <> (series_id IS NULL)"


class RecommendationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    MERGED = "merged"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"merged": "Merged into another"}.get(self.value, self.value.capitalize())


class Addressee(enum.StrEnum):
    REGIONS = "regions"
    NATIONAL_AUTHORITIES = "national_authorities"
    EU_INSTITUTIONS = "eu_institutions"
    INDUSTRY = "industry"
    HEALTHCARE_PROVIDERS = "healthcare_providers"
    RESEARCH = "research"

    @property
    def label(self) -> str:
        return {
            "regions": "Regions",
            "national_authorities": "National authorities",
            "eu_institutions": "EU institutions",
            "industry": "Industry",
            "healthcare_providers": "Healthcare providers",
            "research": "Research organisations",
        }[self.value]


class PolicyArea(TimestampMixin, Model):
    """A policy intervention area of an event or series, with its rationale."""

    __tablename__ = "reports_policy_areas"
    __table_args__ = (sa.CheckConstraint(ONE_SCOPE, name="one_scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    rationale: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # The panel where the area was discussed (optional).
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sessions.id", ondelete="SET NULL"))

    event: Mapped[Event | None] = relationship()
    series: Mapped[Series | None] = relationship()
    session: Mapped[Session | None] = relationship()
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="area", order_by="Recommendation.id", cascade="all, delete-orphan"
    )


recommendation_sessions = sa.Table(
    "reports_recommendation_sessions",
    db.Model.metadata,
    sa.Column(
        "recommendation_id", sa.ForeignKey("reports_recommendations.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
)

recommendation_talks = sa.Table(
    "reports_recommendation_talks",
    db.Model.metadata,
    sa.Column(
        "recommendation_id", sa.ForeignKey("reports_recommendations.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("talk_id", sa.ForeignKey("talks.id", ondelete="CASCADE"), primary_key=True),
)


class Recommendation(TimestampMixin, Model):
    """A recommendation proposed by a partner, reviewed by organisers, ranked by votes."""

    __tablename__ = "reports_recommendations"
    __table_args__ = (
        sa.CheckConstraint("status <> 'rejected' OR rejection_reason <> ''", name="rejected_has_reason"),
        sa.CheckConstraint("merged_into_id IS NULL OR status = 'merged'", name="merged_has_target"),
        sa.CheckConstraint("final_rank IS NULL OR final_rank >= 1", name="rank_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reports_policy_areas.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.Text)
    addressee: Mapped[Addressee | None] = mapped_column(
        enum_column(Addressee, "reports_addressee"), nullable=True
    )
    status: Mapped[RecommendationStatus] = mapped_column(
        enum_column(RecommendationStatus, "reports_recommendation_status"),
        default=RecommendationStatus.DRAFT,
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL")
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("reports_recommendations.id", ondelete="SET NULL")
    )
    rejection_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Position fixed when the organisers freeze the order (1 = highest priority).
    final_rank: Mapped[int | None] = mapped_column(sa.Integer)

    area: Mapped[PolicyArea] = relationship(back_populates="recommendations")
    author: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    merged_into: Mapped[Recommendation | None] = relationship(remote_side="Recommendation.id")
    sessions: Mapped[list[Session]] = relationship(
        secondary=recommendation_sessions, order_by="Session.start_at"
    )
    talks: Mapped[list[Talk]] = relationship(secondary=recommendation_talks, order_by="Talk.id")
    comments: Mapped[list[RecommendationComment]] = relationship(
        back_populates="recommendation",
        order_by="RecommendationComment.id",
        cascade="all, delete-orphan",
    )
    revisions: Mapped[list[RecommendationRevision]] = relationship(
        back_populates="recommendation",
        order_by="RecommendationRevision.id",
        cascade="all, delete-orphan",
    )
    votes: Mapped[list[Vote]] = relationship(back_populates="recommendation", cascade="all, delete-orphan")


class RecommendationComment(Model):
    """One message in a recommendation's discussion thread."""

    __tablename__ = "reports_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reports_recommendations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()


class RecommendationRevision(Model):
    """The history: what a recommendation said before each edit or status change."""

    __tablename__ = "reports_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reports_recommendations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(sa.String(32))  # created, edited, submitted, accepted...
    text: Mapped[str] = mapped_column(sa.Text, default="")
    addressee: Mapped[str] = mapped_column(sa.String(32), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")

    recommendation: Mapped[Recommendation] = relationship(back_populates="revisions")
    user: Mapped[User | None] = relationship()


class Vote(Model):
    """A partner organisation's score (1-5) for one accepted recommendation."""

    __tablename__ = "reports_votes"
    __table_args__ = (
        sa.UniqueConstraint("recommendation_id", "organisation_id"),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reports_recommendations.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    score: Mapped[int] = mapped_column(sa.Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="votes")
    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User | None] = relationship()


class ReportSettings(TimestampMixin, Model):
    """What organisers set for the report of one event or series: texts, section order,
    the series' period, the voting window and the frozen order."""

    __tablename__ = "reports_settings"
    __table_args__ = (
        sa.CheckConstraint(ONE_SCOPE, name="one_scope"),
        sa.UniqueConstraint("event_id"),
        sa.UniqueConstraint("series_id"),
        sa.CheckConstraint(
            "voting_closes_at IS NULL OR voting_opens_at IS NULL OR voting_closes_at > voting_opens_at",
            name="voting_window_ordered",
        ),
        sa.CheckConstraint(
            "period_end IS NULL OR period_start IS NULL OR period_end >= period_start",
            name="period_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    introduction: Mapped[str] = mapped_column(sa.Text, default="")
    conclusions: Mapped[str] = mapped_column(sa.Text, default="")
    capacity_building: Mapped[str] = mapped_column(sa.Text, default="")
    # Section keys in the organiser's order, and keys left out of the report.
    section_order: Mapped[list] = mapped_column(sa.JSON, default=list)
    hidden_sections: Mapped[list] = mapped_column(sa.JSON, default=list)
    period_start: Mapped[date | None] = mapped_column(sa.Date)
    period_end: Mapped[date | None] = mapped_column(sa.Date)
    voting_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voting_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    order_frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    order_frozen_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Fewest partner votes a recommendation needs to be ranked; below it, listed apart.
    quorum: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")
    # Document template ("standard", "key-area") and, for a series, the events it covers
    # (empty: every published event in the period).
    template: Mapped[str] = mapped_column(sa.String(32), default="standard", server_default="standard")
    event_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Deliverable metadata for the cover (see deliverable.py for the keys).
    deliverable: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    event: Mapped[Event | None] = relationship()
    series: Mapped[Series | None] = relationship()


class ReportBuild(Model):
    """One build of a report file (a background job, or the CLI): its progress and,
    once done, the file, so the page can show a progress bar and offer the download."""

    __tablename__ = "reports_builds"
    __table_args__ = (
        sa.CheckConstraint(ONE_SCOPE, name="one_scope"),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"), index=True)
    format: Mapped[str] = mapped_column(sa.String(8))
    state: Mapped[str] = mapped_column(sa.String(16), default="queued")  # queued, running, done, failed
    progress: Mapped[int] = mapped_column(sa.Integer, default=0)
    step: Mapped[str] = mapped_column(sa.String(200), default="")
    error: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event | None] = relationship()
    series: Mapped[Series | None] = relationship()


class PublishedReport(Model):
    """A frozen, numbered version of a report: its sections as JSON and its HTML,
    so later edits to the data never change what was published."""

    __tablename__ = "reports_published"
    __table_args__ = (
        sa.CheckConstraint(ONE_SCOPE, name="one_scope"),
        sa.UniqueConstraint("event_id", "version"),
        sa.UniqueConstraint("series_id", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(sa.Integer)
    title: Mapped[str] = mapped_column(sa.String(300))
    subtitle: Mapped[str] = mapped_column(sa.String(300), default="")
    sections: Mapped[list] = mapped_column(sa.JSON)
    html: Mapped[str] = mapped_column(sa.Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # The cover metadata and template as they were when this version was published.
    deliverable: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    template: Mapped[str] = mapped_column(sa.String(32), default="standard", server_default="standard")

    event: Mapped[Event | None] = relationship()
    series: Mapped[Series | None] = relationship()
    published_by: Mapped[User | None] = relationship()


# The published versions that public pages list (the reports panel) are kept in each
# worker while unchanged: PostgreSQL announces their changes (migration 0003_reports).
PANEL_TABLES = (PublishedReport.__tablename__,)
announce_changes(PublishedReport)
