"""Forms of the organiser workspace: plain fields with labels a project officer understands."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Email, InputRequired, Length, NumberRange, Optional

from confsite.countries import country_choices
from confsite.extensions import db
from confsite.i18n import LANGUAGES, _, _l, language_name
from confsite.models import EventFormat, EventKind, Organisation, RoleName, Sector, SessionKind, SessionStatus
from confsite.services.registration import MAX_CAPACITY
from confsite.views.choices import select_choices

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# Texts shown on public pages are Markdown (confsite/rich_text.py); markdown-preview.js
# adds a preview button to the fields marked so.
MARKDOWN_HINT = _l("Markdown: **bold**, *italics*, lists with “- ”, [links](https://…), # headings.")
MARKDOWN_FIELD = {"data-markdown": "preview", "rows": 6}


def _country_choices() -> list[SelectChoice]:
    return select_choices([("", str(_l("— not given —"))), *country_choices()])


def organisation_choices() -> list[SelectChoice]:
    """Every organisation, after a "none" option (value 0)."""
    organisations = db.session.scalars(sa.select(Organisation).order_by(Organisation.name))
    return select_choices([(0, _("— none —")), *((o.id, o.name) for o in organisations)])


class ConfirmForm(FlaskForm):
    """An empty form: a confirmation button with its CSRF token."""


class SeriesForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Web address name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("Lower-case letters, digits and hyphens, e.g. regions4permed. Appears in links."),
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional()], description=MARKDOWN_HINT, render_kw=MARKDOWN_FIELD
    )


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Web address name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("Lower-case letters, digits and hyphens, e.g. key-area-4-conference."),
    )
    series = SelectField(_l("Series or programme"), coerce=int, default=0)
    kind = SelectField(_l("Kind of event"), choices=select_choices(EventKind.choices()))
    format = SelectField(_l("Format"), choices=select_choices(EventFormat.choices()))
    timezone = StringField(
        _l("Time zone"),
        default="Europe/Brussels",
        validators=[DataRequired(), Length(max=64)],
        description=_l(
            "Where the event happens, as a name such as Europe/Madrid. All times below are in this zone."
        ),
    )
    start = DateTimeLocalField(
        _l("Starts"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(message=_l("Give the start date and time."))],
    )
    end = DateTimeLocalField(
        _l("Ends"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(message=_l("Give the end date and time."))],
    )
    venue = StringField(
        _l("Venue or place"),
        validators=[Optional(), Length(max=300)],
        description=_l("Leave empty for an online event."),
    )
    online_url = URLField(
        _l("Online link (stream or meeting)"), validators=[Optional(), URL(), Length(max=500)]
    )
    join_release_minutes = IntegerField(
        _l("Hold the online link back until (minutes before the start)"),
        validators=[Optional(), NumberRange(min=0, max=10080)],
        description=_l(
            "Leave empty to give confirmed registrants the link at once. Otherwise it appears "
            "this many minutes before the start, and a joining-details e-mail goes out then."
        ),
    )
    reminder_hours = IntegerField(
        _l("Reminder e-mail (hours before the start)"),
        default=24,
        validators=[Optional(), NumberRange(min=0, max=720)],
        description=_l(
            "Registrants get the agenda and joining details this long before the start; "
            "0 sends none, empty means 24."
        ),
    )
    host = SelectField(_l("Host organisation"), coerce=int, default=0)
    description = TextAreaField(
        _l("Description"), validators=[Optional()], description=MARKDOWN_HINT, render_kw=MARKDOWN_FIELD
    )
    capacity = IntegerField(
        _l("Capacity (seats)"),
        validators=[Optional(), NumberRange(min=0, max=MAX_CAPACITY)],
        description=_l("Leave empty for no limit. Raising it confirms people from the waiting list."),
    )
    registration_opens = DateTimeLocalField(
        _l("Registration opens"), format=DATETIME_FORMAT, validators=[Optional()]
    )
    registration_closes = DateTimeLocalField(
        _l("Registration closes"), format=DATETIME_FORMAT, validators=[Optional()]
    )
    report_language = SelectField(
        _l("Report language"),
        choices=select_choices((code, language_name(code)) for code in LANGUAGES),
        default=LANGUAGES[0],
        description=_l(
            "The language of this event's reports (headings, dates and numbers), whatever "
            "language the reader browses in."
        ),
    )


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(
        _l("Kind"), choices=select_choices(SessionKind.choices()), default=SessionKind.TALKS.value
    )
    status = SelectField(
        _l("Status"),
        choices=select_choices(SessionStatus.choices()),
        default=SessionStatus.SCHEDULED.value,
        description=_l("Choose Cancelled to keep the session on the agenda, marked as cancelled."),
    )
    day = DateField(_l("Day"), validators=[InputRequired(message=_l("Give the day."))])
    start = TimeField(_l("Starts at"), validators=[InputRequired(message=_l("Give the start time."))])
    end = TimeField(_l("Ends at"), validators=[InputRequired(message=_l("Give the end time."))])
    room = SelectField(_l("Room or track"), coerce=int, default=0)
    chairs = StringField(
        _l("Chairs"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Names as on the People list, separated by semicolons."),
    )
    # Filled by the people picker (static/people-picker.js): ids in order, used instead of the names.
    chair_ids = HiddenField(validators=[Optional(), Length(max=600)])
    description = TextAreaField(
        _l("Description"), validators=[Optional()], description=MARKDOWN_HINT, render_kw=MARKDOWN_FIELD
    )
    # Shown only once saving found clashes (views/manage/programme.py).
    accept_clashes = BooleanField(_l("Save despite these clashes"))


class TalkForm(FlaskForm):
    title = StringField(_l("Talk title"), validators=[DataRequired(), Length(max=300)])
    start = TimeField(
        _l("Starts at (optional)"),
        validators=[Optional()],
        description=_l("The talk's own time within its session, shown in the agenda."),
    )
    speakers = StringField(
        _l("Speakers"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Names as on the People list, in speaking order, separated by semicolons."),
    )
    speaker_ids = HiddenField(validators=[Optional(), Length(max=600)])
    new_speaker = StringField(
        _l("New speaker not yet on the People list (optional)"),
        validators=[Optional(), Length(max=200)],
        description=_l("Their full name: they are added to the People list and speak last."),
    )
    new_speaker_organisation = SelectField(_l("New speaker's organisation"), coerce=int, default=0)
    new_speaker_country = SelectField(_l("New speaker's country"), choices=[], default="")
    summary = TextAreaField(_l("Summary"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.new_speaker_country.choices = _country_choices()


class PersonForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    position = StringField(_l("Job title or position"), validators=[Optional(), Length(max=200)])
    organisation = SelectField(_l("Organisation"), coerce=int, default=0)
    country = SelectField(_l("Country"), choices=[], default="")
    email = EmailField(_l("E-mail (not shown publicly)"), validators=[Optional(), Email(), Length(max=254)])
    photo_url = URLField(_l("Photo link"), validators=[Optional(), URL(), Length(max=500)])
    bio = TextAreaField(
        _l("Short biography"), validators=[Optional()], description=MARKDOWN_HINT, render_kw=MARKDOWN_FIELD
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _country_choices()


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    country = SelectField(_l("Country"), choices=[], default="")
    region = StringField(_l("Region"), validators=[Optional(), Length(max=200)])
    sector = SelectField(_l("Sector"), choices=select_choices(Sector.choices()), default=Sector.OTHER.value)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _country_choices()


class RoomForm(FlaskForm):
    name = StringField(_l("Room or track name"), validators=[DataRequired(), Length(max=120)])


class RoleForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(), Length(max=254)],
        description=_l("People without an account are invited and get the role when they sign up."),
    )
    role = SelectField(_l("Role"), choices=select_choices(RoleName.choices()))
    organisation = SelectField(_l("Organisation (for partners)"), coerce=int, default=0)


class RegistrationForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    country = SelectField(_l("Country"), choices=[], default="")
    sector = SelectField(_l("Sector"), choices=select_choices(Sector.choices()), default=Sector.OTHER.value)
    consent = BooleanField(
        _l("This person agreed to the processing of their data"),
        validators=[DataRequired(message=_l("Registration needs the person's consent."))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _country_choices()


class CapacityForm(FlaskForm):
    capacity = IntegerField(
        _l("Capacity (seats)"),
        validators=[Optional(), NumberRange(min=0, max=MAX_CAPACITY)],
        description=_l("Leave empty for no limit. Raising it confirms people from the waiting list."),
    )


class UploadForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(message=_l("Choose a file to upload."))])


class EventImportForm(UploadForm):
    as_copy = BooleanField(
        _l("Import as a copy"),
        description=_l(
            "Gives the sessions and talks new identifiers, e.g. for a file exported from this site."
        ),
    )
    new_slug = StringField(
        _l("Web address name of the copy"),
        validators=[Optional(), Length(max=80)],
        description=_l("Leave empty to keep the file's."),
    )


class DuplicateEventForm(FlaskForm):
    """Where and when the copy of an event goes."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Web address name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("Lower-case letters, digits and hyphens, e.g. key-area-4-conference-2022."),
    )
    first_day = DateField(
        _l("First day"),
        validators=[InputRequired()],
        description=_l("Every session moves by the same number of days; times of day stay."),
    )


class MessageForm(FlaskForm):
    """An organiser's message to a group of the event's people."""

    audience = SelectField(_l("To"), choices=[], validate_choice=False)
    subject = StringField(_l("Subject"), validators=[Length(max=300)])
    body = TextAreaField(
        _l("Message"),
        description=_l(
            "Markdown: **bold**, *italic*, [links](https://…), lists with “- ”. "
            "Each person gets their own e-mail."
        ),
        render_kw={"rows": 12},
    )


IMAGE_TYPES = "image/png,image/jpeg,image/webp,image/gif"


class BrandingForm(FlaskForm):
    """Logo, banner and accent colour of an event or series (services/branding.py)."""

    logo = FileField(
        _l("Logo"),
        render_kw={"accept": IMAGE_TYPES},
        description=_l("PNG, JPEG, WebP or GIF. Leave empty to keep the current one."),
    )
    remove_logo = BooleanField(_l("Remove the logo"))
    banner = FileField(
        _l("Banner"),
        render_kw={"accept": IMAGE_TYPES},
        description=_l("A wide picture shown at the top of the event page and the booklet's cover."),
    )
    remove_banner = BooleanField(_l("Remove the banner"))
    accent_colour = StringField(
        _l("Accent colour"),
        validators=[Optional(), Length(max=7)],
        description=_l(
            "As # and six hexadecimal digits, e.g. #1d4f91. White text must be readable on it "
            "(contrast at least 4.5:1). Leave empty to use the series' or the site's."
        ),
    )


class PhotoForm(FlaskForm):
    photo = FileField(
        _l("Photo"),
        render_kw={"accept": IMAGE_TYPES},
        description=_l("PNG, JPEG, WebP or GIF; it is resized and its camera data removed."),
    )
    remove_photo = BooleanField(_l("Remove the photo"))
