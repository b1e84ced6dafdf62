"""Reports are written in their event's report language, whatever language the
organiser browses in: preview, exports, background builds (PDF) and published versions."""

from __future__ import annotations

import sqlalchemy as sa
from confsite_plugins.reports.models import PublishedReport, ReportBuild

from confsite.extensions import db
from confsite.models import Event
from tests import outbox
from tests.plugins.reports.conftest import act, add_area, docx_text, open_voting, pdf_text, propose, vote
from tests.test_manage_programme import _event_form

ENGLISH = {"Accept-Language": "en"}
WORKSHOP = "/manage/events/ka-workshop/reports"


def _german_workshop(scenario) -> None:
    """The workshop reports in German; its one area has a recommendation scored 5 and 4."""
    scenario.workshop.report_language = "de"
    scenario.users["organiser"].language = "en"
    db.session.commit()
    area = add_area(scenario, "Infrastructure models")
    rec = propose(scenario, "beta", area, "Pool research facilities.")
    act(scenario, "organiser", rec, "accept")
    open_voting(scenario)
    vote(scenario, "beta", {rec: 5})
    vote(scenario, "gamma", {rec: 4})


def test_event_form_sets_and_checks_the_report_language(scenario):
    organiser = scenario.client("organiser")
    form = _event_form(
        slug="ka-workshop",
        title="Interregional Workshop",
        series=str(scenario.series.id),
        start="2021-11-16T09:30",
        end="2021-11-17T13:00",
        report_language="de",
    )
    assert organiser.post("/manage/events/ka-workshop/edit", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, scenario.workshop.id).report_language == "de"
    page = organiser.get("/manage/events/ka-workshop/edit", headers=ENGLISH).get_data(as_text=True)
    assert "Report language" in page and '<option selected value="de">Deutsch</option>' in page

    refused = organiser.post("/manage/events/ka-workshop/edit", data={**form, "report_language": "xx"})
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, scenario.workshop.id).report_language == "de"


def test_reports_use_the_event_report_language_not_the_organisers(scenario, reports_app):
    _german_workshop(scenario)
    organiser = scenario.client("organiser")

    preview = organiser.get(WORKSHOP + "/preview", headers=ENGLISH).get_data(as_text=True)
    assert "Back to the report builder" in preview  # the page around it: the organiser's English
    assert "Politikbereiche und Kernempfehlungen" in preview and "Priorität" in preview
    assert "Key recommendations" not in preview and "Policy areas and key recommendations" not in preview
    assert "4,50" in preview and "4.50" not in preview  # mean of 5 and 4, German decimals
    assert "16.–17. Nov. 2021" in preview  # the covered dates, German style

    markdown = organiser.get(WORKSHOP + "/export/md", headers=ENGLISH).get_data(as_text=True)
    assert "Politikbereiche und Kernempfehlungen" in markdown and "Entwurf erstellt am" in markdown
    docx = docx_text(organiser.get(WORKSHOP + "/export/docx", headers=ENGLISH).data)
    assert "Kernempfehlungen" in docx and "Key recommendations" not in docx

    # A PDF built by the job queue (no request, no browser language at all).
    assert organiser.post(WORKSHOP + "/builds", data={"fmt": "pdf"}, headers=ENGLISH).status_code == 302
    mails = outbox.to(reports_app, scenario.users["organiser"].email)  # runs the pending jobs
    assert mails and "Your report is ready" in mails[0]["Subject"]  # the requester's language
    db.session.expire_all()
    build = db.session.scalar(sa.select(ReportBuild))
    assert build.state == "done", build.error
    pdf = pdf_text(build.body)
    assert "Kernempfehlungen" in pdf and "Priorität" in pdf and "Key recommendations" not in pdf

    # Publishing freezes the German text; the published Markdown re-renders it in German too.
    assert organiser.post(WORKSHOP + "/publish", headers=ENGLISH).status_code == 302
    published = db.session.scalar(sa.select(PublishedReport))
    assert "Kernempfehlungen" in published.html and "veröffentlicht am" in published.html
    public = reports_app.test_client().get("/events/ka-workshop/reports/published/1.md", headers=ENGLISH)
    assert "Politikbereiche und Kernempfehlungen" in public.get_data(as_text=True)
    assert "Version 1, veröffentlicht am" in public.get_data(as_text=True)


def test_a_series_report_uses_its_first_covered_events_language(scenario):
    scenario.conference.report_language = "fr"
    scenario.workshop.report_language = "de"
    scenario.users["organiser"].language = "en"
    db.session.commit()
    organiser = scenario.client("organiser")
    series = "/manage/series/key-area/reports"
    french = organiser.get(series + "/export/md", headers=ENGLISH).get_data(as_text=True)
    assert "Brouillon" in french and "Entwurf" not in french  # the conference comes first

    # Covering only the workshop: German.
    response = organiser.post(
        series + "/builder/layout", data={"template": "standard", "event_ids": [scenario.workshop.id]}
    )
    assert response.status_code == 302
    german = organiser.get(series + "/export/md", headers=ENGLISH).get_data(as_text=True)
    assert "Entwurf erstellt am" in german and "Brouillon" not in german
