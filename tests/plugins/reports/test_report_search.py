"""Published recommendations are found by the site search (page and JSON), accent- and
case-insensitively; drafts, proposals under review, rejected ones, edits not yet
published and recommendations of draft events never are. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from confsite_plugins.reports.models import PolicyArea, Recommendation

from confsite.extensions import db
from confsite.models import EventStatus
from tests.plugins.reports.conftest import act, add_area, propose

PUBLISHED = "Crear un registro común de pacientes entre Andalucía, Łódź y Øresund"
DRAFT = "Borrador: financiar la genómica en Žilina"
UNDER_REVIEW = "Proposta: formare i medici di Cagliari sulla medicina personalizzata"
REJECTED = "Refusé : fermer les biobanques de Besançon"


def found(client, query: str) -> list[dict]:
    """The recommendation results for ``query`` (the JSON variant)."""
    groups = client.get("/search.json", query_string={"q": query}).get_json()["groups"]
    return [r for g in groups if g["kind"] == "recommendation" for r in g["results"]]


def test_published_recommendations_are_found_and_nothing_else(scenario, reports_app):
    visitor = reports_app.test_client()
    area = add_area(scenario, "Datos sanitarios transfronterizos")
    published = propose(scenario, "beta", area, PUBLISHED)
    act(scenario, "organiser", published, "accept")
    propose(scenario, "gamma", area, DRAFT, submit=False)
    propose(scenario, "alpha1", area, UNDER_REVIEW)
    rejected = propose(scenario, "gamma", area, REJECTED)
    act(scenario, "organiser", rejected, "reject", reason="Hors sujet.")

    assert found(visitor, "andalucia") == []  # accepted, but no published report holds it yet

    organiser = scenario.client("organiser")
    assert organiser.post("/manage/series/key-area/reports/publish").status_code == 302
    for query in ("andalucia lodz", "ANDALUCÍA", "oresund", "lodz registro comun", "transfronterizos"):
        results = found(visitor, query)
        assert [r["title"] for r in results] == [PUBLISHED], query
    assert results[0]["url"].endswith("/series/key-area/reports/published/")
    assert visitor.get("/series/key-area/reports/published/").status_code == 200
    for query in ("zilina", "cagliari", "besancon", "biobanques"):
        assert found(visitor, query) == [], query

    # Accepted after the publication: found once a version holding it is published.
    pending = db.session.scalar(sa.select(Recommendation.id).where(Recommendation.text == UNDER_REVIEW))
    act(scenario, "organiser", pending, "accept")
    assert found(visitor, "cagliari") == []
    assert organiser.post("/manage/series/key-area/reports/publish").status_code == 302
    assert [r["title"] for r in found(visitor, "CAGLIARI medicina")] == [UNDER_REVIEW]

    # The search page groups them under their own heading, in the viewer's language.
    page = visitor.get("/search?q=andalucia", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert 'id="results-recommendation"' in page and "Empfehlungen" in page

    # The workshop's own report links to the workshop's published versions.
    assert organiser.post("/manage/events/ka-workshop/reports/publish").status_code == 302
    assert found(visitor, "andalucia")[0]["url"].endswith("/events/ka-workshop/reports/published/")

    # Back to draft: the workshop's recommendations disappear with it.
    scenario.workshop.status = EventStatus.DRAFT
    db.session.commit()
    assert found(visitor, "andalucia") == []


def test_a_series_area_is_found_through_the_series_events(scenario, reports_app):
    organiser = scenario.client("organiser")
    response = organiser.post(
        "/manage/series/key-area/reports/areas/new",
        data={"title": "Compra pública de innovación", "rationale": "", "position": 0, "session_id": 0},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    area = db.session.scalar(sa.select(PolicyArea.id).where(PolicyArea.series_id == scenario.series.id))
    response = scenario.client("beta").post(
        "/manage/series/key-area/reports/recommendations/new",
        data={
            "area_id": area,
            "text": "Żądać wspólnych zamówień w Gdańsku",
            "addressee": "",
            "action": "submit",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    rec = db.session.scalar(sa.select(Recommendation.id).where(Recommendation.area_id == area))
    accepted = organiser.post(f"/manage/series/key-area/reports/recommendations/{rec}/accept")
    assert accepted.status_code == 302
    assert organiser.post("/manage/series/key-area/reports/publish").status_code == 302

    visitor = reports_app.test_client()
    results = found(visitor, "zadac gdansku")
    assert [r["title"] for r in results] == ["Żądać wspólnych zamówień w Gdańsku"]  # once, not per event
    assert results[0]["url"].endswith("/series/key-area/reports/published/")
