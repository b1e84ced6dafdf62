"""Series figures over a date range, the report section and the demo content."""

from __future__ import annotations

import csv
import io
from datetime import date

from confsite_plugins.attendance import demo
from confsite_plugins.attendance.figures import collect_figures
from confsite_plugins.attendance.models import ManualCount
from lxml import etree, html

from confsite.demo import load_demo
from confsite.extensions import db
from confsite.models import RoleName
from confsite.plugins import host
from confsite.reporting import Figure, Figures, ReportScope
from confsite.services.plugin_settings import set_plugin_enabled
from tests.attendance.conftest import add_registrations
from tests.factories import utc


def _series_with_two_events(make):
    series = make.series(slug="r4pm", title="Regions4PerMed")
    spring = make.event(
        series=series, slug="spring", title="Spring", start_at=utc(2021, 4, 1, 8), end_at=utc(2021, 4, 1, 16)
    )
    autumn = make.event(
        series=series,
        slug="autumn",
        title="Autumn",
        start_at=utc(2021, 11, 16, 8),
        end_at=utc(2021, 11, 17, 16),
    )
    make.event(
        series=series,
        slug="hidden",
        title="Draft",
        status="draft",
        start_at=utc(2021, 6, 1, 8),
        end_at=utc(2021, 6, 1, 9),
    )
    add_registrations(spring, {"ES": 3, "IT": 2}, prefix="s")
    add_registrations(autumn, {"ES": 1, "FR": 4}, prefix="a")
    shared = make.person(name="Speaks twice")
    make.talk(make.session(spring), [shared, make.person()])
    make.talk(make.session(autumn), [shared])
    db.session.add(ManualCount(event_id=autumn.id, day=date(2021, 11, 16), source="Stream", count=40))
    db.session.commit()
    organiser = make.user()
    make.role(organiser, RoleName.ORGANISER, series=series)
    return series, spring, autumn, organiser


def test_series_figures_add_up_over_a_date_range(client, auth, make):
    _series, _spring, _autumn, organiser = _series_with_two_events(make)
    auth.login(organiser.email)
    page = client.get("/manage/series/r4pm/attendance/")
    assert page.status_code == 200
    tree = html.fromstring(page.get_data(as_text=True))
    nutshell = {
        d.findtext("dt"): d.findtext("dd") for d in tree.xpath("//dl[@class='attendance-nutshell']/div")
    }
    assert nutshell == {
        "Events": "2",
        "Countries": "3",
        "Registered attendees": "10",
        "Speakers": "2",
        "Stream views": "40",
    }
    rows = [
        [c.text_content().strip() for c in tr]
        for tr in tree.xpath("//table[caption='Figures per event']/tbody/tr")
    ]
    assert [r[0] for r in rows] == ["Spring", "Autumn"]  # the draft is left out
    assert rows[1][2:] == ["5", "2", "1", "0", "40"]

    autumn_only = html.fromstring(
        client.get("/manage/series/r4pm/attendance/?start=2021-06-01&end=2021-12-31").get_data(as_text=True)
    )
    nutshell = {
        d.findtext("dt"): d.findtext("dd")
        for d in autumn_only.xpath("//dl[@class='attendance-nutshell']/div")
    }
    assert "Events" not in nutshell  # one event in the period
    assert nutshell["Registered attendees"] == "5" and nutshell["Countries"] == "2"

    body = client.get("/manage/series/r4pm/attendance/attendance.csv?start=2021-01-01&end=2021-05-01")
    assert 'filename="r4pm-2021-01-01-2021-05-01-attendance.csv"' in body.headers["Content-Disposition"]
    csv_rows = list(csv.DictReader(io.StringIO(body.data.decode("utf-8-sig"))))
    assert [r["item"] for r in csv_rows if r["section"] == "event"] == ["Spring"]
    assert {r["item"]: r["value"] for r in csv_rows if r["section"] == "nutshell"}[
        "Registered attendees"
    ] == "5"


def test_series_period_errors_are_explained(client, auth, make):
    _series, _s, _a, organiser = _series_with_two_events(make)
    auth.login(organiser.email)
    bad = client.get("/manage/series/r4pm/attendance/?start=July")
    assert bad.status_code == 400 and "must look like 2021-07-13" in bad.get_data(as_text=True)
    reversed_range = client.get("/manage/series/r4pm/attendance/?start=2021-12-01&end=2021-01-01")
    assert reversed_range.status_code == 400
    assert "end date is before the start date" in reversed_range.get_data(as_text=True)
    empty = client.get("/manage/series/r4pm/attendance/?start=2030-01-01")
    assert empty.status_code == 200 and "No published events" in empty.get_data(as_text=True)


def test_series_page_needs_a_series_organiser_and_the_plugin(client, auth, make):
    series, spring, _a, organiser = _series_with_two_events(make)
    event_organiser = make.user()
    make.role(event_organiser, RoleName.ORGANISER, event=spring)
    auth.login(event_organiser.email)
    assert client.get("/manage/series/r4pm/attendance/").status_code == 404
    auth.logout()
    auth.login(organiser.email)
    set_plugin_enabled("attendance", False, series=series)
    db.session.commit()
    assert client.get("/manage/series/r4pm/attendance/").status_code == 404
    assert client.get("/manage/series/nope/attendance/").status_code == 404


def test_report_section_gives_the_nutshell_and_charts(reference_with_streams):
    event = reference_with_streams.event
    results = host().call("report_sections", event=event, scope=ReportScope(event=event))
    sections = [s for name, found in results if name == "attendance" for s in found]
    assert len(sections) == 1
    blocks = sections[0].blocks
    figures = next(b for b in blocks if isinstance(b, Figures))
    assert dict(figures.items) == {
        "Countries": "16",
        "Registered attendees": "65",
        "Speakers": "11",
        "Streaming platform views, day 1": "194",
        "Streaming platform views, day 2": "414",
    }
    charts = [b for b in blocks if isinstance(b, Figure)]
    assert [c.caption for c in charts][:3] == [
        "Confirmed registrations over time (cumulative)",
        "Confirmed attendees by country",
        "Confirmed attendees by sector",
    ]
    for chart in charts:
        assert chart.table is not None and chart.table.rows
        etree.fromstring(chart.svg.encode())  # well-formed


def test_no_report_section_where_the_plugin_is_disabled(reference):
    set_plugin_enabled("attendance", False, event=reference.event)
    db.session.commit()
    results = host().call("report_sections", event=reference.event, scope=ReportScope(event=reference.event))
    assert [name for name, _ in results if name == "attendance"] == []


def test_series_report_section(app, make):
    series, spring, autumn, _organiser = _series_with_two_events(make)
    scope = ReportScope(
        series=series, start=date(2021, 1, 1), end=date(2021, 12, 31), events=(spring, autumn)
    )
    sections = [
        s
        for name, found in host().call("report_sections", series=series, scope=scope)
        if name == "attendance"
        for s in found
    ]
    figures = dict(next(b for b in sections[0].blocks if isinstance(b, Figures)).items)
    assert figures["Events"] == "2" and figures["Registered attendees"] == "10"


def test_demo_shows_the_reference_figures_and_is_idempotent(app):
    load_demo()
    demo.load()
    demo.load()
    from confsite.api import event_by_slug

    event = event_by_slug(demo.CONFERENCE)
    figures = collect_figures([event])
    assert (figures.countries, figures.confirmed, figures.speakers) == (16, 65, 11)
    assert [(m.day, m.count) for m in figures.manual] == [(date(2021, 7, 13), 194), (date(2021, 7, 14), 414)]
    assert {m.source for m in figures.manual} == {"Streaming platform"}
    first_total = figures.page_views
    assert first_total > 0
    demo.load()
    assert collect_figures([event]).page_views == first_total


def test_event_dashboard_links_the_series_figures_for_series_organisers(client, auth, make):
    _series, spring, _a, organiser = _series_with_two_events(make)
    event_organiser = make.user()
    make.role(event_organiser, RoleName.ORGANISER, event=spring)
    link = 'href="/manage/series/r4pm/attendance/"'
    auth.login(organiser.email)
    assert link in client.get("/manage/events/spring/attendance/").get_data(as_text=True)
    auth.logout()
    auth.login(event_organiser.email)
    page = client.get("/manage/events/spring/attendance/")
    assert page.status_code == 200 and link not in page.get_data(as_text=True)
