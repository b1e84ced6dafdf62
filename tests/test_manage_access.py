"""Nobody reaches another event's workspace: every /manage/ route is walked.

The routes are enumerated from ``app.url_map``, so a new route is covered the day it
is added (and the test fails if it takes an argument this test does not know).
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from confsite_plugins.attendance.models import ManualCount

from confsite.extensions import db
from confsite.models import Audience, Event, Mailing, Registration, RoleAssignment, RoleName, Session, Webhook
from confsite.services.registration import Applicant, register
from tests.manage_helpers import ensure_guest_page_route
from tests.plugins.calls.access_rows import calls_rows_of
from tests.plugins.take_home.access_rows import take_home_rows_of, unchanged

# Routes that are not about one event or series: an organiser of any event may open them,
# but they must not show another event's people or data.
GLOBAL_ENDPOINTS = {
    "manage.index",
    "manage.people",
    "manage.people_search",
    "manage.organisations",
    "manage.person_new",
    "manage.organisation_new",
    "manage.event_new",
    "manage.series_new",
    "manage.event_import",
    "manage.markdown_preview",
}


@pytest.fixture
def two_events(app, make):
    ensure_guest_page_route(app)
    series_b = make.series(title="Secret series B")
    event_a = make.event(title="Event A")
    event_b = make.event(title="Secret event B", series=series_b, status="draft")
    org = make.organisation(name="Secret Org B")
    speaker = make.person(name="Secret Speaker B", organisation=org)
    room = make.room(event_b, "Secret room")
    session = make.session(event_b, title="Secret session", room=room)
    talk = make.talk(session, [speaker], title="Secret talk")
    event_b.status = "published"
    db.session.commit()
    registration, _ = register(
        event_b, Applicant(name="Secret Attendee", email="att@example.org", consent=True)
    )
    # Plugins' organiser routes under /manage are walked too: give them rows of event B.
    manual_count = ManualCount(event_id=event_b.id, day=event_b.start_at.date(), source="Stream", count=5)
    db.session.add(manual_count)
    mailing = Mailing(
        event_id=event_b.id, audience=Audience.CONFIRMED, subject="Secret subject", body="Secret body"
    )
    db.session.add(mailing)
    webhook = Webhook(
        event_id=event_b.id, url="http://127.0.0.1:9/hook", topics="event.published", secret="s"
    )
    db.session.add(webhook)
    db.session.commit()
    calls_rows = calls_rows_of(event_b, make)
    take_home_rows = take_home_rows_of(event_b, session, make)
    outsider = make.user("organiser-a@example.org")
    make.role(outsider, RoleName.ORGANISER, event=event_a)
    owner = make.user("organiser-b@example.org")
    assignment = make.role(owner, RoleName.ORGANISER, series=series_b)
    chair_role = make.role(owner, RoleName.CHAIR, event=event_b)
    return {
        "event_a": event_a,
        "event": event_b,
        "series": series_b,
        "session": session,
        "talk": talk,
        "room": room,
        "person": speaker,
        "org": org,
        "registration": registration,
        "series_assignment": assignment,
        "event_assignment": chair_role,
        "manual_count": manual_count,
        "mailing": mailing,
        "webhook": webhook,
        **calls_rows,
        "take_home": take_home_rows,
    }


def _url_for_rule(rule, b) -> str:
    is_series = "/series/" in rule.rule
    values = {
        "slug": b["series"].slug if is_series else b["event"].slug,
        "event_slug": b["event"].slug,
        "series_slug": b["series"].slug,
        "session_id": b["session"].id,
        "talk_id": b["talk"].id,
        "room_id": b["room"].id,
        "person_id": b["person"].id,
        "org_id": b["org"].id,
        "registration_id": b["registration"].id,
        "assignment_id": (b["series_assignment"] if is_series else b["event_assignment"]).id,
        "entry_id": b["manual_count"].id,
        "mailing_id": b["mailing"].id,
        "token": "not-a-signed-token",
        "webhook_id": b["webhook"].id,
        # ids of plugin rows: refused on the event or series before any row is read
        "rec_id": 1,
        "area_id": 1,
        "fmt": "csv",  # the monitoring report's download formats
        "kind": "csv",  # the agenda import's example sheet
        "activity_id": 1,
        # calls plugin: real rows of event B
        "call_id": b["call"].id,
        "field_id": b["field"].id,
        "criterion_id": b["criterion"].id,
        "reviewer_id": b["reviewer"].id,
        "submission_id": b["submission"].id,
        "slot_id": b["slot"].id,
        "review_id": b["review"].id,
        "file_id": b["file"].id,
        "profile_id": b["profile"].id,
        "meeting_id": b["meeting"].id,
        "build_id": 1,
        # take-home workspace: real rows of event B
        "message_id": b["take_home"]["message"].id,
        "suggestion_id": b["take_home"]["suggestion"].id,
    }
    path = rule.rule
    # an any(...) converter: walk its first choice
    for match in re.finditer(r"<any\(([^),]+)[^)]*\):(\w+)>", rule.rule):
        path = path.replace(match.group(0), match.group(1))
    arguments = set(re.findall(r"<(?:[a-z]+:)?(\w+)>", path))
    unknown = arguments - values.keys()
    assert not unknown, f"{rule.rule}: teach this test the argument(s) {unknown}"
    for name in arguments:
        path = re.sub(r"<(?:[a-z]+:)?" + name + ">", str(values[name]), path)
    return path


def _manage_rules(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/manage")]
    assert len(rules) > 30  # the walk really covers the workspace
    return rules


def _methods(rule) -> list[str]:
    return sorted(m for m in rule.methods if m in ("GET", "POST"))


def _walk_as_outsider(app, client, b) -> None:
    """Every /manage/ route with event B's (or series B's) rows, as the signed-in user:
    refused everywhere, and nothing of event B changed."""
    roles_before = db.session.scalar(sa.select(sa.func.count()).select_from(RoleAssignment))
    checked = 0
    for rule in _manage_rules(app):
        path = _url_for_rule(rule, b)
        for method in _methods(rule):
            if rule.endpoint in GLOBAL_ENDPOINTS and method == "POST":
                continue  # creating new records of one's own is allowed; GET shows what is visible
            response = client.open(path, method=method, data={"direction": "up", "name": "X", "title": "X"})
            if rule.endpoint in GLOBAL_ENDPOINTS:
                assert response.status_code in (200, 403), (method, path, response.status_code)
                body = response.get_data(as_text=True)
                for secret in ("Secret event B", "Secret Speaker B", "Secret series B", "Secret room"):
                    assert secret not in body, (method, path, secret)
                # Organisation names form a shared directory to pick affiliations from,
                # but only editable ones are listed for editing.
                if rule.endpoint == "manage.organisations":
                    assert "Secret Org B" not in body
            else:
                assert response.status_code in (403, 404), (method, path, response.status_code)
            checked += 1
    assert checked > 40
    # Nothing of event B changed.
    db.session.expire_all()
    event = db.session.get(Event, b["event"].id)
    assert event.title == "Secret event B" and event.status.value == "published"
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(Session).where(Session.event_id == event.id))
        == 1
    )
    assert db.session.get(Registration, b["registration"].id).status.value == "confirmed"
    assert db.session.get(Webhook, b["webhook"].id) is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoleAssignment)) == roles_before
    assert unchanged(event, b["take_home"])


def test_organiser_of_another_event_gets_403_or_404_everywhere(app, client, auth, two_events):
    auth.login("organiser-a@example.org")
    _walk_as_outsider(app, client, two_events)


@pytest.mark.parametrize("role", [RoleName.RAPPORTEUR, RoleName.CHAIR])
def test_rapporteur_or_chair_of_another_event_gets_403_or_404_everywhere(
    app, client, auth, make, two_events, role
):
    """Plugin workspaces also let in an event's rapporteurs and chairs (take_home's
    capture pages), and a session's chair listed by person: all of that on event A
    opens nothing of event B."""
    user = make.user("helper-a@example.org")
    make.role(user, role, event=two_events["event_a"])
    session_a = make.session(two_events["event_a"], title="Session A")
    session_a.chairs = [make.person(name="Helper A", user=user)]
    db.session.commit()
    auth.login("helper-a@example.org")
    _walk_as_outsider(app, client, two_events)


def test_anonymous_visitors_are_sent_to_log_in_everywhere(app, client, two_events):
    for rule in _manage_rules(app):
        path = _url_for_rule(rule, two_events)
        for method in _methods(rule):
            response = client.open(path, method=method)
            assert response.status_code == 302, (method, path, response.status_code)
            assert "/login" in response.headers["Location"], (method, path)


def test_attendee_without_roles_cannot_create_anything(client, auth, make):
    make.user("attendee@example.org")
    auth.login("attendee@example.org")
    for path in (
        "/manage/events/new",
        "/manage/series/new",
        "/manage/import-event",
        "/manage/people/",
        "/manage/organisations/new",
    ):
        assert client.get(path).status_code == 403, path
    assert "You do not organise any event yet" in client.get("/manage/").get_data(as_text=True)


def test_series_organiser_manages_the_series_events(client, auth, two_events):
    auth.login("organiser-b@example.org")
    b = two_events
    assert client.get(f"/manage/events/{b['event'].slug}/").status_code == 200
    assert client.get(f"/manage/series/{b['series'].slug}/roles").status_code == 200
    people = client.get("/manage/people/").get_data(as_text=True)
    assert "Secret Speaker B" in people
    # ...but deleting the whole series is for site admins.
    assert client.get(f"/manage/series/{b['series'].slug}/delete").status_code == 403
