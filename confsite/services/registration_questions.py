"""Plugins' extra questions on the registration form, and the answers kept with each
registration (``registration_questions`` hook).

Answers are personal data: they are deleted with their registration (foreign key
cascade), listed for organisers and in the registrations CSV, and part of a person's
data export (:func:`answers_for_person`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from confsite.extensions import db
from confsite.hooktypes import Question
from confsite.i18n import _
from confsite.models import Event, Registration, RegistrationAnswer
from confsite.plugins import host


@dataclass(frozen=True)
class Answer:
    """A checked answer, ready to be stored with a registration."""

    plugin: str
    key: str
    label: str
    value: str


class AnswersInvalid(ValueError):
    """Answers that do not fit their questions; ``problems`` says why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def field_name(question: Question) -> str:
    """The form field (and CSV column key) of ``question``: unique across plugins."""
    return f"q__{question.plugin}__{question.key}"


def questions_for(event: Event) -> list[Question]:
    """The extra questions of plugins enabled on ``event``, in plugin order."""
    return host().collect("registration_questions", event=event)


def clean_answers(questions: Iterable[Question], raw: Mapping[str, object]) -> list[Answer]:
    """The answers in ``raw`` (keyed by :func:`field_name`) checked against their
    questions, or :class:`AnswersInvalid`. An unanswered optional question is left out."""
    answers, problems = [], []
    for question in questions:
        value = raw.get(field_name(question))
        if question.kind == "bool":
            text = "yes" if value in (True, "y", "yes", "on", "1") else ""
        else:
            text = "" if value is None else str(value).strip()
        if not text:
            if question.required:
                problems.append(_("Please answer “%(question)s”.", question=question.label))
            continue
        if question.kind == "choice" and text not in {v for v, _label in question.choices}:
            problems.append(_("“%(question)s”: choose one of the offered answers.", question=question.label))
        elif len(text) > question.max_length:
            limit = question.max_length
            problems.append(
                _("“%(question)s”: at most %(max)d characters.", question=question.label, max=limit)
            )
        else:
            answers.append(Answer(question.plugin, question.key, str(question.label)[:200], text))
    if problems:
        raise AnswersInvalid(problems)
    return answers


def store_answers(registration: Registration, answers: Iterable[Answer]) -> None:
    """Replace ``registration``'s answers (a re-registration answers afresh). The
    caller commits, together with the registration."""
    registration.answers = [  # type: ignore[attr-defined]  # backref of RegistrationAnswer
        RegistrationAnswer(plugin=a.plugin, key=a.key, label=a.label, value=a.value) for a in answers
    ]


def answers_by_registration(registrations: Iterable[Registration]) -> dict[int, list[RegistrationAnswer]]:
    """The answers of each registration (one query), in plugin and key order."""
    ids = [r.id for r in registrations]
    found: dict[int, list[RegistrationAnswer]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = db.session.scalars(
        sa.select(RegistrationAnswer)
        .where(RegistrationAnswer.registration_id.in_(ids))
        .order_by(RegistrationAnswer.plugin, RegistrationAnswer.key)
    )
    for answer in rows:
        found[answer.registration_id].append(answer)
    return found


def answers_for_person(email: str) -> list[dict[str, str]]:
    """Every answer given in registrations made with ``email``, for the person's data
    export (GDPR access): event, question, answer."""
    rows = db.session.execute(
        sa.select(Event.slug, RegistrationAnswer.label, RegistrationAnswer.value, RegistrationAnswer.plugin)
        .join(Registration, Registration.id == RegistrationAnswer.registration_id)
        .join(Event, Event.id == Registration.event_id)
        .where(Registration.email == email.strip().lower())
        .order_by(Event.slug, RegistrationAnswer.plugin, RegistrationAnswer.key)
    ).all()
    return [
        {"event": slug, "question": label, "answer": value, "asked_by": plugin}
        for slug, label, value, plugin in rows
    ]


def answered_columns(event: Event) -> list[tuple[str, str, str]]:
    """``(plugin, key, label)`` of every question answered in any of the event's
    registrations (one grouped query), so a list shown a page at a time keeps the same
    columns on every page."""
    rows = db.session.execute(
        sa.select(RegistrationAnswer.plugin, RegistrationAnswer.key, sa.func.max(RegistrationAnswer.label))
        .join(Registration, Registration.id == RegistrationAnswer.registration_id)
        .where(Registration.event_id == event.id)
        .group_by(RegistrationAnswer.plugin, RegistrationAnswer.key)
        .order_by(RegistrationAnswer.plugin, RegistrationAnswer.key)
    ).all()
    return [(plugin, key, label) for plugin, key, label in rows]
