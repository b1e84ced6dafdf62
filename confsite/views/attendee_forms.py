"""Forms of the attendee-facing pages: accounts and registration.

Lengths match the database columns, so over-long input is a form error, never a
database error.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from confsite.countries import country_choices
from confsite.i18n import _l
from confsite.models import Sector
from confsite.services.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

EMAIL_CHECKS = [
    DataRequired("Please give your e-mail address."),
    Length(max=254),
    Email("Please give a valid e-mail address."),
]
NEW_PASSWORD_CHECKS = [
    DataRequired("Please choose a password."),
    Length(
        min=MIN_PASSWORD_LENGTH,
        max=MAX_PASSWORD_LENGTH,
        message=f"Use {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.",
    ),
]


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mail", validators=[DataRequired("Please give your e-mail address."), Length(max=254)]
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Please give your password."), Length(max=MAX_PASSWORD_LENGTH)]
    )


class SignUpForm(FlaskForm):
    display_name = StringField(
        "Your name", validators=[DataRequired("Please give your name."), Length(max=200)]
    )
    email = EmailField("E-mail", validators=EMAIL_CHECKS)
    password = PasswordField(
        "Password", validators=NEW_PASSWORD_CHECKS, description=f"At least {MIN_PASSWORD_LENGTH} characters."
    )
    confirm = PasswordField(
        "Repeat the password", validators=[EqualTo("password", "The two passwords differ.")]
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField("E-mail", validators=EMAIL_CHECKS)


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=NEW_PASSWORD_CHECKS,
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Repeat the new password", validators=[EqualTo("password", "The two passwords differ.")]
    )


class ProfileForm(FlaskForm):
    display_name = StringField(
        "Your name", validators=[DataRequired("Please give your name."), Length(max=200)]
    )
    email = EmailField("E-mail", validators=EMAIL_CHECKS)
    current_password = PasswordField(
        "Current password",
        validators=[Optional(), Length(max=MAX_PASSWORD_LENGTH)],
        description="Needed only to change your e-mail address.",
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
        "Current password",
        validators=[DataRequired("Please give your current password."), Length(max=MAX_PASSWORD_LENGTH)],
    )
    password = PasswordField(
        "New password",
        validators=NEW_PASSWORD_CHECKS,
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Repeat the new password", validators=[EqualTo("password", "The two passwords differ.")]
    )


def _country_options() -> list[tuple[str, str]]:
    return [("", "Choose a country"), *country_choices()]


def _sector_options() -> list[tuple[str, str]]:
    return [("", "Choose a sector"), *Sector.choices()]


class RegistrationForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired("Please give your name."), Length(max=200)])
    email = EmailField(
        "E-mail",
        validators=EMAIL_CHECKS,
        description="We send the confirmation and a link to manage your registration here.",
    )
    organisation = StringField("Organisation", validators=[Optional(), Length(max=200)])
    country = SelectField(
        "Country", choices=_country_options, validators=[DataRequired("Please choose your country.")]
    )
    sector = SelectField(
        "Sector", choices=_sector_options, validators=[DataRequired("Please choose your sector.")]
    )
    consent = BooleanField(
        "I agree that the organisers process these details to run the event.",
        validators=[DataRequired("Please agree to the processing of your data to register.")],
    )
