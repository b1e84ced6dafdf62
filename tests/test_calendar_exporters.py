"""The calendar and schedule downloads are offered through the export_formats hook."""

from __future__ import annotations

import json

from lxml import etree

from confsite.plugins import host
from tests.calendar_helpers import parse, programme


def test_core_exporters_render_valid_documents(app):
    prog = programme()
    exporters = {e.identifier: e for e in host().collect("export_formats", event=prog.event)}
    assert {"ical", "schedule-xml", "schedule-json"} <= set(exporters)
    assert exporters["ical"].plugin == "calendars"
    with app.test_request_context():
        cal = parse(exporters["ical"].render(prog.event))
        xml = etree.fromstring(exporters["schedule-xml"].render(prog.event))
        data = json.loads(exporters["schedule-json"].render(prog.event))
    assert {str(e["UID"]) for e in cal.vevents} == {prog.opening.uid, prog.panel.uid}
    assert {e.get("guid") for e in xml.findall("day/room/event")} == {prog.opening.uid, prog.panel.uid}
    assert data["schedule"]["conference"]["title"] == prog.event.title


def test_core_exporters_cannot_be_switched_off(app):
    assert "calendars" in host().core
