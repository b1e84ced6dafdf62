"""Forms of the capture, outcomes and suggestion pages (CSRF through Flask-WTF)."""

from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from confsite.api import select_choices

from .i18n import _, _l
from .models import MAX_LENGTH, MAX_RAW_LENGTH

BODY_HINT = (
    f"Up to {MAX_LENGTH} characters. Optional formatting: <b>bold</b>, <i>italics</i>, "
    '<a href="https://…">link</a>.'
)


def new_key() -> str:
    """A fresh idempotency key for one capture form."""
    return uuid.uuid4().hex


def _body(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[InputRequired(_l("Write the message first."))],
        description=BODY_HINT,
        render_kw={"maxlength": MAX_RAW_LENGTH, "data-max-length": MAX_LENGTH, "rows": 3},
    )


class AddMessageForm(FlaskForm):
    """Adds one message to a talk (``talk`` 0: the session as a whole)."""

    body = _body("New message")
    talk = HiddenField()
    key = HiddenField()


class EditMessageForm(FlaskForm):
    body = _body("Message")
    talk = SelectField(_l("Talk"), coerce=int)


class SuggestionForm(FlaskForm):
    body = _body("Your suggestion")
    talk = SelectField(_l("About"), coerce=int)
    key = HiddenField()


class AcceptSuggestionForm(FlaskForm):
    body = _body("Message as it will be saved")
    talk = SelectField(_l("Talk"), coerce=int)


class OutcomesForm(FlaskForm):
    text = TextAreaField(
        _l("Main outcomes"),
        description=_l("A few paragraphs, separated by a blank line. Bold, italics and links allowed."),
        render_kw={"rows": 10},
    )
    key_points = TextAreaField(
        _l("Key points"),
        description=_l("One key point a line, up to %(MAX_LENGTH)s characters each.", MAX_LENGTH=MAX_LENGTH),
        render_kw={"rows": 8},
    )


def talk_choices(session) -> list[SelectChoice]:
    """The talks of ``session`` to file a message under, after the session as a whole (0)."""
    return select_choices([(0, _("The session as a whole")), *((t.id, t.title) for t in session.talks)])
