"""The parts of the monitoring template that only the lead regions can write (seeds
000/001): executive summary, thematic platform, EC coordinator, other information,
"any other comments" rows, the progress report (part II), self-evaluation and previous
versions. Entered in forms, stored per period, shown in every format."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
import sqlalchemy as sa
from confsite_plugins.monitoring.models import Activity, ActivityCategory, DatePrecision, PeriodReport
from confsite_plugins.monitoring.narrative import save_period_report
from confsite_plugins.monitoring.profile import profile_of
from confsite_plugins.monitoring.report import default_period
from docx import Document
from pypdf import PdfReader

from confsite.extensions import db
from confsite.models import RoleName
from tests.plugins.monitoring import sources

NARRATIVE = "/manage/series/medtech-2019/monitoring/narrative?from=2019-01-01&to=2019-06-30"
REPORT = "/manage/series/medtech-2019/monitoring/?from=2019-01-01&to=2019-06-30&as_of=2019-06-10"

TEXTS = {
    "executive_summary": "Żiga and Øystein summarise the half-year.\n\nA second paragraph.",
    "innovative_results": "Four investment protocols drafted.",
    "socio_economic_impacts": "Too early to measure.",
    "partnership_collaboration": "Joint session with the personalised-medicine partnership.",
    "business_involvement": "Clusters from every lead region.",
    "cooperation_level": "Sufficient for the protocols.",
    "eu13_involvement": "Upper Silesia leads a project on smart watches.",
    "non_eu_involvement": "None yet.",
    "outreach": "Two webinars and a trade fair stand.",
    "other_platforms": "Contacts with the agri-food platform.",
    "self_evaluation": "Ángel thinks we must write more.",
}


@pytest.fixture
def medtech(app):
    return sources.build_medtech()


@pytest.fixture
def organiser_client(client, auth, make, medtech):
    user = make.user("olga@example.org")
    make.role(user, RoleName.ORGANISER, series=medtech)
    assert auth.login(user.email).status_code == 302
    return client


def _form(**overrides: str) -> dict[str, str]:
    data = dict(TEXTS)
    data["comment_past_meeting"] = "Łukasz chaired both plenaries."
    data["comment_future_dissemination"] = "The fair stand is shared with two clusters."
    data.update(overrides)
    return data


def test_organiser_writes_the_period_texts_and_the_report_shows_every_part(organiser_client, medtech):
    page = organiser_client.get(NARRATIVE)
    assert page.status_code == 200
    assert "Involvement of regions from EU13 Member States" in page.get_data(as_text=True)
    response = organiser_client.post(NARRATIVE, data=_form())
    assert response.status_code == 302
    row = db.session.scalar(sa.select(PeriodReport))
    assert row.eu13_involvement == TEXTS["eu13_involvement"]
    assert row.comments == {
        "past-meeting": "Łukasz chaired both plenaries.",
        "future-dissemination": "The fair stand is shared with two clusters.",
    }
    # the form shows what was stored
    assert "Upper Silesia leads a project" in organiser_client.get(NARRATIVE).get_data(as_text=True)

    report = organiser_client.get(REPORT).get_data(as_text=True)
    for heading in (
        "Executive summary",
        "Progress report",
        "A. Innovative results",
        "C. New activities",
        "Self-evaluation",
        "Previous versions",
    ):
        assert heading in report
    for text in TEXTS.values():
        assert text.split("\n")[0] in report
    assert '<th scope="row">Any other comments</th><td>Łukasz chaired both plenaries.</td>' in report


def test_profile_stores_platform_coordinator_information_and_working_area_comments(organiser_client, medtech):
    form = organiser_client.get("/manage/series/medtech-2019/monitoring/profile").get_data(as_text=True)
    assert 'name="thematic_platform"' in form and 'name="ec_coordinator"' in form
    response = organiser_client.post(
        "/manage/series/medtech-2019/monitoring/profile",
        data={
            "objectives": "Value chains.",
            "thematic_platform": "Industrial Modernisation",
            "ec_coordinator": "Žiga Novak, ziga.novak@example.org",
            "other_information": "Works with the personalised-medicine partnership.",
            "working_areas-0-title": "Smart manufacturing",
            "working_areas-0-region_in_charge": "TBD",
            "working_areas_comments": "Leads are confirmed in September.",
        },
    )
    assert response.status_code == 302
    profile = profile_of(medtech)
    assert profile.thematic_platform == "Industrial Modernisation"
    assert profile.ec_coordinator == "Žiga Novak, ziga.novak@example.org"
    report = organiser_client.get(REPORT).get_data(as_text=True)
    assert "S3 thematic platform: Industrial Modernisation" in report
    assert "European Commission coordinator: Žiga Novak, ziga.novak@example.org" in report
    assert "Works with the personalised-medicine partnership." in report
    assert '<th scope="row">Any other comments</th><td>Leads are confirmed in September.</td>' in report
    # an undecided region in charge reads like every other undecided value
    assert "<td>To be decided</td>" in report and ">TBD<" not in report


def test_bad_narrative_input_is_refused_and_nothing_is_written(organiser_client, medtech):
    response = organiser_client.post(NARRATIVE, data=_form(outreach="x" * 20001))
    assert response.status_code == 200 and "has-error" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(PeriodReport.id))) == 0
    bad_period = "/manage/series/medtech-2019/monitoring/narrative?from=2019-06-30&to=2019-01-01"
    assert organiser_client.post(bad_period, data=_form()).status_code == 400
    assert organiser_client.get(NARRATIVE.replace("2019-01-01", "first-of-may")).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(PeriodReport.id))) == 0


def test_strangers_cannot_read_or_write_the_texts(client, auth, make, medtech):
    stranger = make.user("stranger@example.org")
    make.role(stranger, RoleName.ORGANISER, event=medtech.events[0])
    assert auth.login(stranger.email).status_code == 302
    assert client.post(NARRATIVE, data=_form()).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(PeriodReport.id))) == 0


def test_previous_versions_hold_the_progress_reports_of_earlier_periods(organiser_client, medtech):
    from datetime import date

    save_period_report(
        medtech,
        date(2018, 7, 1),
        date(2018, 12, 31),
        {"innovative_results": "Investment protocols were proposed.", "self_evaluation": "SECRET-2018"},
        {},
    )
    # a later period is not a previous version of this one
    save_period_report(medtech, date(2019, 7, 1), date(2019, 12, 31), {"outreach": "LATER-2019"}, {})
    db.session.commit()
    report = organiser_client.get(REPORT).get_data(as_text=True)
    previous = report[report.index("Previous versions") :]
    assert "Reporting period 1 July 2018 – 31 December 2018" in previous
    assert "Investment protocols were proposed." in previous
    assert "SECRET-2018" not in report  # only part II is repeated, not the self-evaluation
    assert "LATER-2019" not in report


def test_undecided_dates_and_places_read_to_be_decided_everywhere(organiser_client, medtech):
    db.session.add(
        Activity(
            series=medtech,
            title="Steering group meeting",
            category=ActivityCategory.MEETING,
            precision=DatePrecision.TBD,
            date_text="TBD",
            place="tbd.",
        )
    )
    db.session.commit()
    report = organiser_client.get(REPORT).get_data(as_text=True)
    row = report[report.index("Steering group meeting") :][:200]
    assert row.count("To be decided") == 2 and "TBD" not in report and "tbd" not in report
    listing = organiser_client.get("/manage/series/medtech-2019/monitoring/activities").get_data(as_text=True)
    assert "TBD" not in listing and "tbd." not in listing
    exported = organiser_client.get(REPORT.replace("/monitoring/?", "/monitoring/report.csv?")).get_data(
        as_text=True
    )
    rows = [r for r in csv.DictReader(io.StringIO(exported)) if r["title"] == "Steering group meeting"]
    assert (rows[0]["date"], rows[0]["place"]) == ("To be decided", "To be decided")


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "pdf"])
def test_monitoring_template_of_the_reports_plugin_has_every_part_in_every_format(
    app, runner, medtech, tmp_path, fmt
):
    start, end = default_period()
    save_period_report(medtech, start, end, TEXTS, {"future-meeting": "Dates follow in September."})
    profile = profile_of(medtech)
    profile.thematic_platform = "Industrial Modernisation"
    profile.ec_coordinator = "Žiga Novak, ziga.novak@example.org"
    db.session.commit()
    target = tmp_path / f"report.{fmt}"
    result = runner.invoke(
        args=["report", "series:medtech-2019", "--template", "monitoring", "--format", fmt, "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    if fmt == "docx":
        document = Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
        assert zipfile.is_zipfile(io.BytesIO(data))
    elif fmt == "pdf":
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)
    else:
        text = data.decode("utf-8")
    text = " ".join(text.split()).replace("\\", "")
    for expected in (
        "Executive summary",
        "Żiga and Øystein summarise the half-year.",
        "S3 thematic platform: Industrial Modernisation",
        "European Commission coordinator: Žiga Novak",
        "Any other comments",
        "Dates follow in September.",
        "Innovative results",
        "Upper Silesia leads a project on smart watches.",
        "Two webinars and a trade fair stand.",
        "Self-evaluation",
        "Previous versions",
    ):
        assert expected in text, (fmt, expected)
    # the key-area parts of other plugins are not in a monitoring report
    assert "In a nutshell" not in text


def test_a_published_monitoring_report_leaves_the_self_evaluation_out(app, make, medtech):
    from confsite_plugins.reports.publishing import publish, published_document
    from confsite_plugins.reports.targets import settings_of, target_from_cli

    start, end = default_period()
    save_period_report(medtech, start, end, TEXTS, {})
    organiser = make.user("olga@example.org")
    make.role(organiser, RoleName.ORGANISER, series=medtech)
    target = target_from_cli("series:medtech-2019")
    settings_of(target, create=True).template = "monitoring"
    row = publish(organiser, target)
    db.session.commit()
    keys = [s.key for s in published_document(row).sections]
    assert "monitoring-progress" in keys and "monitoring-self-evaluation" not in keys
    assert TEXTS["self_evaluation"] not in row.html and TEXTS["eu13_involvement"] in row.html
    # a series of many events: the subtitle names their number and span, and fits its column
    assert row.subtitle == "Covering 13 events, from 20 Nov 2018 to 5 Mar 2020"
