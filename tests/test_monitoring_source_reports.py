"""The monitoring plugin reproduces the activity tables of both source reports
(seeds/000 and seeds/001): same activities, same tables, dates as written."""

from __future__ import annotations

import io

from confsite_plugins.monitoring.exports import render_csv, render_docx
from confsite_plugins.monitoring.report import activity_section, build_report, sdg_section
from docx import Document

from confsite.api import Heading, Paragraph, Table
from tests import monitoring_sources as sources


def activity_tables(report) -> dict[str, list[tuple[str, ...]]]:
    """The six tables of the report's activity section, by their heading."""
    tables: dict[str, list[tuple[str, ...]]] = {}
    current = None
    for block in activity_section(report).blocks:
        if isinstance(block, Heading) and block.level == 4:
            current = block.text
            tables[current] = []
        elif isinstance(block, Table):
            assert block.headers == ("Title", "Date", "Place")
            tables[current] = [tuple(row) for row in block.rows]
        elif isinstance(block, Paragraph):
            assert block.text.startswith("No "), block.text
    return tables


def test_personalised_medicine_2018_tables(app):
    series = sources.build_s3p4pm()
    report = build_report(series, *sources.S3P4PM_PERIOD)
    assert list(activity_tables(report)) == list(sources.TABLES)
    assert activity_tables(report) == sources.EXPECTED_S3P4PM


def test_medical_technology_2019_tables(app):
    series = sources.build_medtech()
    report = build_report(series, *sources.MEDTECH_PERIOD, as_of=sources.MEDTECH_AS_OF)
    assert activity_tables(report) == sources.EXPECTED_MEDTECH


def test_both_partnerships_side_by_side_do_not_mix(app):
    s3, medtech = sources.build_s3p4pm(), sources.build_medtech()
    assert activity_tables(build_report(s3, *sources.S3P4PM_PERIOD)) == sources.EXPECTED_S3P4PM
    assert (
        activity_tables(build_report(medtech, *sources.MEDTECH_PERIOD, as_of=sources.MEDTECH_AS_OF))
        == sources.EXPECTED_MEDTECH
    )


def test_after_the_period_the_june_activities_are_past(app):
    """Without the 'as of' day, a finished half-year puts every dated activity of it in
    the past tables: the June steering committee and Glivice workshop move there."""
    series = sources.build_medtech()
    tables = activity_tables(build_report(series, *sources.MEDTECH_PERIOD))
    assert ("IM platform SC", "13-14 June 2019", "Warsaw") in tables["Past meetings"]
    assert ("Medtech4Europe", "25-27/06/2019", "Glivice (Poland)") in tables["Past workshops"]
    # undecided dates and places read one way: "To be decided", not the source's "TBD"
    assert tables["Future meetings"] == [
        ("Medtech Partnership plenary Meeting", "Sept. Oct 2019", "To be decided")
    ]
    assert tables["Future workshops"] == [("Medtech NetHUB workshop", "To be decided", "Grenoble?")]


def test_annotations_leave_event_dates_alone(app):
    """Monitoring details never move the event: calendars and agendas see its real days."""
    series = sources.build_medtech()
    nethub = next(e for e in series.events if e.slug == "mt-nethub")
    assert nethub.local(nethub.start_at).date().isoformat() == "2019-05-07"
    assert nethub.local(nethub.end_at).date().isoformat() == "2019-05-07"
    report = build_report(series, *sources.MEDTECH_PERIOD, as_of=sources.MEDTECH_AS_OF)
    row = next(a for acts in report.past.values() for a in acts if a.title == "Medtech NETHUB project")
    assert [d.isoformat() for d in row.days] == ["2019-05-07", "2019-05-24", "2019-05-27", "2019-05-29"]


def test_sdg_matrix_of_the_2018_report(app):
    series = sources.build_s3p4pm()
    section = sdg_section(build_report(series, *sources.S3P4PM_PERIOD))
    table = section.blocks[0]
    assert table.headers == (
        "Goal",
        "Strongly agree",
        "Agree",
        "Neutral",
        "Disagree",
        "Strongly disagree",
        "Not applicable",
    )
    assert len(table.rows) == 17
    columns = {"strongly_agree": 1, "agree": 2, "neutral": 3, "not_applicable": 6}
    for goal, rating in sources.S3P4PM_SDG.items():
        row = table.rows[goal - 1]
        assert row[0].startswith(f"{goal}. ")
        assert [i for i, cell in enumerate(row) if cell == "X"] == [columns[rating]]


def test_docx_has_real_headings_and_the_source_tables(app):
    series = sources.build_medtech()
    report = build_report(series, *sources.MEDTECH_PERIOD, as_of=sources.MEDTECH_AS_OF)
    document = Document(io.BytesIO(render_docx(report)))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert ("Title", "Monitoring report: Medical technology") in headings
    assert ("Heading 1", "Partnership activities") in headings
    assert ("Heading 2", "Past activities") in headings
    for name in sources.TABLES:
        assert ("Heading 3", name) in headings
    docx_tables = [[tuple(c.text for c in row.cells) for row in t.rows] for t in document.tables]
    activity_tables_in_docx = [t for t in docx_tables if t[0] == ("Title", "Date", "Place")]
    expected = [rows for rows in sources.EXPECTED_MEDTECH.values() if rows]
    assert [t[1:] for t in activity_tables_in_docx] == expected
    # The fact sheet's working areas and representatives are tables too.
    assert any(t[0][0] == "Working area" and t[1][:1] == ("Connected Health",) for t in docx_tables)
    assert any(r[:2] == ("Lombardy", "Maria Vittoria Frau") for t in docx_tables for r in t)


def test_csv_lists_every_activity_once_with_its_table(app):
    import csv

    series = sources.build_s3p4pm()
    rows = list(csv.DictReader(io.StringIO(render_csv(build_report(series, *sources.S3P4PM_PERIOD)))))
    got = [(r["table"], r["title"], r["date"], r["place"]) for r in rows]
    assert got == [
        ("past meetings", "Kick off meeting", "30 May 2018", "Brussels"),
        ("past meetings", "Second meeting", "5 July 2018", "Brussels"),
        ("future meetings", "3rd meeting", "October", "Brussels"),
        ("future dissemination activities", "Introducing S3P4PM", "October - week of Regions", "Brussels"),
    ]
    assert rows[2]["precision"] == "month" and rows[2]["days"] == "2018-10-01"


def test_future_window_is_the_six_months_after_the_period(app):
    series = sources.build_medtech()
    report = build_report(series, *sources.MEDTECH_PERIOD, as_of=sources.MEDTECH_AS_OF)
    assert report.future_end.isoformat() == "2019-12-31"
    assert report.cutoff == sources.MEDTECH_AS_OF
