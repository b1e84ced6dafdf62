"""The core's report sections speak the report's language, like the plugins' do."""

from __future__ import annotations

from flask_babel import force_locale

from confsite.core_report_sections import overview_section, programme_section
from confsite.reporting import BulletList, Paragraph, ReportScope


def test_core_sections_are_written_in_the_report_language(app, make):
    event = make.event(slug="ka4", venue="Santiago de Compostela")
    session = make.session(event, title="Panel")
    session.chairs = [make.person(name="Ángel Alonso Sánchez")]
    with app.test_request_context(), force_locale("de"):
        overview = overview_section(ReportScope(event=event, series=None, events=(event,)))
        programme = programme_section(event, 0, single=True)
    facts = next(b for b in overview.blocks if isinstance(b, BulletList)).items
    assert overview.title == "Überblick" and programme.title == "Programm"
    assert "Ort: Santiago de Compostela" in facts
    assert any(
        b.text.startswith("Vorsitz: Ángel Alonso Sánchez")
        for b in programme.blocks
        if isinstance(b, Paragraph)
    )
