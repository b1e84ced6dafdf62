"""Calls and submissions: the rules of applying (open window, drafts, editing until
the deadline, withdrawing) and the organiser's form builder.

Each function that writes is one unit of work: it commits what it changed, or rolls
it all back before its error reaches the caller (``committing``), so views only call
these. Nothing here renders pages, aborts or builds URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.api import (
    Event,
    Series,
    User,
    build_message,
    can_manage_event,
    can_manage_series,
    committing,
    db,
    send_mail,
    utcnow,
)

from . import answers as answers_mod
from . import storage
from .i18n import _
from .models import (
    Call,
    CallKind,
    Decision,
    FieldKind,
    FormField,
    Review,
    Reviewer,
    Submission,
    SubmissionFile,
    SubmissionStatus,
)


class CallError(ValueError):
    """An action the rules refuse; the message is shown to the user."""


class TemplateError(CallError):
    """One of a call's decision e-mail templates is malformed; ``field`` names it
    (``accept_template``, ``reject_template`` or ``waitlist_template``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# -- calls -------------------------------------------------------------------------------


@dataclass
class CallInput:
    kind: CallKind
    title: str
    description: str
    eligibility: str
    opens_at: datetime
    closes_at: datetime
    published: bool
    allow_coapplicants: bool
    anonymous: bool
    two_stage: bool
    # The decision e-mails' own texts ("" = the default text); None leaves them as they are.
    accept_template: str | None = None
    reject_template: str | None = None
    waitlist_template: str | None = None


TEMPLATE_FIELDS = ("accept_template", "reject_template", "waitlist_template")


class Placeholders(dict):
    """The values of a decision e-mail's ``{name}``, ``{title}`` and ``{call}``;
    unknown braces stay as typed."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def check_template(template: str) -> str | None:
    """A problem with an e-mail template's placeholders, or None."""
    try:
        template.format_map(Placeholders(name="", title="", call=""))
    except (ValueError, IndexError, AttributeError) as exc:
        return _("The template's braces do not form placeholders: %(problem)s", problem=str(exc))
    return None


def _apply(call: Call, data: CallInput) -> None:
    if data.closes_at <= data.opens_at:
        raise CallError(_("The call must close after it opens."))
    for name in TEMPLATE_FIELDS:
        text = getattr(data, name)
        problem = None if text is None else check_template(text)
        if problem:
            raise TemplateError(name, problem)
    call.kind = data.kind
    call.title = data.title.strip()
    call.description = data.description.strip()
    call.eligibility = data.eligibility.strip()
    call.opens_at, call.closes_at = data.opens_at, data.closes_at
    call.published = data.published
    call.allow_coapplicants = data.allow_coapplicants
    call.anonymous = data.anonymous and data.kind == CallKind.SURVEY
    call.two_stage = data.two_stage
    for name in TEMPLATE_FIELDS:
        text = getattr(data, name)
        if text is not None:
            setattr(call, name, text.strip())


def create_call(data: CallInput, *, event: Event | None = None, series: Series | None = None) -> Call:
    """A new call of ``event`` or ``series``, committed."""
    with committing():
        call = Call(event=event, series=series)
        _apply(call, data)
        db.session.add(call)
    return call


def update_call(call: Call, data: CallInput) -> None:
    """Change a call's settings and texts; nothing changes if any of them is refused."""
    with committing():
        _apply(call, data)


def calls_of(
    event: Event | None = None, series: Series | None = None, *, surveys: bool | None = None
) -> list[Call]:
    query = sa.select(Call).order_by(Call.opens_at, Call.id)
    if event is not None:
        query = query.where(Call.event_id == event.id)
    else:
        assert series is not None, "calls_of needs an event or a series"
        query = query.where(Call.series_id == series.id)
    if surveys is True:
        query = query.where(Call.kind == CallKind.SURVEY)
    elif surveys is False:
        query = query.where(Call.kind != CallKind.SURVEY)
    return list(db.session.scalars(query))


def public_calls(event: Event | None = None, series: Series | None = None) -> list[Call]:
    return [c for c in calls_of(event, series) if c.published]


def can_manage_call(user: User | None, call: Call) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if call.event is not None:
        return can_manage_event(user, call.event)
    assert call.series is not None, "a call belongs to an event or a series"
    return can_manage_series(user, call.series)


def is_reviewer(user: User | None, call: Call) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            sa.select(Reviewer.id).where(Reviewer.call_id == call.id, Reviewer.user_id == user.id)
        )
        is not None
    )


# -- the form builder --------------------------------------------------------------------


@dataclass
class FieldInput:
    kind: FieldKind
    label: str
    help: str
    required: bool
    options: list[str]
    max_length: int | None
    file_types: list[str]
    max_size_kb: int | None


def _apply_field(form_field: FormField, data: FieldInput) -> None:
    if data.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) and len(data.options) < 2:
        raise CallError(_("A choice question needs at least two options, one per line."))
    unknown = [t for t in data.file_types if t not in storage.FILE_TYPES]
    if unknown:
        raise CallError(_("Unknown file type: %(types)s.", types=", ".join(unknown)))
    form_field.kind = data.kind
    form_field.label = data.label.strip()
    form_field.help = data.help.strip()
    form_field.required = data.required
    form_field.options = data.options if data.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) else []
    form_field.max_length = data.max_length
    form_field.file_types = data.file_types if data.kind == FieldKind.FILE else []
    form_field.max_size_kb = data.max_size_kb if data.kind == FieldKind.FILE else None


def add_field(call: Call, data: FieldInput) -> FormField:
    """Append a question to the call's form."""
    with committing():
        form_field = FormField(call=call, position=len(call.fields))
        _apply_field(form_field, data)
        db.session.add(form_field)
    return form_field


def update_field(form_field: FormField, data: FieldInput) -> None:
    with committing():
        _apply_field(form_field, data)


def delete_field(form_field: FormField) -> None:
    """Remove a question; the ones below it move up."""
    with committing():
        call = form_field.call
        call.fields.remove(form_field)
        db.session.flush()
        for position, other in enumerate(call.fields):
            other.position = position


def move_field(form_field: FormField, offset: int) -> None:
    """Swap a question with its neighbour ``offset`` places away (nothing at either end)."""
    with committing():
        fields = list(form_field.call.fields)
        index = fields.index(form_field)
        target = index + offset
        if 0 <= target < len(fields):
            fields[index], fields[target] = fields[target], fields[index]
            for position, other in enumerate(fields):
                other.position = position


# -- submissions -------------------------------------------------------------------------


def own_submissions(call: Call, user: User) -> list[Submission]:
    return list(
        db.session.scalars(
            sa.select(Submission)
            .where(Submission.call_id == call.id, Submission.user_id == user.id)
            .order_by(Submission.id)
        )
    )


def submissions_of(call: Call, *, include_drafts: bool = False) -> list[Submission]:
    query = (
        sa.select(Submission)
        .where(Submission.call_id == call.id)
        .options(
            selectinload(Submission.user),
            selectinload(Submission.files),
            selectinload(Submission.reviews).selectinload(Review.reviewer),
        )
        .order_by(Submission.id)
    )
    if not include_drafts:
        query = query.where(Submission.status == SubmissionStatus.SUBMITTED)
    return list(db.session.scalars(query))


def can_edit(submission: Submission, now: datetime | None = None) -> bool:
    """Applicants change their application until the call closes (and not once decided)."""
    return (
        submission.status != SubmissionStatus.WITHDRAWN
        and submission.decision == Decision.PENDING
        and submission.call.is_open(now)
    )


def _first_answer(call: Call, values: dict, kind: FieldKind) -> str | None:
    for form_field in call.fields:
        if form_field.kind == kind:
            value = values.get(answers_mod.key(form_field))
            return value or None
    return None


def save(
    call: Call, user: User | None, parsed: answers_mod.Answers, submission: Submission | None, *, final: bool
) -> Submission:
    """Store a draft (``final`` False) or submit, and commit. Refuses a closed call or
    errors; files are written only once everything else is valid, so nothing is
    half-saved, and the files an upload replaces are removed once the change is committed."""
    if parsed.errors:
        raise CallError(_("Please correct the marked answers."))
    if not call.is_open():
        raise CallError(_("This call is closed: nothing can be submitted or changed any more."))
    if submission is not None and not can_edit(submission):
        raise CallError(_("This application can no longer be changed."))
    with committing():
        submission, replaced = _store(call, user, parsed, submission, final=final)
    for name in replaced:
        storage.remove(name)
    return submission


def _store(
    call: Call, user: User | None, parsed: answers_mod.Answers, submission: Submission | None, *, final: bool
) -> tuple[Submission, list[str]]:
    """Write the application; returns it and the stored names of the files it replaced."""
    if submission is None:
        submission = Submission(call=call, user=None if call.anonymous else user)
        db.session.add(submission)
    submission.title = parsed.title
    submission.summary = parsed.summary
    submission.coapplicants = parsed.coapplicants
    values = dict(parsed.values)
    db.session.flush()
    replaced = []
    for upload in parsed.uploads:
        name = answers_mod.key(upload.field)
        old = next((f for f in submission.files if f.field_id == upload.field.id), None)
        if old is not None:
            replaced.append(old.stored_name)
            submission.files.remove(old)
        stored = SubmissionFile(
            field_id=upload.field.id,
            filename=upload.filename,
            stored_name=storage.store(upload.content),
            mimetype=storage.FILE_TYPES[upload.kind],
            size=len(upload.content),
        )
        submission.files.append(stored)
        db.session.flush()
        values[name] = {"file_id": stored.id, "filename": stored.filename}
    submission.answers = values
    submission.country = _first_answer(call, values, FieldKind.COUNTRY)
    submission.topic = _first_answer(call, values, FieldKind.CHOICE) or ""
    if final and submission.status != SubmissionStatus.SUBMITTED:
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = utcnow()
    return submission, replaced


def withdraw(submission: Submission) -> None:
    """The applicant takes their application back (not once it is decided)."""
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise CallError(_("This application was already withdrawn."))
    if submission.decision != Decision.PENDING:
        raise CallError(_("A decision was already taken on this application."))
    with committing():
        submission.status = SubmissionStatus.WITHDRAWN


def can_read_submission(user: User | None, submission: Submission) -> bool:
    """Its applicant, the call's organisers, and reviewers without a declared conflict."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if submission.user_id == user.id or can_manage_call(user, submission.call):
        return True
    if not is_reviewer(user, submission.call):
        return False
    return not any(r.conflict for r in submission.reviews if r.reviewer_id == user.id)


def send_confirmation(submission: Submission, link: str) -> None:
    """Tell the applicant their application arrived (drafts are not confirmed)."""
    if submission.user is None:
        return
    call = submission.call
    text = _(
        "Dear %(name)s,\n\nyour application “%(title)s” to “%(call)s” was received on "
        "%(when)s (UTC). You can change or withdraw it until the call closes:\n%(link)s\n",
        name=submission.user.name,
        title=submission.title or _("(untitled)"),
        call=call.title,
        when=submission.submitted_at.strftime("%Y-%m-%d %H:%M") if submission.submitted_at else "",
        link=link,
    )
    send_mail(
        build_message(submission.user.email, _("Application received: %(call)s", call=call.title), text)
    )


def submitted_counts(calls: list[Call]) -> dict[int, int]:
    """How many submitted applications each call has (by call id; none: absent)."""
    if not calls:
        return {}
    rows = db.session.execute(
        sa.select(Submission.call_id, sa.func.count())
        .where(Submission.call_id.in_([c.id for c in calls]), Submission.status == SubmissionStatus.SUBMITTED)
        .group_by(Submission.call_id)
    ).all()
    return {call_id: count for call_id, count in rows}  # noqa: C416  (rows are Row objects, typed)
