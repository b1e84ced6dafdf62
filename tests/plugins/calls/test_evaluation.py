"""Evaluation: committee and criteria through the organiser pages, balanced
assignment that skips conflicts, blind scoring, the ranking's figures, the two-stage
shortlist and decisions with their templated e-mails."""

from __future__ import annotations

import pytest
from confsite_plugins.calls import evaluation, services
from confsite_plugins.calls.answers import Answers
from confsite_plugins.calls.models import Decision, Review, Submission

from confsite.extensions import db
from tests import outbox
from tests.plugins.calls.conftest import open_call


def _manage(call, rest=""):
    return f"/manage/events/{call.event.slug}/calls/{call.id}{rest}"


def _public(call, rest=""):
    return f"/events/{call.event.slug}/calls/{call.id}{rest}"


def _submit(call, user, title):
    submission = services.save(call, user, Answers(title=title), None, final=True)
    db.session.commit()
    return submission


@pytest.fixture
def c3_call(world, make):
    """A call for projects judged on the three C3-Saxony criteria."""
    from confsite_plugins.calls.models import CallKind

    call = open_call(world.event, CallKind.PROJECTS, title="Cross-KET projects", two_stage=True)
    for name, weight in (
        ("Soundness and innovation", 2.0),
        ("Leverage and economic impact", 1.0),
        ("Contribution to the regional smart-specialisation strategy", 1.0),
    ):
        evaluation.add_criterion(call, name, "", weight, 10)
    for reviewer in world.reviewers:
        evaluation.add_reviewer(call, reviewer.email)
    db.session.commit()
    return call


def test_organiser_appoints_reviewers_and_publishes_criteria_through_the_pages(client, auth, world):
    call = open_call(world.event)
    auth.login("org@example.org")
    assert (
        client.post(_manage(call, "/reviewers"), data={"reviewer-email": "ziga@example.org"}).status_code
        == 302
    )
    response = client.post(_manage(call, "/reviewers"), data={"reviewer-email": "nobody@example.org"})
    assert response.status_code == 400 and "No account uses nobody@example.org" in response.get_data(
        as_text=True
    )
    assert (
        client.post(
            _manage(call, "/criteria"),
            data={"criterion-name": "Patient benefit", "criterion-weight": "2", "criterion-scale_max": "5"},
        ).status_code
        == 302
    )
    db.session.refresh(call)
    assert [r.user.email for r in call.reviewers] == ["ziga@example.org"]
    assert [(c.name, c.weight, c.scale_max) for c in call.criteria] == [("Patient benefit", 2.0, 5)]
    assert "Patient benefit" in client.get(_public(call)).get_data(as_text=True)  # criteria are published


def test_auto_assignment_is_balanced_and_skips_conflicts_and_own_applications(world, c3_call):
    a = _submit(c3_call, world.applicant, "Lab-on-chip for sepsis")
    b = _submit(c3_call, world.other, "Wearable glucose patch")
    c = _submit(c3_call, world.reviewers[0], "Reviewer's own project")
    # Žiga declared a conflict with the sepsis project before the automatic round.
    evaluation.declare_conflict(evaluation.assign(a, world.reviewers[0]), "Former colleague")
    db.session.commit()
    made = evaluation.auto_assign(c3_call, per_submission=2)
    db.session.commit()
    assert made == 6
    by_submission = {s.id: sorted(r.reviewer_id for r in s.reviews if not r.conflict) for s in (a, b, c)}
    ziga = world.reviewers[0].id
    assert ziga not in by_submission[a.id] and ziga not in by_submission[c.id]
    assert all(len(ids) == 2 for ids in by_submission.values())
    loads = [sum(ids.count(r.id) for ids in by_submission.values()) for r in world.reviewers]
    assert loads[0] == 1 and sorted(loads[1:]) == [2, 3]  # Žiga could only take the patch


def test_auto_assignment_spreads_the_load_evenly(world, make, c3_call):
    for n in range(6):
        _submit(c3_call, make.user(f"applicant{n}@example.org"), f"Project {n}")
    assert evaluation.auto_assign(c3_call, per_submission=2) == 12
    db.session.commit()
    assert evaluation.auto_assign(c3_call, per_submission=2) == 0  # nothing left to do
    loads = [len(evaluation.reviews_for(c3_call, r)) for r in world.reviewers]
    assert loads == [4, 4, 4]


def test_a_reviewer_with_a_conflict_cannot_open_the_application(client, auth, world, c3_call):
    submission = _submit(c3_call, world.applicant, "Lab-on-chip for sepsis")
    review = evaluation.assign(submission, world.reviewers[0])
    db.session.commit()
    auth.login("ziga@example.org")
    assert client.get(_public(c3_call, f"/reviews/{review.id}")).status_code == 200
    assert (
        client.post(
            _public(c3_call, f"/reviews/{review.id}/conflict"), data={"conflict-note": "My brother"}
        ).status_code
        == 302
    )
    assert client.get(_public(c3_call, f"/reviews/{review.id}")).status_code == 403
    with pytest.raises(services.CallError):
        evaluation.assign(submission, world.reviewers[0])
    assert not services.can_read_submission(world.reviewers[0], submission)


def test_scoring_is_blind_until_submitted_and_the_ranking_has_mean_and_spread(client, auth, world, c3_call):
    submission = _submit(c3_call, world.applicant, "Lab-on-chip for sepsis")
    first = evaluation.assign(submission, world.reviewers[0])
    second = evaluation.assign(submission, world.reviewers[1])
    db.session.commit()
    criteria = c3_call.criteria
    evaluation.score(
        second, {criteria[0].id: 10, criteria[1].id: 10, criteria[2].id: 10}, "Excellent", final=True
    )
    db.session.commit()

    auth.login("ziga@example.org")
    page = client.get(_public(c3_call, f"/reviews/{first.id}")).get_data(as_text=True)
    assert "Excellent" not in page and "once you submit yours" in page
    # Incomplete scores cannot be submitted; a score above the scale is refused.
    response = client.post(
        _public(c3_call, f"/reviews/{first.id}"), data={f"c{criteria[0].id}": "5", "action": "submit"}
    )
    assert response.status_code == 400 and "Score every criterion" in response.get_data(as_text=True)
    response = client.post(
        _public(c3_call, f"/reviews/{first.id}"),
        data={
            f"c{criteria[0].id}": "11",
            f"c{criteria[1].id}": "5",
            f"c{criteria[2].id}": "5",
            "action": "submit",
        },
    )
    assert response.status_code == 400 and "scored from 0 to 10" in response.get_data(as_text=True)
    response = client.post(
        _public(c3_call, f"/reviews/{first.id}"),
        data={
            f"c{criteria[0].id}": "5",
            f"c{criteria[1].id}": "5",
            f"c{criteria[2].id}": "5",
            "comment": "Sound",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    page = client.get(_public(c3_call, f"/reviews/{first.id}")).get_data(as_text=True)
    assert "Excellent" in page

    [rank] = evaluation.ranking(c3_call)
    # Weighted scores: 50 and 100 on 0..100 -> mean 75, population spread 25.
    assert (rank.mean, rank.spread, rank.reviews) == (75.0, 25.0, 2)


def test_ranking_orders_best_first_and_leaves_unreviewed_last(world, c3_call):
    low = _submit(c3_call, world.applicant, "Low")
    high = _submit(c3_call, world.other, "High")
    none = _submit(c3_call, world.organiser, "Unreviewed")
    ids = [c.id for c in c3_call.criteria]
    for submission, value in ((low, 2), (high, 8)):
        review = evaluation.assign(submission, world.reviewers[2])
        evaluation.score(review, dict.fromkeys(ids, value), "", final=True)
    db.session.commit()
    assert [r.submission.id for r in evaluation.ranking(c3_call)] == [high.id, low.id, none.id]


def test_two_stages_shortlist_then_decisions_with_templated_mails(app, client, auth, world, c3_call):
    a = _submit(c3_call, world.applicant, "Lab-on-chip for sepsis")
    b = _submit(c3_call, world.other, "Wearable glucose patch")
    c3_call.accept_template = "Hello {name}: “{title}” is in. {unknown} stays as typed."
    db.session.commit()
    auth.login("org@example.org")
    assert client.post(_manage(c3_call, "/shortlist"), data={"shortlisted": [str(a.id)]}).status_code == 302
    db.session.expire_all()
    assert evaluation.current_stage(c3_call) == 2
    assert [r.submission.id for r in evaluation.ranking(c3_call, 2)] == [a.id]
    # Stage-two assignments go to the shortlisted application only.
    evaluation.auto_assign(c3_call, 1)
    db.session.commit()
    assert {r.submission_id for r in db.session.scalars(db.select(Review).where(Review.stage == 2))} == {a.id}

    assert (
        client.post(
            _manage(c3_call, f"/submissions/{a.id}/decide"),
            data={"decision-decision": "accepted", "decision-notify": "y"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            _manage(c3_call, f"/submissions/{b.id}/decide"),
            data={"decision-decision": "rejected", "decision-notify": "y"},
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(Submission, a.id).decision == Decision.ACCEPTED
    [accepted] = outbox.to(app, "angel@example.org")
    assert (
        "Hello Ángel Solicitante: “Lab-on-chip for sepsis” is in. {unknown} stays as typed."
        in outbox.text(accepted)
    )
    [rejected] = outbox.to(app, "lukasz@example.org")
    assert "was not selected" in outbox.text(rejected)


def test_a_broken_template_is_refused_with_a_reason(client, auth, world, c3_call):
    auth.login("org@example.org")
    page = client.get(_manage(c3_call, "/"))
    assert page.status_code == 200
    response = client.post(
        _manage(c3_call, "/"),
        data={
            "kind": "projects", "title": "Cross-KET projects", "opens_at": "2026-01-01T09:00",
            "closes_at": "2030-01-01T09:00", "published": "y", "two_stage": "y",
            "accept_template": "Dear {name",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "braces do not form placeholders" in response.get_data(as_text=True)
    db.session.refresh(c3_call)
    assert c3_call.accept_template == ""


def test_organiser_pages_use_the_same_queries_however_many_applications(client, auth, world, make, c3_call):
    from confsite.testing import count_queries

    auth.login("org@example.org")

    def queries(path: str) -> int:
        client.get(path)  # warm: the first request after logging in also reads the roles
        db.session.expire_all()
        with count_queries(forget_event_memory=True) as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    counts = []
    for n in range(2):
        for k in range(3):
            _submit(c3_call, make.user(f"q{n}{k}@example.org"), f"Project {n}{k}")
        evaluation.auto_assign(c3_call, 2)
        db.session.commit()
        counts.append((queries(_manage(c3_call, "/committee")), queries(_manage(c3_call, "/submissions"))))
    assert counts[0] == counts[1]
