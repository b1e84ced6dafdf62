"""Organiser forms of the attendance plugin."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from .i18n import _l


class ManualCountForm(FlaskForm):
    day = DateField(_l("Day"), validators=[InputRequired(message=_l("Give the day the number is for."))])
    source = StringField(
        _l("Source"),
        filters=[lambda value: " ".join(value.split()) if value else value],
        validators=[DataRequired(message=_l("Say where the number comes from.")), Length(max=120)],
        description=_l('Where the number comes from, e.g. "Streaming platform" or "Head count at the door".'),
    )
    count = IntegerField(
        _l("Number"),
        validators=[
            InputRequired(message=_l("Give a whole number.")),
            NumberRange(min=1, max=10_000_000, message=_l("Give a number between 1 and 10,000,000.")),
        ],
    )


class DeleteForm(FlaskForm):
    """CSRF-only form for delete buttons."""
