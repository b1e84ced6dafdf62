"""Survey results: counts per option of the choice questions (shown as bars), the
free-text answers, and a CSV of every response (no names on anonymous surveys)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from confsite.api import country_name

from . import answers as answers_mod
from .i18n import _
from .models import Call, FieldKind, FormField, Submission


@dataclass
class QuestionResult:
    question: FormField
    counts: list[tuple[str, int]] = field(default_factory=list)  # choice questions
    texts: list[str] = field(default_factory=list)  # free text
    answered: int = 0

    @property
    def top(self) -> int:
        return max((n for _label, n in self.counts), default=0)


def results(call: Call, responses: list[Submission]) -> list[QuestionResult]:
    out = []
    for question in call.fields:
        if question.kind == FieldKind.FILE:
            continue
        key = answers_mod.key(question)
        values = [r.answers.get(key) for r in responses]
        result = QuestionResult(question)
        if question.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE):
            tally = dict.fromkeys(question.options, 0)
            for value in values:
                for picked in value if isinstance(value, list) else [value]:
                    if picked in tally:
                        tally[picked] += 1
            result.counts = list(tally.items())
            result.answered = sum(1 for v in values if v)
        elif question.kind == FieldKind.COUNTRY:
            tally = {}
            for value in values:
                if value:
                    tally[country_name(value)] = tally.get(country_name(value), 0) + 1
            result.counts = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
            result.answered = sum(tally.values())
        elif question.kind == FieldKind.CONSENT:
            result.counts = [(_("yes"), sum(1 for v in values if v))]
            result.answered = len(values)
        else:
            result.texts = [v for v in values if v]
            result.answered = len(result.texts)
        out.append(result)
    return out


def responses_csv(call: Call, responses: list[Submission]) -> str:
    """One row per response; identities only when the survey is not anonymous."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    questions = [q for q in call.fields if q.kind != FieldKind.FILE]
    head = [_("Response"), _("Submitted (UTC)")]
    if not call.anonymous:
        head += [_("Name"), _("E-mail")]
    writer.writerow(head + [q.label for q in questions])
    for number, response in enumerate(responses, start=1):
        row = [
            str(number),
            response.submitted_at.strftime("%Y-%m-%d %H:%M") if response.submitted_at else "",
        ]
        if not call.anonymous:
            row += [response.user.name if response.user else "", response.user.email if response.user else ""]
        row += [answers_mod.display(q, response.answers.get(answers_mod.key(q))) for q in questions]
        writer.writerow(row)
    return buffer.getvalue()
