"""Forms of the report plugin (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from confsite.api import _l, select_choices

from .models import Addressee


class AreaForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    rationale = TextAreaField(
        _l("Rationale"),
        validators=[Length(max=5000)],
        description=_l("Why this area matters; blank lines separate paragraphs."),
    )
    position = IntegerField(
        _l("Position"),
        validators=[Optional(), NumberRange(min=0, max=999)],
        description=_l("Areas are listed by position (lowest first)."),
    )
    session_id = SelectField(_l("Panel session"), coerce=int, choices=[], validate_choice=True)


class RecommendationForm(FlaskForm):
    area_id = SelectField(_l("Policy area"), coerce=int, choices=[])
    text = TextAreaField(_l("Recommendation"), validators=[DataRequired(), Length(max=2000)])
    addressee = SelectField(
        _l("Addressed to"),
        default="",
        choices=select_choices([("", _l("Not specified"))] + [(a.value, a.label) for a in Addressee]),
    )
    session_ids = SelectMultipleField(
        _l("Supporting sessions"),
        coerce=int,
        choices=[],
        description=_l("Hold Ctrl (or Cmd) to pick several."),
    )
    talk_ids = SelectMultipleField(
        _l("Supporting talks"), coerce=int, choices=[], description=_l("Hold Ctrl (or Cmd) to pick several.")
    )


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=2000)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for rejecting"), validators=[DataRequired(), Length(max=2000)])


class MergeForm(FlaskForm):
    into_id = SelectField(_l("Merge into"), coerce=int, choices=[])


class WindowForm(FlaskForm):
    opens_at = DateTimeLocalField(
        _l("Voting opens (UTC)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()]
    )
    closes_at = DateTimeLocalField(
        _l("Voting closes (UTC)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()]
    )


class QuorumForm(FlaskForm):
    quorum = IntegerField(
        _l("Quorum (fewest partner votes to be ranked)"),
        validators=[DataRequired(message=_l("Give a number of votes.")), NumberRange(min=1, max=1000)],
        description=_l("Recommendations with fewer votes are listed apart, unranked."),
    )


class ReportTextsForm(FlaskForm):
    title = StringField(
        _l("Report title"), validators=[Length(max=300)], description=_l("Leave empty for the default title.")
    )
    period_start = DateField(
        _l("Period from"),
        validators=[Optional()],
        description=_l("Series reports cover published events starting in this period."),
    )
    period_end = DateField(_l("Period to"), validators=[Optional()])
    introduction = TextAreaField(
        _l("Introduction"), validators=[Length(max=20000)], description=_l("Blank lines separate paragraphs.")
    )
    capacity_building = TextAreaField(_l("Capacity-building conclusions"), validators=[Length(max=20000)])
    conclusions = TextAreaField(_l("Conclusions"), validators=[Length(max=20000)])


class LayoutForm(FlaskForm):
    template = SelectField(_l("Document template"), choices=[])
    event_ids = SelectMultipleField(
        _l("Events covered"),
        coerce=int,
        choices=[],
        description=_l("None chosen: every published event of the series in the period."),
    )


class DeliverableForm(FlaskForm):
    """The cover of an EU deliverable (all optional)."""

    acronym = StringField(_l("Project acronym"), validators=[Length(max=200)])
    project = StringField(_l("Project title"), validators=[Length(max=500)])
    programme = StringField(_l("Funding programme"), validators=[Length(max=300)])
    grant_number = StringField(_l("Grant agreement number"), validators=[Length(max=100)])
    deliverable_id = StringField(_l("Deliverable number"), validators=[Length(max=100)])
    deliverable_title = StringField(_l("Deliverable title"), validators=[Length(max=500)])
    work_package = StringField(_l("Work package"), validators=[Length(max=200)])
    lead_beneficiary = StringField(_l("Lead beneficiary"), validators=[Length(max=300)])
    dissemination_level = SelectField(
        _l("Dissemination level"),
        choices=select_choices(
            [("PU", _l("PU – Public")), ("SEN", _l("SEN – Sensitive")), ("CO", _l("CO – Confidential"))]
        ),
    )
    due_date = StringField(_l("Due date"), validators=[Length(max=100)])
    submission_date = StringField(_l("Submission date"), validators=[Length(max=100)])
    version = StringField(_l("Version"), validators=[Length(max=50)])
    authors = TextAreaField(_l("Authors"), validators=[Length(max=2000)])
    contributors = TextAreaField(_l("Contributors"), validators=[Length(max=2000)])
    reviewers = TextAreaField(_l("Reviewers"), validators=[Length(max=2000)])
    history = TextAreaField(
        _l("Document history"),
        validators=[Length(max=10000)],
        description=_l("One line per version: version | date | author | change"),
    )
    disclaimer = TextAreaField(_l("Disclaimer"), validators=[Length(max=2000)])
    funding_statement = TextAreaField(_l("Funding statement"), validators=[Length(max=2000)])
    logo = FileField(_l("Project logo (PNG or JPEG, at most 2 MB)"))
    remove_logo = BooleanField(_l("Remove the logo"))
    emblem = FileField(_l("Funding emblem (PNG or JPEG, at most 2 MB)"))
    remove_emblem = BooleanField(_l("Remove the emblem"))
