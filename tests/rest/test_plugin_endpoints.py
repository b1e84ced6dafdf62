"""Built-in plugins add read-only endpoints through the ``api_blueprints`` hook: take-home
messages, attendance figures and prioritised recommendations of the KA4 demo."""

from __future__ import annotations

import marshmallow as ma

from confsite import hookimpl
from confsite.api import ApiBlueprint, api_event_or_404
from confsite.demo import load_full_demo
from confsite.extensions import db
from confsite.models import Event
from confsite.services.plugin_settings import set_plugin_enabled


def test_plugins_expose_the_demo_results(app, client):
    load_full_demo()
    doc = client.get("/api/v1/openapi.json").get_json()
    for path in ("take-home-messages", "attendance", "recommendations"):
        assert f"/api/v1/events/{{event_slug}}/{path}" in doc["paths"]

    take_home = client.get("/api/v1/events/ka4-conference-2021/take-home-messages").get_json()
    assert len(take_home["messages"]) >= 10 and take_home["key_points"]
    assert all(m["text"] and m["published_at"] for m in take_home["messages"])

    figures = client.get("/api/v1/events/ka4-conference-2021/attendance").get_json()
    assert figures["confirmed"] > 0 and figures["countries"] >= 10

    areas = client.get("/api/v1/events/ka4-workshop-2021/recommendations").get_json()
    assert len(areas) == 3
    ranks = [r["rank"] for r in areas[0]["recommendations"] if r["rank"] is not None]
    assert ranks and ranks == sorted(ranks)


def test_a_plugin_switched_off_for_an_event_answers_404_there(app, client, make):
    event = make.event(slug="no-take-home")
    assert client.get("/api/v1/events/no-take-home/take-home-messages").status_code == 200
    set_plugin_enabled("take_home", False, event=db.session.get(Event, event.id))
    db.session.commit()
    response = client.get("/api/v1/events/no-take-home/take-home-messages")
    assert response.status_code == 404 and response.content_type == "application/problem+json"


def test_drafts_stay_hidden_from_plugin_endpoints(client, make):
    make.event(slug="hidden", status="draft")
    for path in ("take-home-messages", "attendance", "recommendations"):
        assert client.get(f"/api/v1/events/hidden/{path}").status_code == 404


class ThirdPartyApi:
    """A plugin from outside adds an endpoint with a schema of its own."""

    @staticmethod
    @hookimpl
    def api_blueprints() -> list:
        bp = ApiBlueprint("api_badges", __name__, description="Badges (test plugin)")

        class BadgeSchema(ma.Schema):
            slug = ma.fields.String(required=True)
            label = ma.fields.String(required=True)

        @bp.route("/events/<event_slug>/badge")
        @bp.response(200, BadgeSchema)
        def badge(event_slug: str) -> dict:
            event = api_event_or_404(event_slug)
            return {"slug": event.slug, "label": f"Speaker at {event.title}"}

        return [bp]


def test_a_third_party_plugin_adds_an_endpoint_and_its_schema(make_app, make):
    app = make_app(extra_plugins=[("badges", ThirdPartyApi)])
    with app.app_context():
        make.event(slug="ka4", title="KA4")
        client = app.test_client()
        assert client.get("/api/v1/events/ka4/badge").get_json() == {"slug": "ka4", "label": "Speaker at KA4"}
        doc = client.get("/api/v1/openapi.json").get_json()
        assert "BadgeSchema" in str(doc["components"]["schemas"]) or "Badge" in str(
            doc["components"]["schemas"]
        )
        assert "/api/v1/events/{event_slug}/badge" in doc["paths"]
