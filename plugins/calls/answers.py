"""Reading an applicant's answers to an organiser-built form.

The form is built at run time from :class:`~.models.FormField` rows, so WTForms'
static classes do not fit; this module is its validator. Each field is posted as
``f<field id>``; the fixed questions are ``title``, ``summary`` and ``coapplicants``.
Problems come back per key, together with everything that was typed, so a refused
form is shown again with nothing lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import FileStorage, MultiDict

from confsite.api import country_name, normalise_country

from . import storage
from .i18n import _
from .models import Call, FieldKind, FormField

TITLE_MAX = 300
SUMMARY_MAX = 5000
_COAPPLICANT = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<(?P<email>[^<>@\s]+@[^<>@\s]+)>\s*$")


@dataclass
class Upload:
    field: FormField
    filename: str
    content: bytes
    kind: str


@dataclass
class Answers:
    """What was typed, parsed; ``errors`` maps a form key to its problem."""

    title: str = ""
    summary: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    coapplicants: list[dict[str, str]] = field(default_factory=list)
    coapplicants_text: str = ""
    uploads: list[Upload] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def key(form_field: FormField) -> str:
    return f"f{form_field.id}"


def parse_coapplicants(text: str) -> tuple[list[dict[str, str]], str | None]:
    """``Name <email>`` per line; returns the list or the first bad line's problem."""
    people = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _COAPPLICANT.match(line)
        if match is None:
            return [], _("Write each co-applicant as: Name <e-mail> (“%(line)s” is not).", line=line.strip())
        people.append({"name": match["name"].strip(), "email": match["email"].lower()})
    return people, None


def _text_value(form_field: FormField, raw: str, errors: dict[str, str]) -> str:
    value = raw.strip()
    if form_field.max_length and len(value) > form_field.max_length:
        errors[key(form_field)] = _(
            "At most %(max)s characters (you wrote %(n)s).", max=form_field.max_length, n=len(value)
        )
    return value


def _one_value(form_field: FormField, form: MultiDict, errors: dict[str, str]) -> Any:
    name = key(form_field)
    kind = form_field.kind
    if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.ORGANISATION):
        return _text_value(form_field, form.get(name, ""), errors)
    if kind == FieldKind.CHOICE:
        value = form.get(name, "")
        if value and value not in form_field.options:
            errors[name] = _("Pick one of the listed options.")
            return ""
        return value
    if kind == FieldKind.MULTI_CHOICE:
        values = [v for v in form.getlist(name) if v]
        if any(v not in form_field.options for v in values):
            errors[name] = _("Pick among the listed options.")
            return [v for v in values if v in form_field.options]
        return values
    if kind == FieldKind.COUNTRY:
        raw = form.get(name, "").strip()
        if not raw:
            return ""
        code = normalise_country(raw)
        if code is None:
            errors[name] = _("Unknown country.")
            return raw
        return code
    if kind == FieldKind.CONSENT:
        return form.get(name) in ("y", "on", "1", "true")
    return None


def _is_empty(value: Any) -> bool:
    return value in ("", None, [], False)


def read(
    call: Call,
    form: MultiDict,
    files: MultiDict,
    *,
    existing_answers: dict[str, Any] | None = None,
    final: bool,
) -> Answers:
    """Parse and check the posted form. ``final`` (submitting, not saving a draft)
    also requires the required answers; limits and types are checked either way.
    ``existing_answers`` keeps files uploaded earlier when no new file is sent."""
    existing_answers = existing_answers or {}
    result = Answers()
    errors = result.errors
    if not call.is_survey:
        result.title = form.get("title", "").strip()
        result.summary = form.get("summary", "").strip()
        if len(result.title) > TITLE_MAX:
            errors["title"] = _("At most %(max)s characters.", max=TITLE_MAX)
        if len(result.summary) > SUMMARY_MAX:
            errors["summary"] = _("At most %(max)s characters.", max=SUMMARY_MAX)
        if final and not result.title:
            errors["title"] = _("A title is required.")
    if call.allow_coapplicants:
        result.coapplicants_text = form.get("coapplicants", "")
        result.coapplicants, problem = parse_coapplicants(result.coapplicants_text)
        if problem:
            errors["coapplicants"] = problem
    for form_field in call.fields:
        name = key(form_field)
        if form_field.kind == FieldKind.FILE:
            _read_file(form_field, files.get(name), existing_answers.get(name), result)
            value = result.values.get(name)
        else:
            value = _one_value(form_field, form, errors)
            result.values[name] = value
        if final and form_field.required and _is_empty(value) and name not in errors:
            errors[name] = (
                _("Please give your consent to submit.")
                if form_field.kind == FieldKind.CONSENT
                else _("This answer is required.")
            )
    return result


def _read_file(form_field: FormField, upload: FileStorage | None, earlier: Any, result: Answers) -> None:
    name = key(form_field)
    result.values[name] = earlier  # {"file_id": .., "filename": ..} kept until replaced
    if upload is None or not upload.filename:
        return
    content = upload.read()
    try:
        kind = storage.check(content, form_field.file_types, form_field.max_size_kb)
    except storage.UploadError as exc:
        result.errors[name] = str(exc)
        return
    result.uploads.append(Upload(form_field, _safe_filename(upload.filename, kind), content, kind))


def _safe_filename(name: str, kind: str) -> str:
    stem = re.sub(r"[^\w.\- ]+", "_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(" .") or "upload"
    stem = stem.rsplit(".", 1)[0][:100]
    return f"{stem}.{'jpg' if kind == 'jpeg' else kind}"


def display(form_field: FormField, value: Any) -> str:
    """An answer as text for pages, e-mails and CSV."""
    if _is_empty(value):
        return ""
    if form_field.kind == FieldKind.MULTI_CHOICE:
        return "; ".join(value)
    if form_field.kind == FieldKind.COUNTRY:
        return country_name(value) or value
    if form_field.kind == FieldKind.CONSENT:
        return _("yes")
    if form_field.kind == FieldKind.FILE:
        return value.get("filename", "") if isinstance(value, dict) else ""
    return str(value)
