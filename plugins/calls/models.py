"""Tables of the calls plugin.

A :class:`Call` belongs to an event or a series and carries its own form
(:class:`FormField` rows). Applicants' :class:`Submission` rows keep the answers as
JSON keyed by field id, so an organiser can add a question without a migration.
Evaluation: :class:`Reviewer` (the committee of one call), :class:`Criterion`
(weighted, with a scale), :class:`Review` (one reviewer on one submission in one
stage, with a conflict-of-interest declaration). Awarded vouchers are
:class:`Voucher` rows. Matchmaking for call-for-competences workshops:
:class:`Profile`, :class:`MeetingSlot`, :class:`Meeting`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confsite.api import (
    Event,
    LabelledEnum,
    Model,
    Series,
    Talk,
    TimestampMixin,
    User,
    UTCDateTime,
    announce_changes,
    enum_column,
    utcnow,
)

from .i18n import _l


class CallKind(LabelledEnum):
    CONTRIBUTIONS = "contributions", _l("Call for contributions")
    BEST_PRACTICE = "best_practice", _l("Best-practice recognition")
    PROJECTS = "projects", _l("Call for projects")
    VOUCHERS = "vouchers", _l("Voucher applications")
    COMPETENCES = "competences", _l("Competence offers")
    SURVEY = "survey", _l("Survey")


class FieldKind(LabelledEnum):
    TEXT = "text", _l("Short text")
    LONG_TEXT = "long_text", _l("Long text")
    CHOICE = "choice", _l("Choice")
    MULTI_CHOICE = "multi_choice", _l("Multiple choice")
    FILE = "file", _l("File upload")
    COUNTRY = "country", _l("Country")
    ORGANISATION = "organisation", _l("Organisation")
    CONSENT = "consent", _l("Consent")


class SubmissionStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Submitted")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


class Decision(LabelledEnum):
    PENDING = "pending", _l("Pending")
    ACCEPTED = "accepted", _l("Accepted")
    REJECTED = "rejected", _l("Rejected")
    WAITLISTED = "waitlisted", _l("Waiting list")


class VoucherStatus(LabelledEnum):
    AWARDED = "awarded", _l("Awarded")
    IN_USE = "in_use", _l("In use")
    INVOICED = "invoiced", _l("Invoiced")
    PAID = "paid", _l("Paid")
    CANCELLED = "cancelled", _l("Cancelled")


class MeetingStatus(LabelledEnum):
    REQUESTED = "requested", _l("Requested")
    ACCEPTED = "accepted", _l("Accepted")
    DECLINED = "declined", _l("Declined")


class Call(TimestampMixin, Model):
    """A call (or a survey) of an event or a series, open between two instants."""

    __tablename__ = "calls_calls"
    __table_args__ = (
        sa.CheckConstraint("(event_id IS NULL) <> (series_id IS NULL)", name="event_xor_series"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CallKind] = mapped_column(enum_column(CallKind, "calls_call_kind"))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    eligibility: Mapped[str] = mapped_column(sa.Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published: Mapped[bool] = mapped_column(default=False)
    allow_coapplicants: Mapped[bool] = mapped_column(default=False)
    anonymous: Mapped[bool] = mapped_column(default=False)  # surveys: answers kept without a name
    two_stage: Mapped[bool] = mapped_column(default=False)
    accept_template: Mapped[str] = mapped_column(sa.Text, default="")
    reject_template: Mapped[str] = mapped_column(sa.Text, default="")
    waitlist_template: Mapped[str] = mapped_column(sa.Text, default="")

    event: Mapped[Event | None] = relationship()
    series: Mapped[Series | None] = relationship()
    fields: Mapped[list[FormField]] = relationship(
        back_populates="call", order_by="FormField.position", cascade="all, delete-orphan"
    )
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="call", order_by="Criterion.position", cascade="all, delete-orphan"
    )
    reviewers: Mapped[list[Reviewer]] = relationship(back_populates="call", cascade="all, delete-orphan")

    @property
    def is_survey(self) -> bool:
        return self.kind == CallKind.SURVEY

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.published and self.opens_at <= now < self.closes_at


class FormField(Model):
    """One question of a call's form."""

    __tablename__ = "calls_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls_calls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[FieldKind] = mapped_column(enum_column(FieldKind, "calls_field_kind"))
    label: Mapped[str] = mapped_column(sa.String(300))
    help: Mapped[str] = mapped_column(sa.Text, default="")
    required: Mapped[bool] = mapped_column(default=False)
    options: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # choices
    max_length: Mapped[int | None] = mapped_column(sa.Integer)  # characters of a text answer
    file_types: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # e.g. ["pdf", "png"]
    max_size_kb: Mapped[int | None] = mapped_column(sa.Integer)

    call: Mapped[Call] = relationship(back_populates="fields")


class Submission(TimestampMixin, Model):
    """One application (or survey response) to a call."""

    __tablename__ = "calls_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls_calls.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    coapplicants: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    status: Mapped[SubmissionStatus] = mapped_column(
        enum_column(SubmissionStatus, "calls_submission_status"), default=SubmissionStatus.DRAFT
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shortlisted: Mapped[bool] = mapped_column(default=False)
    decision: Mapped[Decision] = mapped_column(
        enum_column(Decision, "calls_decision"), default=Decision.PENDING
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    talk_id: Mapped[int | None] = mapped_column(sa.ForeignKey("talks.id", ondelete="SET NULL"))
    in_catalogue: Mapped[bool] = mapped_column(default=False)
    country: Mapped[str | None] = mapped_column(sa.String(2))  # from the form's country question
    topic: Mapped[str] = mapped_column(sa.String(300), default="")  # from its first choice question

    call: Mapped[Call] = relationship()
    user: Mapped[User | None] = relationship()
    talk: Mapped[Talk | None] = relationship()
    files: Mapped[list[SubmissionFile]] = relationship(
        back_populates="submission", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[Review]] = relationship(back_populates="submission", cascade="all, delete-orphan")


class SubmissionFile(Model):
    """An uploaded file, stored outside the web root under a random name."""

    __tablename__ = "calls_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calls_submissions.id", ondelete="CASCADE"), index=True
    )
    field_id: Mapped[int] = mapped_column(sa.ForeignKey("calls_fields.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    mimetype: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column(sa.Integer)

    submission: Mapped[Submission] = relationship(back_populates="files")


class Reviewer(Model):
    """A member of one call's evaluation committee."""

    __tablename__ = "calls_reviewers"
    __table_args__ = (sa.UniqueConstraint("call_id", "user_id", name="uq_calls_reviewers_call_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls_calls.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)

    call: Mapped[Call] = relationship(back_populates="reviewers")
    user: Mapped[User] = relationship()


class Criterion(Model):
    """A published evaluation criterion: scored 0..scale_max, weighted in the ranking."""

    __tablename__ = "calls_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls_calls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    weight: Mapped[float] = mapped_column(sa.Float, default=1.0)
    scale_max: Mapped[int] = mapped_column(default=5)

    call: Mapped[Call] = relationship(back_populates="criteria")


class Review(TimestampMixin, Model):
    """One reviewer's assignment on one submission in one stage (1, or 2 after a pitch)."""

    __tablename__ = "calls_reviews"
    __table_args__ = (
        sa.UniqueConstraint("submission_id", "reviewer_id", "stage", name="uq_calls_reviews_assignment"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calls_submissions.id", ondelete="CASCADE"), index=True
    )
    # None once the reviewer erased their account: the review and its scores stay.
    reviewer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True, nullable=True
    )
    stage: Mapped[int] = mapped_column(default=1)
    conflict: Mapped[bool] = mapped_column(default=False)
    conflict_note: Mapped[str] = mapped_column(sa.Text, default="")
    scores: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)  # criterion id -> score
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    submission: Mapped[Submission] = relationship(back_populates="reviews")
    reviewer: Mapped[User | None] = relationship()


class Voucher(TimestampMixin, Model):
    """A voucher awarded on an accepted submission, tracked until it is paid."""

    __tablename__ = "calls_vouchers"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calls_submissions.id", ondelete="CASCADE"), unique=True
    )
    amount_eur: Mapped[int] = mapped_column(sa.Integer)
    cofinancing_percent: Mapped[int] = mapped_column(sa.Integer, default=0)
    provider: Mapped[str] = mapped_column(sa.String(300), default="")
    status: Mapped[VoucherStatus] = mapped_column(
        enum_column(VoucherStatus, "calls_voucher_status"), default=VoucherStatus.AWARDED
    )

    submission: Mapped[Submission] = relationship()


class Profile(TimestampMixin, Model):
    """A participant's matchmaking profile at one event: what they need and offer."""

    __tablename__ = "calls_profiles"
    __table_args__ = (sa.UniqueConstraint("event_id", "user_id", name="uq_calls_profiles_event_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    region: Mapped[str] = mapped_column(sa.String(200), default="")
    sector: Mapped[str] = mapped_column(sa.String(200), default="")
    trl: Mapped[int | None] = mapped_column(sa.Integer)
    needs: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # competences/technologies sought
    offers: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    description: Mapped[str] = mapped_column(sa.Text, default="")

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship()


class MeetingSlot(Model):
    """A time the organiser set aside for 1:1 meetings, with a place (a table number)."""

    __tablename__ = "calls_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(sa.String(200), default="")


class Meeting(TimestampMixin, Model):
    """A 1:1 meeting one profile asked another for, in one slot."""

    __tablename__ = "calls_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("calls_slots.id", ondelete="CASCADE"), index=True)
    requester_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calls_profiles.id", ondelete="CASCADE"), index=True
    )
    invitee_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calls_profiles.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "calls_meeting_status"), default=MeetingStatus.REQUESTED
    )
    message: Mapped[str] = mapped_column(sa.Text, default="")

    slot: Mapped[MeetingSlot] = relationship()
    requester: Mapped[Profile] = relationship(foreign_keys=[requester_id])
    invitee: Mapped[Profile] = relationship(foreign_keys=[invitee_id])


# What public pages show of these (the calls panel) is kept in each worker while they
# are unchanged: PostgreSQL announces their changes (migration 0003_calls_announce).
PANEL_TABLES = (Call.__tablename__, MeetingSlot.__tablename__, Profile.__tablename__)
for _model in (Call, MeetingSlot, Profile):
    announce_changes(_model)
