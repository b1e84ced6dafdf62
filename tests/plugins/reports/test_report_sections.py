"""Report sections: the core ones exist with every optional plugin off; the organiser's
order applies; the plugin imports only the public API."""

from __future__ import annotations

from pathlib import Path

from confsite_plugins.reports.document import order_sections
from confsite_plugins.reports.models import ReportSettings

from confsite.api import report_sections, scope_for_event, scope_for_series
from confsite.extensions import db
from confsite.reporting import BulletList, Heading, Paragraph, ReportSection
from tests.plugins.reports.conftest import assert_in_order, build_scenario, unnumbered

PLUGIN_DIR = Path(__file__).resolve().parents[3] / "plugins" / "reports"


def _texts(section: ReportSection) -> list[str]:
    out = []
    for block in section.blocks:
        if isinstance(block, (Heading, Paragraph)):
            out.append(block.text)
        elif isinstance(block, BulletList):
            out.extend(block.items)
    return out


def test_core_sections_build_with_every_optional_plugin_disabled(make_app):
    app = make_app(PLUGINS=[])
    with app.app_context():
        scenario = build_scenario(app)
        sections = report_sections(scope_for_series(scenario.series))
        assert [s.key for s in sections] == ["overview", "programme-ka-conference", "programme-ka-workshop"]
        assert {s.plugin for s in sections} == {"core_report_sections"}
        overview = _texts(sections[0])
        assert "A year on innovation flow." in overview
        assert "Innovation Flow Conference" in overview and "Interregional Workshop" in overview
        assert "Dates: 13–14 Jul 2021 (Europe/Madrid, starting 09:30)" in overview
        assert "Format: Online" in overview and "Host: Health Knowledge Agency, Spain" in overview
        programme = _texts(sections[1])
        assert programme == [
            "Session I: Research models",
            "Chair: Josefa Chair, Director, Health Knowledge Agency, Spain",
            "Regions and genomic data",
            "Gareth Speaker, Data Coordinator, Genome Hub, United Kingdom",
            "Why regions must be part of federated data infrastructures.",
        ]
        event_sections = report_sections(scope_for_event(scenario.workshop))
        assert [s.title for s in event_sections] == ["Overview", "Programme"]
        db.session.remove()


def test_series_period_limits_the_events(scenario):
    from datetime import date

    scope = scope_for_series(scenario.series, date(2021, 10, 1), date(2021, 12, 31))
    assert [e.slug for e in scope.events] == ["ka-workshop"]


def test_organiser_order_places_known_keys_and_slots_new_sections_by_default_order():
    sections = [
        ReportSection(key, key, (), order=order)
        for key, order in (("a", 10), ("b", 20), ("c", 30), ("new", 15))
    ]
    settings = ReportSettings(section_order=["c", "a", "b"], hidden_sections=["b"])
    assert [s.key for s in order_sections(sections, settings)] == ["c", "a", "new"]
    assert [s.key for s in order_sections(sections, settings, include_hidden=True)] == ["c", "a", "b", "new"]
    assert [s.key for s in order_sections(sections, None)] == ["a", "new", "b", "c"]


def test_hidden_sections_are_left_out_of_exports(scenario):
    organiser = scenario.client("organiser")
    organiser.post(
        "/manage/series/key-area/reports/builder/sections", data={"key": "fake-messages", "move": "hide"}
    )
    md = unnumbered(organiser.get("/manage/series/key-area/reports/export/md").get_data(as_text=True))
    assert "Take-home messages" not in md and "## Overview" in md
    builder = organiser.get("/manage/series/key-area/reports/builder").get_data(as_text=True)
    assert "Include “Take-home messages”" in builder
    response = organiser.post(
        "/manage/series/key-area/reports/builder/sections", data={"key": "nope", "move": "up"}
    )
    assert response.status_code == 302


def test_series_reports_use_only_plugins_enabled_on_the_series(scenario):
    from confsite.services.plugin_settings import set_plugin_enabled

    organiser = scenario.client("organiser")
    assert "## Take-home messages" in unnumbered(
        organiser.get("/manage/series/key-area/reports/export/md").get_data(as_text=True)
    )
    set_plugin_enabled("fake_messages", False, series=scenario.series)
    db.session.commit()
    md = unnumbered(organiser.get("/manage/series/key-area/reports/export/md").get_data(as_text=True))
    assert "Take-home messages" not in md and "## Overview" in md and "## Programme" in md


def test_building_a_report_costs_the_same_queries_however_many_recommendations(scenario):
    """No N+1: more areas, recommendations and votes do not mean more queries."""
    import sqlalchemy as sa
    from confsite_plugins.reports.document import build_document
    from confsite_plugins.reports.models import (
        PolicyArea,
        Recommendation,
        RecommendationStatus,
        Vote,
    )
    from confsite_plugins.reports.targets import Target

    def add_areas(count: int, offset: int) -> None:
        for i in range(count):
            area = PolicyArea(
                event=scenario.workshop,
                title=f"Area {offset + i}",
                rationale="Why.",
                position=offset + i,
                session=scenario.panel,
            )
            for j in range(3):
                rec = Recommendation(
                    area=area, text=f"Recommendation {offset + i}.{j}", status=RecommendationStatus.ACCEPTED
                )
                rec.votes = [Vote(organisation=org, score=1 + (i + j) % 5) for org in scenario.orgs.values()]
                db.session.add(rec)
        db.session.commit()

    def queries_for_report() -> int:
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        db.session.expire_all()
        sa.event.listen(db.engine, "before_cursor_execute", listener)
        try:
            document = build_document(Target(series=scenario.series))
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listener)
        assert any(s.key == "policy-areas" for s in document.sections)
        return len(statements)

    add_areas(1, 0)
    queries_for_report()  # warm-up: first-use lookups (plugin settings, roles) are cached
    few = queries_for_report()
    add_areas(4, 1)
    assert queries_for_report() == few


def test_series_level_policy_areas_come_before_the_events_areas(scenario):
    import sqlalchemy as sa
    from confsite_plugins.reports.models import PolicyArea, Recommendation

    from tests.plugins.reports.conftest import add_area

    add_area(scenario, "Workshop area")
    organiser = scenario.client("organiser")
    response = organiser.post(
        "/manage/series/key-area/reports/areas/new",
        data={"title": "Cross-cutting area", "rationale": "Spans the year.", "session_id": scenario.panel.id},
    )
    assert response.status_code == 302
    area = db.session.scalar(sa.select(PolicyArea).where(PolicyArea.title == "Cross-cutting area"))
    assert area.series_id == scenario.series.id and area.event_id is None
    response = scenario.client("gamma").post(
        "/manage/series/key-area/reports/recommendations/new",
        data={
            "area_id": area.id,
            "text": "Keep a shared register of good practices.",
            "talk_ids": [scenario.conference_talk.id],
            "action": "submit",
        },
    )
    assert response.status_code == 302  # no addressee given: "not specified"
    rec = db.session.scalar(sa.select(Recommendation).where(Recommendation.area_id == area.id))
    assert [t.id for t in rec.talks] == [scenario.conference_talk.id]
    assert (
        organiser.post(f"/manage/series/key-area/reports/recommendations/{rec.id}/accept").status_code == 302
    )
    md = organiser.get("/manage/series/key-area/reports/export/md").get_data(as_text=True)
    assert_in_order(
        md,
        "### Cross-cutting area",
        "Spans the year.",
        "Below the quorum of 1 partner vote(s), not ranked:",  # nobody voted yet
        "- Keep a shared register of good practices. (0 of 3 partners voted)",
        "### Workshop area",
        "No recommendation has been accepted yet.",
    )
