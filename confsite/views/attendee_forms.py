"""Forms of the attendee-facing pages: accounts and registration.

Lengths match the database columns, so over-long input is a form error, never a
database error.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from confsite.countries import country_choices
from confsite.hooktypes import Question
from confsite.i18n import _l
from confsite.models import Sector
from confsite.services.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from confsite.services.registration_questions import field_name

EMAIL_CHECKS = [
    DataRequired(_l("Please give your e-mail address.")),
    Length(max=254),
    Email(_l("Please give a valid e-mail address.")),
]
NEW_PASSWORD_CHECKS = [
    DataRequired(_l("Please choose a password.")),
    Length(
        min=MIN_PASSWORD_LENGTH,
        max=MAX_PASSWORD_LENGTH,
        message=_l(
            "Use %(MIN_PASSWORD_LENGTH)s to %(MAX_PASSWORD_LENGTH)s characters.",
            MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH,
            MAX_PASSWORD_LENGTH=MAX_PASSWORD_LENGTH,
        ),
    ),
]


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Please give your e-mail address.")), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please give your password.")), Length(max=MAX_PASSWORD_LENGTH)],
    )


class SignUpForm(FlaskForm):
    display_name = StringField(
        _l("Your name"), validators=[DataRequired(_l("Please give your name.")), Length(max=200)]
    )
    email = EmailField(_l("E-mail"), validators=EMAIL_CHECKS)
    password = PasswordField(
        _l("Password"),
        validators=NEW_PASSWORD_CHECKS,
        description=_l(
            "At least %(MIN_PASSWORD_LENGTH)s characters.", MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH
        ),
    )
    confirm = PasswordField(
        _l("Repeat the password"), validators=[EqualTo(_l("password"), "The two passwords differ.")]
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=EMAIL_CHECKS)


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=NEW_PASSWORD_CHECKS,
        description=_l(
            "At least %(MIN_PASSWORD_LENGTH)s characters.", MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH
        ),
    )
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[EqualTo(_l("password"), "The two passwords differ.")]
    )


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Your name"), validators=[DataRequired(_l("Please give your name.")), Length(max=200)]
    )
    email = EmailField(_l("E-mail"), validators=EMAIL_CHECKS)
    current_password = PasswordField(
        _l("Current password"),
        validators=[Optional(), Length(max=MAX_PASSWORD_LENGTH)],
        description=_l("Needed only to change your e-mail address."),
    )


class EraseAccountForm(FlaskForm):
    """Erasing an account cannot be undone: the password and an explicit tick."""

    current_password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Please give your password.")), Length(max=MAX_PASSWORD_LENGTH)],
    )
    understood = BooleanField(
        _l("I understand that my account is deleted and my registrations are anonymised for good."),
        validators=[DataRequired(_l("Please tick the box to confirm."))],
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Please give your current password.")), Length(max=MAX_PASSWORD_LENGTH)],
    )
    password = PasswordField(
        _l("New password"),
        validators=NEW_PASSWORD_CHECKS,
        description=_l(
            "At least %(MIN_PASSWORD_LENGTH)s characters.", MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH
        ),
    )
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[EqualTo(_l("password"), "The two passwords differ.")]
    )


def _country_options() -> list[tuple[str, str]]:
    return [("", "Choose a country"), *country_choices()]


def _sector_options() -> list[tuple[str, str]]:
    return [("", "Choose a sector"), *Sector.choices()]


class RegistrationForm(FlaskForm):
    name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Please give your name.")), Length(max=200)]
    )
    email = EmailField(
        _l("E-mail"),
        validators=EMAIL_CHECKS,
        description=_l("We send the confirmation and a link to manage your registration here."),
    )
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    country = SelectField(
        _l("Country"), choices=_country_options, validators=[DataRequired(_l("Please choose your country."))]
    )
    sector = SelectField(
        _l("Sector"), choices=_sector_options, validators=[DataRequired(_l("Please choose your sector."))]
    )
    consent = BooleanField(
        _l("I agree that the organisers process these details to run the event."),
        validators=[DataRequired(_l("Please agree to the processing of your data to register."))],
    )


def with_questions(form_class: type[FlaskForm], questions: list[Question]) -> type[FlaskForm]:
    """``form_class`` plus one field per plugin question (named by
    ``registration_questions.field_name``); answers are checked by that service."""
    fields: dict[str, Field] = {}
    for question in questions:
        name = field_name(question)
        if question.kind == "bool":
            fields[name] = BooleanField(question.label, description=question.help)
        elif question.kind == "choice":
            choices = [SelectChoice("", _l("Choose…"))]
            choices += [SelectChoice(value, label) for value, label in question.choices]
            # validate_choice off: the service checks the answer and says which question
            fields[name] = SelectField(
                question.label, choices=choices, description=question.help, validate_choice=False
            )
        else:
            fields[name] = StringField(
                question.label, description=question.help, render_kw={"maxlength": question.max_length}
            )
    return type(form_class.__name__, (form_class,), {**fields, "question_names": list(fields)})
