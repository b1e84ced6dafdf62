"""An event's roles and plugin settings over the API (organisers only): through the
services the organiser pages use, validated by the plugin's declared schema, and each
change audited in the event's change log with the token's owner."""

from __future__ import annotations

import sqlalchemy as sa

from confsite import hookimpl
from confsite.extensions import db
from confsite.hooktypes import SettingField
from confsite.models import OutboxMessage, RoleAssignment, RoleName, SessionChange
from confsite.services.api_tokens import create_token
from confsite.services.plugin_event_settings import plugin_settings


def _headers(user, scope="write"):
    secret = create_token(user, name="sync", scope=scope).secret
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def _log(event, field):
    return db.session.scalars(
        sa.select(SessionChange)
        .where(SessionChange.event_id == event.id, SessionChange.field == field)
        .order_by(SessionChange.id)
    ).all()


def test_organisers_list_grant_and_revoke_roles_audited_with_the_tokens_owner(client, make):
    organiser = make.user("ángel@example.org", display_name="Ángel Núñez")
    event = make.event(slug="ka4", status="draft")  # audited on drafts too
    make.role(organiser, RoleName.ORGANISER, event=event)
    make.user("ziga@example.org", display_name="Žiga Øystein")
    make.organisation(name="ACIS")
    headers = _headers(organiser)

    granted = client.post(
        "/api/v1/events/ka4/roles", headers=headers, json={"email": "ziga@example.org", "role": "rapporteur"}
    )
    assert granted.status_code == 201, granted.get_json()
    body = granted.get_json()
    assert (body["role"], body["name"], body["pending"]) == ("rapporteur", "Žiga Øystein", False)
    again = client.post(
        "/api/v1/events/ka4/roles", headers=headers, json={"email": "ZIGA@example.org", "role": "rapporteur"}
    )
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]

    invited = client.post(
        "/api/v1/events/ka4/roles",
        headers=headers,
        json={"email": "lukasz@example.org", "role": "partner", "organisation": "ACIS"},
    )
    assert invited.status_code == 201 and invited.get_json()["pending"] is True
    assert (
        db.session.scalar(
            sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == "lukasz@example.org")
        )
        == f"Your role at {event.title}"
    )

    listing = client.get("/api/v1/events/ka4/roles", headers=headers).get_json()
    assert {(r["email"], r["role"]) for r in listing} == {
        ("ángel@example.org", "organiser"),
        ("ziga@example.org", "rapporteur"),
        ("lukasz@example.org", "partner"),
    }
    assert client.delete(f"/api/v1/events/ka4/roles/{body['id']}", headers=headers).status_code == 204
    assert db.session.get(RoleAssignment, body["id"]) is None

    logged = _log(event, "role")
    assert [(c.before, c.after) for c in logged] == [
        ("", "rapporteur: ziga@example.org"),
        ("", "partner: lukasz@example.org (ACIS)"),
        ("rapporteur: ziga@example.org", ""),
    ]
    assert {c.user_id for c in logged} == {organiser.id}
    changes = client.get("/api/v1/events/ka4/changes", headers=headers).get_json()
    assert (
        changes[0]["field"] == "role"
        and changes[0]["by"] == "Ángel Núñez"
        and changes[0]["session_uid"] == ""
    )


def test_bad_role_requests_are_refused_with_the_field_and_nothing_changes(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4")
    make.role(organiser, RoleName.ORGANISER, event=event)
    headers = _headers(organiser)
    cases = [
        ({"email": "x@example.org", "role": "emperor"}, "role"),
        ({"email": "not an address", "role": "chair"}, "email"),
        ({"email": "x@example.org", "role": "partner"}, "organisation"),
        ({"email": "x@example.org", "role": "chair", "organisation": "Nobody Inc"}, "organisation"),
        ({"email": "x@example.org", "role": "chair", "extra": 1}, "extra"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/events/ka4/roles", headers=headers, json=body)
        assert response.status_code == 422, (field, response.get_json())
        assert field in [e["field"] for e in response.get_json()["errors"]]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoleAssignment)) == 1
    assert _log(event, "role") == []


def test_roles_and_settings_are_for_the_events_organisers_only(client, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4")
    other = make.event(slug="other")
    make.role(organiser, RoleName.ORGANISER, event=event)
    chair = make.user("chair@example.org")
    make.role(chair, RoleName.CHAIR, event=event)
    grant = {"email": "x@example.org", "role": "organiser"}
    assignment = db.session.scalar(sa.select(RoleAssignment.id))
    for headers in (_headers(chair), _headers(organiser, scope="read"), _headers(make.user("s@example.org"))):
        assert client.post("/api/v1/events/ka4/roles", headers=headers, json=grant).status_code == 403
        assert client.delete(f"/api/v1/events/ka4/roles/{assignment}", headers=headers).status_code == 403
        patch = {"values": {"suggestions_open": True}}
        assert (
            client.patch(
                "/api/v1/events/ka4/plugin-settings/take_home", headers=headers, json=patch
            ).status_code
            == 403
        )
    assert client.get("/api/v1/events/ka4/roles").status_code == 401
    assert client.get("/api/v1/events/ka4/plugin-settings", headers=_headers(chair)).status_code == 403
    organiser_headers = _headers(organiser)
    assert (
        client.delete(f"/api/v1/events/other/roles/{assignment}", headers=organiser_headers).status_code
        == 403
    )
    make.role(organiser, RoleName.ORGANISER, event=other)
    # A role of another event is not reachable through this one.
    assert (
        client.delete(f"/api/v1/events/other/roles/{assignment}", headers=organiser_headers).status_code
        == 404
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoleAssignment)) == 3


class TunedPlugin:
    """A plugin declaring every kind of setting."""

    @hookimpl
    def plugin_settings_schema(self):
        return [
            SettingField(key="show_badge", label="Show the badge", kind="bool", default=False),
            SettingField(key="slots", label="Slots", kind="int", default=3, minimum=1, maximum=10),
            SettingField(key="motto", label="Motto", kind="text", default="", max_length=20),
            SettingField(
                key="colour",
                label="Colour",
                kind="choice",
                default="blue",
                choices=(("blue", "Blue"), ("red", "Red")),
            ),
        ]


def test_plugin_settings_are_read_and_updated_through_the_schema_and_audited(make_app, make):
    app = make_app(extra_plugins=[("tuned", TunedPlugin())])
    with app.app_context():
        client = app.test_client()
        organiser = make.user("org@example.org", display_name="Øystein Ångström")
        event = make.event(slug="ka4")
        make.role(organiser, RoleName.ORGANISER, event=event)
        headers = _headers(organiser)
        listing = client.get("/api/v1/events/ka4/plugin-settings", headers=headers)
        assert listing.status_code == 200
        by_name = {p["plugin"]: p for p in listing.get_json()}
        assert {"tuned", "take_home", "attendance"} <= set(by_name)
        tuned = by_name["tuned"]
        assert tuned["values"] == {"show_badge": False, "slots": 3, "motto": "", "colour": "blue"}
        assert tuned["enabled"] is True
        assert [f["key"] for f in tuned["fields"]] == ["show_badge", "slots", "motto", "colour"]
        assert tuned["fields"][3]["choices"] == ["blue", "red"]

        url = "/api/v1/events/ka4/plugin-settings/tuned"
        changed = client.patch(url, headers=headers, json={"values": {"slots": 7, "motto": "Ñandú ahoy"}})
        assert changed.status_code == 200, changed.get_json()
        assert changed.get_json()["values"] == {
            "show_badge": False,
            "slots": 7,
            "motto": "Ñandú ahoy",
            "colour": "blue",
        }
        assert plugin_settings("tuned", event)["slots"] == 7
        assert client.get(url, headers=headers).get_json()["values"]["motto"] == "Ñandú ahoy"

        bad = [
            ({"slots": 11}, "values.slots"),
            ({"slots": "7"}, "values.slots"),  # a program sends a number, not text
            ({"slots": True}, "values.slots"),
            ({"show_badge": "yes"}, "values.show_badge"),
            ({"motto": "x" * 21}, "values.motto"),
            ({"motto": "a\x00b"}, "values.motto"),
            ({"colour": "green"}, "values.colour"),
            ({"volume": 3}, "values.volume"),
        ]
        for values, field in bad:
            response = client.patch(url, headers=headers, json={"values": {"show_badge": True, **values}})
            assert response.status_code == 422, (values, response.get_json())
            problem = response.get_json()
            assert field in [e["field"] for e in problem["errors"]], problem
            assert f"/{field.replace('.', '/')}" in [e["pointer"] for e in problem["errors"]]
        assert plugin_settings("tuned", event)["show_badge"] is False  # nothing half-written
        assert client.patch(url, headers=headers, json={"slots": 3}).status_code == 422
        assert client.get("/api/v1/events/ka4/plugin-settings/nonesuch", headers=headers).status_code == 404

        logged = _log(event, "plugin_settings")
        assert sorted((c.before, c.after) for c in logged) == [
            ("tuned.motto = ", "tuned.motto = Ñandú ahoy"),
            ("tuned.slots = 3", "tuned.slots = 7"),
        ]
        assert {c.user_id for c in logged} == {organiser.id}
        db.session.remove()


def test_the_organiser_pages_audit_roles_and_settings_too(client, auth, make):
    organiser = make.user("org@example.org", display_name="Ana Pérez")
    event = make.event(slug="ka4")
    make.role(organiser, RoleName.ORGANISER, event=event)
    auth.login("org@example.org")
    response = client.post(
        "/manage/events/ka4/roles", data={"email": "new@example.org", "role": "chair", "organisation": 0}
    )
    assert response.status_code == 302
    assert [(c.after, c.user_id) for c in _log(event, "role")] == [("chair: new@example.org", organiser.id)]
    page = client.get("/manage/events/ka4/changes").get_data(as_text=True)
    assert "chair: new@example.org" in page and "(the event itself)" in page and "Ana Pérez" in page


def test_the_plugins_page_audits_settings_changes_too(make_app, make):
    app = make_app(extra_plugins=[("tuned", TunedPlugin())])
    with app.app_context():
        client = app.test_client()
        organiser = make.user("org@example.org", display_name="Ana Pérez")
        event = make.event(slug="ka4")
        make.role(organiser, RoleName.ORGANISER, event=event)
        client.post("/login", data={"email": "org@example.org", "password": make.PASSWORD})
        response = client.post(
            "/manage/events/ka4/plugins",
            data={"setting__tuned__slots": "5", "setting__tuned__motto": "", "setting__tuned__colour": "red"},
        )
        assert response.status_code == 302
        logged = [c for c in _log(event, "plugin_settings") if c.after.startswith("tuned.")]
        assert sorted((c.before, c.after, c.user_id) for c in logged) == [
            ("tuned.colour = blue", "tuned.colour = red", organiser.id),
            ("tuned.slots = 3", "tuned.slots = 5", organiser.id),
        ]
        db.session.remove()
