"""Organiser, reviewer and participant forms (the applicant's form is built at run
time from the call's questions: see :mod:`.answers`)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from confsite.api import select_choices

from . import storage
from .i18n import _l
from .models import Call, CallKind, FieldKind, VoucherStatus

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def zone_of(call_or_scope) -> str:
    """The zone a call's times are typed in: its event's, else the series' first event's."""
    event = getattr(call_or_scope, "event", None)
    if event is not None:
        return event.timezone
    series = getattr(call_or_scope, "series", None) or call_or_scope
    events = getattr(series, "events", None) or []
    return events[0].timezone if events else "UTC"


def to_utc(local: datetime, zone: str) -> datetime:
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def to_local(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


class CallForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=select_choices(CallKind.choices()))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What the call is about"), validators=[Length(max=20000)])
    eligibility = TextAreaField(_l("Eligibility rules shown to applicants"), validators=[Length(max=20000)])
    opens_at = DateTimeLocalField(_l("Opens"), format=DATETIME_FORMAT, validators=[DataRequired()])
    closes_at = DateTimeLocalField(_l("Closes"), format=DATETIME_FORMAT, validators=[DataRequired()])
    published = BooleanField(_l("Published (visible to applicants)"))
    allow_coapplicants = BooleanField(_l("Applicants may name co-applicants"))
    anonymous = BooleanField(_l("Anonymous answers (surveys only)"))
    two_stage = BooleanField(_l("Two stages: shortlist, pitch, final decision"))
    accept_template = TextAreaField(
        _l("E-mail on acceptance ({name}, {title}, {call} are filled in)"), validators=[Length(max=10000)]
    )
    reject_template = TextAreaField(_l("E-mail on rejection"), validators=[Length(max=10000)])
    waitlist_template = TextAreaField(_l("E-mail on the waiting list"), validators=[Length(max=10000)])


class FieldForm(FlaskForm):
    kind = SelectField(_l("Kind of question"), choices=select_choices(FieldKind.choices()))
    label = StringField(_l("Question"), validators=[DataRequired(), Length(max=300)])
    help = TextAreaField(_l("Help text"), validators=[Length(max=2000)])
    required = BooleanField(_l("Required"))
    options = TextAreaField(_l("Options (choice questions: one per line)"), validators=[Length(max=5000)])
    max_length = IntegerField(
        _l("Maximum characters (text questions)"), validators=[Optional(), NumberRange(min=1, max=100000)]
    )
    file_types = SelectMultipleField(
        _l("Accepted file types (file questions)"),
        choices=select_choices((k, k.upper()) for k in storage.FILE_TYPES),
    )
    max_size_kb = IntegerField(
        _l("Maximum file size in KB (file questions)"), validators=[Optional(), NumberRange(min=1, max=51200)]
    )


class CriterionForm(FlaskForm):
    name = StringField(_l("Criterion"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("What reviewers look at"), validators=[Length(max=5000)])
    weight = FloatField(
        _l("Weight"), default=1.0, validators=[DataRequired(), NumberRange(min=0.01, max=100)]
    )
    scale_max = IntegerField(
        _l("Scale maximum (scores go from 0)"), default=5, validators=[DataRequired(), NumberRange(1, 100)]
    )


class ReviewerForm(FlaskForm):
    email = StringField(_l("Reviewer's e-mail (an existing account)"), validators=[DataRequired(), Email()])


class AutoAssignForm(FlaskForm):
    per_submission = IntegerField(
        _l("Reviewers per application"), default=2, validators=[DataRequired(), NumberRange(1, 20)]
    )


class ManualAssignForm(FlaskForm):
    submission = SelectField(_l("Application"), coerce=int)
    reviewer = SelectField(_l("Reviewer"), coerce=int)


class ConflictForm(FlaskForm):
    note = TextAreaField(_l("Why (kept for the organisers)"), validators=[Length(max=2000)])


class DecisionForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        choices=select_choices(
            [("accepted", _l("Accept")), ("rejected", _l("Reject")), ("waitlisted", _l("Waiting list"))]
        ),
    )
    notify = BooleanField(_l("E-mail the applicant"), default=True)


class TalkFromSubmissionForm(FlaskForm):
    session = SelectField(_l("Session"), coerce=int)


class VoucherForm(FlaskForm):
    amount_eur = IntegerField(_l("Amount (EUR)"), validators=[DataRequired(), NumberRange(min=1)])
    cofinancing_percent = IntegerField(
        _l("Co-financing share (%)"), default=0, validators=[Optional(), NumberRange(0, 100)]
    )
    provider = StringField(_l("Competence provider"), validators=[Length(max=300)])
    status = SelectField(_l("Status"), choices=select_choices(VoucherStatus.choices()))


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Name shown to others"), validators=[DataRequired(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    region = StringField(_l("Region"), validators=[Length(max=200)])
    sector = StringField(_l("Sector"), validators=[Length(max=200)])
    trl = IntegerField(_l("Technology readiness level (1–9)"), validators=[Optional(), NumberRange(1, 9)])
    needs = TextAreaField(
        _l("Competences or technologies you need (comma-separated)"), validators=[Length(max=2000)]
    )
    offers = TextAreaField(
        _l("Competences or technologies you offer (comma-separated)"), validators=[Length(max=2000)]
    )
    description = TextAreaField(_l("About your project or services"), validators=[Length(max=5000)])


class SlotForm(FlaskForm):
    start_at = DateTimeLocalField(_l("Starts"), format=DATETIME_FORMAT, validators=[DataRequired()])
    end_at = DateTimeLocalField(_l("Ends"), format=DATETIME_FORMAT, validators=[DataRequired()])
    location = StringField(_l("Where (e.g. table 4)"), validators=[Length(max=200)])


class MeetingRequestForm(FlaskForm):
    slot = SelectField(_l("Slot"), coerce=int)
    message = TextAreaField(_l("Message"), validators=[Length(max=1000)])


class EmptyForm(FlaskForm):
    """Buttons that post nothing but the CSRF token."""


def call_form_for(call: Call | None, zone: str) -> CallForm:
    """The call form, filled from ``call`` with its times in ``zone`` (a POST overrides)."""
    if call is None:
        return CallForm()
    names = (
        "title", "description", "eligibility", "published", "allow_coapplicants", "anonymous",
        "two_stage", "accept_template", "reject_template", "waitlist_template",
    )  # fmt: skip
    data = {name: getattr(call, name) for name in names}
    data.update(
        opens_at=to_local(call.opens_at, zone),
        closes_at=to_local(call.closes_at, zone),
        kind=call.kind.value,
    )
    return CallForm(data=data)
