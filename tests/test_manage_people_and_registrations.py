"""Roles by e-mail (with invitations), registrations, check-in and the CSV export."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, Registration, RoleAssignment, RoleName
from confsite.services.registration import Applicant, register
from tests import outbox
from tests.manage_helpers import ensure_guest_page_route


@pytest.fixture
def organiser(app, make, auth):
    ensure_guest_page_route(app)
    event = make.event(slug="ev", title="Workshop", capacity=2)
    user = make.user("officer@example.org", display_name="Project Officer")
    make.role(user, RoleName.ORGANISER, event=event)
    auth.login("officer@example.org")
    return event


def _register(event, name, email, **kw):
    return register(event, Applicant(name=name, email=email, consent=True, **kw))[0]


def _outbox(app) -> list[str]:
    """Each delivered message as text (after the delivery jobs ran)."""
    return [m.as_string() for m in outbox.messages(app)]


def test_roles_by_email_invite_people_without_accounts(app, client, organiser, make, runner):
    org = make.organisation(name="Gemelli Generator")
    make.user("known@example.org")
    client.post(
        "/manage/events/ev/roles", data={"email": "Known@Example.org", "role": "chair", "organisation": "0"}
    )
    client.post(
        "/manage/events/ev/roles",
        data={"email": "new.rapporteur@example.org", "role": "rapporteur", "organisation": "0"},
    )
    body = client.post(
        "/manage/events/ev/roles", data={"email": "p@example.org", "role": "partner", "organisation": "0"}
    ).get_data(as_text=True)
    assert "A partner acts for an organisation" in body
    client.post(
        "/manage/events/ev/roles",
        data={"email": "p@example.org", "role": "partner", "organisation": str(org.id)},
    )
    assert "Invalid email address" in client.post(
        "/manage/events/ev/roles", data={"email": "not-an-address", "role": "chair", "organisation": "0"}
    ).get_data(as_text=True)
    roles = {(r.email, r.role.value): r for r in db.session.scalars(sa.select(RoleAssignment))}
    assert roles[("known@example.org", "chair")].user_id is not None
    assert roles[("new.rapporteur@example.org", "rapporteur")].user_id is None
    assert roles[("p@example.org", "partner")].organisation_id == org.id
    assert any("new.rapporteur@example.org" in m and "rapporteur" in m for m in _outbox(app))
    page = client.get("/manage/events/ev/roles").get_data(as_text=True)
    assert "Invited" in page and "Gemelli Generator" in page
    # Signing up later claims the invitation (CLI create-user).
    result = runner.invoke(
        args=["create-user", "new.rapporteur@example.org", "--password", "long enough password"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert roles[("new.rapporteur@example.org", "rapporteur")].user_id is not None
    # Removing a role asks first.
    chair = roles[("known@example.org", "chair")]
    assert "Remove role" in client.get(f"/manage/events/ev/roles/{chair.id}/remove").get_data(as_text=True)
    client.post(f"/manage/events/ev/roles/{chair.id}/remove")
    assert db.session.get(RoleAssignment, chair.id) is None


def test_cli_grant_and_create_user_errors(runner, make):
    make.event(slug="ka4")
    make.series(slug="r4pm")
    assert runner.invoke(args=["grant", "a@example.org", "organiser", "ka4"]).exit_code == 0
    assert runner.invoke(args=["grant", "a@example.org", "chair", "series:r4pm"]).exit_code == 0
    result = runner.invoke(args=["grant", "a@example.org", "organiser", "missing"])
    assert result.exit_code != 0 and "no event or series" in result.output
    result = runner.invoke(args=["grant", "a@example.org", "partner", "ka4", "--organisation", "Nope"])
    assert result.exit_code != 0 and "no organisation named" in result.output
    result = runner.invoke(args=["create-user", "a@example.org", "--admin", "--password", "short"])
    assert result.exit_code != 0 and "at least" in result.output
    result = runner.invoke(args=["create-user", "a@example.org", "--admin", "--password", "a long password"])
    assert result.exit_code == 0
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(RoleAssignment).where(RoleAssignment.user_id.is_not(None))
        )
        == 2
    )
    assert (
        runner.invoke(args=["create-user", "a@example.org", "--password", "a long password"]).exit_code != 0
    )


def test_registration_list_filters_and_search(client, organiser):
    event = organiser
    event.capacity = None
    db.session.commit()
    _register(event, "Ana Álvarez", "ana@example.org", country="ES", sector="academia", organisation="USC")
    _register(
        event, "Bram de Vries", "bram@example.org", country="NL", sector="industry", organisation="Corvers"
    )
    _register(event, "Chiara Rossi", "chiara@example.org", country="IT", sector="academia")
    page = client.get("/manage/events/ev/registrations/?q=corv").get_data(as_text=True)
    assert "Bram de Vries" in page and "Ana Álvarez" not in page
    page = client.get("/manage/events/ev/registrations/?sector=academia&country=IT").get_data(as_text=True)
    assert "Chiara Rossi" in page and "Ana Álvarez" not in page and "Bram" not in page
    page = client.get("/manage/events/ev/registrations/?status=waitlisted").get_data(as_text=True)
    assert "No registrations match" in page


def test_manual_add_cancel_promote_and_capacity(client, organiser):
    event = organiser
    data = {
        "name": "Orestis K",
        "email": "orestis@example.org",
        "organisation": "EC",
        "country": "BE",
        "sector": "public_authority",
        "consent": "y",
    }
    assert "consent" in client.post(
        "/manage/events/ev/registrations/new", data={**data, "consent": ""}
    ).get_data(as_text=True)
    client.post("/manage/events/ev/registrations/new", data=data)
    client.post(
        "/manage/events/ev/registrations/new", data={**data, "name": "Second", "email": "second@example.org"}
    )
    client.post(
        "/manage/events/ev/registrations/new", data={**data, "name": "Third", "email": "third@example.org"}
    )
    client.post(
        "/manage/events/ev/registrations/new", data={**data, "name": "Fourth", "email": "fourth@example.org"}
    )

    def status(email):
        return db.session.scalar(sa.select(Registration.status).where(Registration.email == email)).value

    assert [status(e) for e in ("orestis@example.org", "second@example.org", "third@example.org")] == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    # Cancelling a confirmed person promotes the first waiting.
    first = db.session.scalar(sa.select(Registration).where(Registration.email == "orestis@example.org"))
    assert "Cancel registration" in client.get(f"/manage/events/ev/registrations/{first.id}/cancel").get_data(
        as_text=True
    )
    client.post(f"/manage/events/ev/registrations/{first.id}/cancel")
    db.session.expire_all()
    assert status("orestis@example.org") == "cancelled" and status("third@example.org") == "confirmed"
    # Raising the capacity promotes from the waiting list.
    client.post("/manage/events/ev/capacity", data={"capacity": "3"})
    db.session.expire_all()
    assert status("fourth@example.org") == "confirmed"
    assert db.session.get(Event, event.id).confirmed_count == 3
    # An organiser can confirm a waiting person beyond capacity.
    client.post(
        "/manage/events/ev/registrations/new", data={**data, "name": "Fifth", "email": "fifth@example.org"}
    )
    fifth = db.session.scalar(sa.select(Registration).where(Registration.email == "fifth@example.org"))
    assert fifth.status.value == "waitlisted"
    client.post(f"/manage/events/ev/registrations/{fifth.id}/promote")
    db.session.expire_all()
    assert status("fifth@example.org") == "confirmed"
    # Bad capacity: a message, no change.
    response = client.post("/manage/events/ev/capacity", data={"capacity": "-4"}, follow_redirects=True)
    assert "Number must be between 0 and 2147483647" in response.get_data(as_text=True)
    assert db.session.get(Event, event.id).capacity == 3


@pytest.mark.parametrize("typed", ["%", "_", "a%n", "ana_"])
def test_registration_search_takes_percent_and_underscore_literally(client, organiser, typed):
    _register(organiser, "Ana Álvarez", "ana@example.org")
    _register(organiser, "Bo 100% Sure", "bo_b@example.org")
    page = client.get("/manage/events/ev/registrations/", query_string={"q": typed}).get_data(as_text=True)
    expected = {"%": ["Bo 100% Sure"], "_": ["Bo 100% Sure"], "a%n": [], "ana_": []}[typed]
    shown = [name for name in ("Ana Álvarez", "Bo 100% Sure") if name in page]
    assert shown == expected


def test_check_in_search_tap_and_undo(client, organiser):
    event = organiser
    person = _register(event, "Rossana Alessandrello", "rossana@example.org")
    page = client.get("/manage/events/ev/checkin?q=rossana").get_data(as_text=True)
    assert "Rossana Alessandrello" in page and "Check in" in page
    client.post(f"/manage/events/ev/checkin/{person.id}", data={"q": "rossana"})
    db.session.expire_all()
    assert db.session.get(Registration, person.id).checked_in_at is not None
    assert "Undo" in client.get("/manage/events/ev/checkin?q=rossana").get_data(as_text=True)
    client.post(f"/manage/events/ev/checkin/{person.id}", data={"q": "rossana", "undo": "1"})
    db.session.expire_all()
    assert db.session.get(Registration, person.id).checked_in_at is None


def test_csv_export_is_utf8_with_bom_and_formula_safe(client, organiser):
    event = organiser
    _register(event, '=HYPERLINK("http://evil")', "evil@example.org", organisation="+cmd|' /C calc'!A0")
    _register(event, "José Quiles del Río", "jose@example.org", country="ES", organisation="@SUM(1)")
    response = client.get("/manage/events/ev/registrations.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "E-mail", "Organisation"]
    by_email = {r[1]: r for r in rows[1:]}
    assert by_email["evil@example.org"][0] == '\'=HYPERLINK("http://evil")'
    assert by_email["evil@example.org"][2].startswith("'+")
    assert by_email["jose@example.org"][0] == "José Quiles del Río"
    assert by_email["jose@example.org"][2] == "'@SUM(1)" and by_email["jose@example.org"][3] == "Spain"
    # The export follows the list's filters.
    filtered = client.get("/manage/events/ev/registrations.csv?country=ES").data.decode("utf-8-sig")
    assert "jose@example.org" in filtered and "evil@example.org" not in filtered


def _queries(client, path: str) -> int:
    from sqlalchemy import event as sa_event

    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    db.session.expire_all()  # the test shares the request's session: start each page cold
    sa_event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_lists_cost_a_fixed_number_of_queries(client, organiser, make):
    event = organiser
    event.capacity = None
    db.session.commit()
    paths = (
        "/manage/events/ev/registrations/",
        "/manage/events/ev/checkin?q=example",
        "/manage/people/",
        "/manage/organisations/",
        "/manage/events/ev/roles",
        "/manage/",
    )
    session = make.session(event)
    for i in range(2):
        _register(event, f"Person {i}", f"p{i}@example.org", country="ES")
        make.talk(session, [make.person(organisation=make.organisation())])
    for path in paths:
        client.get(path)  # warm up: first requests load caches once
    few = {path: _queries(client, path) for path in paths}
    for i in range(2, 10):
        _register(event, f"Person {i}", f"p{i}@example.org", country="IT")
        make.talk(session, [make.person(organisation=make.organisation())])
    assert {path: _queries(client, path) for path in paths} == few
