"""The organiser's write pages through HTTP: each one's service commits the change, and
a refused change leaves nothing half-written (the views no longer commit or roll back
themselves).

The test client shares the test's session, so every check first drops whatever is not
committed (``_committed``): only what a service committed is seen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from confsite_plugins.calls import matchmaking, services
from confsite_plugins.calls.answers import Answers
from confsite_plugins.calls.models import (
    Call,
    CallKind,
    Criterion,
    FieldKind,
    FormField,
    Meeting,
    MeetingSlot,
    Review,
    Reviewer,
)

from confsite.extensions import db
from tests.plugins.calls.conftest import add_field, open_call

LATER = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
MUCH_LATER = (datetime.now(UTC) + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M")


def _committed() -> None:
    """Forget uncommitted changes: the assertions after this read the database."""
    db.session.rollback()


def _manage(event, rest=""):
    return f"/manage/events/{event.slug}/calls{rest}"


def _call_form(**extra):
    data = {
        "kind": "projects",
        "title": "Ideas from Łódź and Ávila",
        "opens_at": LATER,
        "closes_at": MUCH_LATER,
    }
    data.update(extra)
    return data


def test_a_call_is_created_with_its_templates_and_a_bad_one_creates_nothing(client, auth, world):
    auth.login("org@example.org")
    refused = client.post(_manage(world.event, "/new"), data=_call_form(reject_template="Dear {name"))
    assert refused.status_code == 200
    assert "braces do not form placeholders" in refused.get_data(as_text=True)
    _committed()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 0
    created = client.post(
        _manage(world.event, "/new"), data=_call_form(accept_template="  Dear {name}, welcome.  ")
    )
    assert created.status_code == 302
    _committed()
    call = db.session.scalar(sa.select(Call))
    assert (call.title, call.accept_template, call.reject_template) == (
        "Ideas from Łódź and Ávila",
        "Dear {name}, welcome.",
        "",
    )


def test_a_refused_edit_changes_nothing(client, auth, world):
    call = open_call(world.event, CallKind.PROJECTS, title="Before")
    auth.login("org@example.org")
    response = client.post(
        _manage(world.event, f"/{call.id}/"),
        data=_call_form(title="After", opens_at=MUCH_LATER, closes_at=LATER),
    )
    assert response.status_code == 200
    assert "must close after it opens" in response.get_data(as_text=True)
    _committed()
    assert db.session.get(Call, call.id).title == "Before"
    assert (
        client.post(_manage(world.event, f"/{call.id}/"), data=_call_form(title="After")).status_code == 302
    )
    _committed()
    assert db.session.get(Call, call.id).title == "After"


def test_questions_are_added_moved_and_removed(client, auth, world):
    call = open_call(world.event)
    first = add_field(call, FieldKind.TEXT, "First")
    auth.login("org@example.org")
    base = _manage(world.event, f"/{call.id}/fields")
    refused = client.post(
        f"{base}/new", data={"field-kind": "choice", "field-label": "Pick", "field-options": "A"}
    )
    assert refused.status_code == 400
    assert "at least two options" in refused.get_data(as_text=True)
    added = client.post(f"{base}/new", data={"field-kind": "text", "field-label": "Second"})
    assert added.status_code == 302
    _committed()
    second = db.session.scalar(sa.select(FormField.id).where(FormField.label == "Second"))
    client.post(f"{base}/{second}/move", data={"direction": "up"})
    _committed()
    assert [f.label for f in db.session.get(Call, call.id).fields] == ["Second", "First"]
    client.post(f"{base}/{second}/delete")
    _committed()
    remaining = db.session.get(Call, call.id).fields
    assert [(f.id, f.position) for f in remaining] == [(first, 0)]


def test_criteria_and_reviewers_come_and_go_and_auto_assignment_commits(client, auth, world):
    call = open_call(world.event, CallKind.PROJECTS)
    auth.login("org@example.org")
    base = _manage(world.event, f"/{call.id}")
    assert (
        client.post(
            f"{base}/criteria", data={"criterion-name": "Impact", "criterion-weight": "0"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"{base}/criteria",
            data={"criterion-name": "Impact", "criterion-weight": "2", "criterion-scale_max": "10"},
        ).status_code
        == 302
    )
    _committed()
    criterion = db.session.scalar(sa.select(Criterion))
    assert (criterion.name, criterion.weight) == ("Impact", 2.0)
    client.post(f"{base}/criteria/{criterion.id}/delete")
    _committed()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Criterion)) == 0

    for reviewer in world.reviewers[:2]:
        assert client.post(f"{base}/reviewers", data={"reviewer-email": reviewer.email}).status_code == 302
    services.save(call, world.applicant, Answers(title="Sensors for Žilina"), None, final=True)
    assert client.post(f"{base}/assign/auto", data={"auto-per_submission": "2"}).status_code == 302
    _committed()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == 2
    leaving = db.session.scalar(sa.select(Reviewer).where(Reviewer.user_id == world.reviewers[0].id))
    client.post(f"{base}/reviewers/{leaving.id}/remove")
    _committed()
    assert [r.user_id for r in db.session.scalars(sa.select(Reviewer))] == [world.reviewers[1].id]
    assert [r.reviewer_id for r in db.session.scalars(sa.select(Review))] == [world.reviewers[1].id]


def test_a_slot_is_added_and_removed_with_its_meetings(client, auth, world):
    auth.login("org@example.org")
    page = _manage(world.event, "/matchmaking")
    assert client.post(page, data={"start_at": MUCH_LATER, "end_at": LATER}).status_code == 400
    _committed()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingSlot)) == 0
    assert (
        client.post(page, data={"start_at": LATER, "end_at": MUCH_LATER, "location": "Table 4"}).status_code
        == 302
    )
    _committed()
    slot = db.session.scalar(sa.select(MeetingSlot))
    assert slot.location == "Table 4"
    one, two = (
        matchmaking.save_profile(
            world.event, user, matchmaking.ProfileInput(user.name, "", region, "", None, ["x"], ["x"], "")
        )
        for user, region in ((world.applicant, "Andalucía"), (world.other, "Mazovia"))
    )
    matchmaking.request_meeting(slot, one, two)
    client.post(_manage(world.event, f"/matchmaking/slots/{slot.id}/delete"))
    _committed()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingSlot)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0
