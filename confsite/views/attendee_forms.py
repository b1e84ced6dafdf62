"""Forms of the attendee-facing pages: accounts and registration.

Lengths match the database columns, so over-long input is a form error, never a
database error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import BooleanField, EmailField, Field, PasswordField, SelectField, StringField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from confsite.countries import country_choices
from confsite.hooktypes import Question
from confsite.i18n import _l, current_language
from confsite.models import Sector
from confsite.services.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, AccountError, normalise_email
from confsite.services.registration_questions import field_name


class ValidAddress:
    """An address the services accept (``accounts.normalise_email``): one check for the
    form and the service that it goes to."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, _form: FlaskForm, field: Field) -> None:
        try:
            normalise_email(field.data or "")
        except AccountError:
            raise ValidationError(self.message) from None


EMAIL_CHECKS = [
    DataRequired(_l("Please give your e-mail address.")),
    Length(max=254),
    ValidAddress(_l("Please give a valid e-mail address.")),
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


class FixedChoices:
    """The options of a select box that never change while the process runs (countries,
    sectors): built once per language, not on every request.

    WTForms would make an option object for each of the 250 countries on every
    validation and every rendering, which was a third of a registration POST's time;
    here the labels are translated and the ``<option>`` markup rendered once per
    language, and an answer is checked with one set lookup.
    """

    def __init__(self, placeholder: str, pairs: Callable[[], Iterable[tuple[str, object]]]) -> None:
        self.placeholder = placeholder
        self.pairs = pairs
        self._built: dict[str, tuple[list[SelectChoice], list[Markup]]] = {}

    @cached_property
    def values(self) -> frozenset[str]:
        """Every accepted value, the placeholder's empty one included (``DataRequired``
        then asks for a real choice in the field's own words)."""
        return frozenset(["", *(value for value, _label in self.pairs())])

    def _for_language(self) -> tuple[list[SelectChoice], list[Markup]]:
        language = current_language()
        built = self._built.get(language)
        if built is None:  # two threads may both build it: the same result either way
            choices = [SelectChoice("", str(self.placeholder))]
            choices += [SelectChoice(value, str(label)) for value, label in self.pairs()]
            built = (choices, [_option(choice, selected=False) for choice in choices])
            self._built[language] = built
        return built

    def choices(self) -> list[SelectChoice]:
        return self._for_language()[0]

    def options_html(self, selected: object) -> Markup:
        choices, markup = self._for_language()
        return Markup("").join(
            _option(choice, selected=True) if choice.value == selected else html
            for choice, html in zip(choices, markup, strict=True)
        )


def _option(choice: SelectChoice, *, selected: bool) -> Markup:
    """One ``<option>``, exactly as WTForms' ``Select`` widget writes it."""
    params = widgets.html_params(value=choice.value, selected=selected)
    return Markup(f"<option {params}>{escape(choice.label)}</option>")


class FixedSelect(widgets.Select):
    """The ``Select`` widget for a :class:`FixedSelectField`: its kept options."""

    def __call__(self, field: Field, **kwargs: object) -> Markup:
        kwargs.setdefault("id", field.id)
        for flag in self.validation_attrs:
            if flag not in kwargs and getattr(field.flags, flag, False):
                kwargs[flag] = True
        params = widgets.html_params(name=field.name, **kwargs)
        return Markup(f"<select {params}>{field.options.options_html(field.data)}</select>")


# WTForms' own message for a value not offered, translated by WTForms' catalogue.
WTFORMS_INVALID_CHOICE = "Not a valid choice."


class FixedSelectField(SelectField):
    """A ``SelectField`` over :class:`FixedChoices`."""

    widget = FixedSelect()

    def __init__(self, label: object, options: FixedChoices, **kwargs: object) -> None:
        super().__init__(label, choices=options.choices, **kwargs)
        self.options = options

    def pre_validate(self, form: object) -> None:
        if self.data not in self.options.values:
            raise ValidationError(self.gettext(WTFORMS_INVALID_CHOICE))


COUNTRIES = FixedChoices(_l("Choose a country"), country_choices)
SECTORS = FixedChoices(_l("Choose a sector"), Sector.choices)


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
    country = FixedSelectField(
        _l("Country"), COUNTRIES, validators=[DataRequired(_l("Please choose your country."))]
    )
    sector = FixedSelectField(
        _l("Sector"), SECTORS, validators=[DataRequired(_l("Please choose your sector."))]
    )
    consent = BooleanField(
        _l("I agree that the organisers process these details to run the event."),
        validators=[DataRequired(_l("Please agree to the processing of your data to register."))],
    )


def with_questions(form_class: type[FlaskForm], questions: list[Question]) -> type[FlaskForm]:
    """``form_class`` plus one field per plugin question (named by
    ``registration_questions.field_name``); answers are checked by that service."""
    # A question's plugin is not part of its equality: it is part of the key here.
    keyed = tuple((question.plugin, question) for question in questions)
    # FlaskForm is untyped, and mypy takes type[Any] for unhashable; every class hashes.
    return _form_class_with(form_class, keyed)  # type: ignore[arg-type]


@lru_cache(maxsize=256)
def _form_class_with(form_class: type[FlaskForm], keyed: tuple[tuple[str, Question], ...]) -> type[FlaskForm]:
    """Built once per form and set of questions as asked (labels in one language): a
    new class for every request was a measurable part of a registration's cost."""
    questions = [question for _plugin, question in keyed]
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
