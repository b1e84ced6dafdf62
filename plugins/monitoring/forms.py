"""Forms of the monitoring plugin (CSRF through Flask-WTF)."""

from __future__ import annotations

from confsite_plugins.monitoring.dates import DateInputError, normalise_days, parse_day_list
from confsite_plugins.monitoring.models import ActivityCategory, DatePrecision, SdgRating
from confsite_plugins.monitoring.narrative import COMMENT_KEYS, COMMENT_LABELS, MAX_TEXT, PROGRESS_PARTS
from confsite_plugins.monitoring.profile import SDG_GOALS
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from confsite.api import select_choices

from .i18n import _, _l

BLANK_ROWS = 2  # empty rows offered for adding lead regions and working areas
MAX_ROWS = 200  # rows read from one submission, whatever the client sends


def _strip(value: str | None) -> str:
    """Field filter: missing or blank input becomes ""."""
    return (value or "").strip()


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def commas(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class LeadRow(Form):
    """One representative of a lead region (or a lead region without one)."""

    region = StringField(_l("Lead region"), filters=[_strip], validators=[Length(max=200)])
    name = StringField(_l("Representative"), filters=[_strip], validators=[Length(max=200)])
    institution = StringField(_l("Institution"), filters=[_strip], validators=[Length(max=300)])
    contact = StringField(_l("Contact (e-mail, phone)"), filters=[_strip], validators=[Length(max=300)])

    def validate_region(self, field: StringField) -> None:
        if not field.data.strip() and (
            self.name.data.strip() or self.institution.data.strip() or self.contact.data.strip()
        ):
            raise ValidationError(_("Give the lead region this representative belongs to."))

    def validate_name(self, field: StringField) -> None:
        if not field.data.strip() and (self.institution.data.strip() or self.contact.data.strip()):
            raise ValidationError(_("Give the representative's name."))


class WorkingAreaRow(Form):
    title = StringField(_l("Working area"), filters=[_strip], validators=[Length(max=300)])
    region_in_charge = StringField(_l("Region in charge"), filters=[_strip], validators=[Length(max=300)])
    involved_regions = StringField(
        _l("Involved regions"), filters=[_strip], description=_l("Separate with commas.")
    )
    other_actors = StringField(_l("Other actors"), filters=[_strip], description=_l("Separate with commas."))

    def validate_title(self, field: StringField) -> None:
        if not field.data.strip() and (
            self.region_in_charge.data.strip()
            or self.involved_regions.data.strip()
            or self.other_actors.data.strip()
        ):
            raise ValidationError(_("Give the working area a name."))


class SdgForm(Form):
    """One select per goal; empty = not rated."""


for _goal, _name in SDG_GOALS.items():
    setattr(
        SdgForm,
        f"goal_{_goal}",
        SelectField(
            _l("Goal %(_goal)s: %(_name)s", _goal=_goal, _name=_name),
            choices=select_choices([("", _l("Not rated")), *SdgRating.choices()]),
            default="",
        ),
    )


class ProfileForm(FlaskForm):
    objectives = TextAreaField(_l("Objectives"), filters=[_strip], validators=[Length(max=5000)])
    web_page = StringField(
        _l("Partnership web page"), filters=[_strip], validators=[Optional(), URL(), Length(max=500)]
    )
    thematic_platform = StringField(
        _l("S3 thematic platform"),
        filters=[_strip],
        validators=[Length(max=200)],
        description=_l("e.g. Industrial Modernisation"),
    )
    ec_coordinator = StringField(
        _l("European Commission coordinator"),
        filters=[_strip],
        validators=[Length(max=300)],
        description=_l("Name and e-mail."),
    )
    other_information = TextAreaField(
        _l("Any other relevant information"), filters=[_strip], validators=[Length(max=5000)]
    )
    lead_regions = FieldList(
        FormField(LeadRow), label="Lead regions and representatives", max_entries=MAX_ROWS
    )
    partner_regions = TextAreaField(
        _l("Partner regions"), description=_l("One per line."), validators=[Length(max=20000)]
    )
    joining_regions = TextAreaField(
        _l("Regions intending to join"), description=_l("One per line."), validators=[Length(max=20000)]
    )
    other_participants = TextAreaField(
        _l("Other participants (organisations)"),
        description=_l("One per line."),
        validators=[Length(max=20000)],
    )
    working_areas = FieldList(FormField(WorkingAreaRow), label="Thematic working areas", max_entries=MAX_ROWS)
    working_areas_comments = TextAreaField(
        _l("Any other comments on the working areas"), filters=[_strip], validators=[Length(max=5000)]
    )
    sdg = FormField(SdgForm, label=_l("Contribution to the Sustainable Development Goals"))


class _DatesMixin:
    precision = SelectField(
        _l("Date precision"), choices=select_choices(DatePrecision.choices()), default="day"
    )
    dates = StringField(
        _l("Dates"),
        description=_l(
            "Days as YYYY-MM-DD separated by commas (several for an activity held on "
            "separate days); for a month or season one date in it, e.g. 2019-10; "
            "empty when to be decided."
        ),
    )
    date_text = StringField(
        _l("Date as written"),
        validators=[Length(max=120)],
        description=_l("Optional: the wording shown in reports, e.g. “Sept.–Oct. 2019”."),
    )
    place = StringField(_l("Place"), filters=[_strip], validators=[Length(max=300)])

    has_event = False

    def validate_dates(self, field: StringField) -> None:
        if self.precision.data not in {p.value for p in DatePrecision}:
            return  # an unknown precision: the precision field itself reports it
        try:
            normalise_days(
                DatePrecision(self.precision.data), parse_day_list(field.data or ""), has_event=self.has_event
            )
        except DateInputError as exc:
            raise ValidationError(str(exc)) from None


class EventActivityForm(_DatesMixin, FlaskForm):
    """Monitoring details of an event; every field may stay empty."""

    category = SelectField(
        _l("Report table"),
        choices=select_choices([("", _l("From the event kind")), *ActivityCategory.choices()]),
        default="",
    )
    has_event = True


class ActivityForm(_DatesMixin, FlaskForm):
    """A stand-alone activity (not run as an event on this site)."""

    title = StringField(_l("Title"), filters=[_strip], validators=[DataRequired(), Length(max=300)])
    category = SelectField(
        _l("Report table"), choices=select_choices(ActivityCategory.choices()), validators=[DataRequired()]
    )


def _narrative_field(label: object) -> TextAreaField:
    return TextAreaField(label, filters=[_strip], validators=[Length(max=MAX_TEXT)])


class NarrativeForm(FlaskForm):
    """What the lead regions write for one reporting period; every field may stay empty
    (the report then says the question is not answered yet)."""

    executive_summary = TextAreaField(
        _l("Executive summary"),
        filters=[_strip],
        validators=[Length(max=MAX_TEXT)],
        description=_l("At most about 250 words."),
    )
    self_evaluation = TextAreaField(
        _l("Self-evaluation"),
        filters=[_strip],
        validators=[Length(max=MAX_TEXT)],
        description=_l("Not published on the partnership's web page."),
    )


for _part in PROGRESS_PARTS:
    for _question in _part.questions:
        setattr(NarrativeForm, _question.field, _narrative_field(_question.label))
for _key in COMMENT_KEYS:
    setattr(
        NarrativeForm,
        f"comment_{_key.replace('-', '_')}",
        TextAreaField(
            COMMENT_LABELS[_key], filters=[_strip], validators=[Length(max=5000)], render_kw={"rows": 2}
        ),
    )


def comment_field(form: NarrativeForm, key: str) -> TextAreaField:
    """The "any other comments" field of the activity table ``key`` (e.g. past-meeting)."""
    return getattr(form, f"comment_{key.replace('-', '_')}")
