"""Rows of the calls plugin on an event, for the access walks (a call with a question,
a criterion, a reviewer, a submission with a review and a file, a voucher, meeting
slots, profiles and a meeting): every route argument of the plugin has a real target."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

from confsite_plugins.calls import evaluation, matchmaking, outcomes, services
from confsite_plugins.calls.answers import Answers
from confsite_plugins.calls.models import (
    CallKind,
    Decision,
    FieldKind,
    SubmissionFile,
    VoucherStatus,
)

from confsite.extensions import db
from confsite.models import Event

SECRET_TITLE = "Secret application B"


def calls_rows_of(event: Event, make: ModuleType) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0)
    call = services.create_call(
        services.CallInput(
            CallKind.VOUCHERS, "Secret call B", "", "", now - timedelta(days=1), now + timedelta(days=5),
            True, True, False, True,
        ),
        event=event,
    )  # fmt: skip
    form_field = services.add_field(
        call, services.FieldInput(FieldKind.FILE, "Plan", "", False, [], None, ["pdf"], 100)
    )
    criterion = evaluation.add_criterion(call, "Secret criterion", "", 1.0, 5)
    applicant = make.user("secret-applicant@example.org")
    reviewer_user = make.user("secret-reviewer@example.org")
    reviewer = evaluation.add_reviewer(call, reviewer_user.email)
    submission = services.save(call, applicant, Answers(title=SECRET_TITLE), None, final=True)
    stored = SubmissionFile(
        submission=submission, field_id=form_field.id, filename="plan.pdf", stored_name="missing-on-purpose",
        mimetype="application/pdf", size=10,
    )  # fmt: skip
    db.session.add(stored)
    review = evaluation.assign(submission, reviewer_user)
    evaluation.decide(submission, Decision.ACCEPTED, notify=False)
    outcomes.set_voucher(submission, 1000, 50, "Secret provider", VoucherStatus.AWARDED)
    slot = matchmaking.add_slot(event, event.start_at, event.start_at + timedelta(minutes=20), "Secret table")
    one = matchmaking.save_profile(
        event,
        applicant,
        matchmaking.ProfileInput("Secret Profile B", "", "Flanders", "", None, ["x"], [], ""),
    )
    two = matchmaking.save_profile(
        event,
        reviewer_user,
        matchmaking.ProfileInput("Other Profile B", "", "Saxony", "", None, [], ["x"], ""),
    )
    meeting = matchmaking.request_meeting(slot, one, two) if slot.end_at > now else None
    db.session.commit()
    return {
        "call": call,
        "field": form_field,
        "criterion": criterion,
        "reviewer": reviewer,
        "submission": submission,
        "file": stored,
        "review": review,
        "slot": slot,
        "profile": two,
        "meeting": meeting,
    }
