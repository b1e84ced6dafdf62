"""An EU deliverable from the report builder: cover metadata, document history,
disclaimer and images; template and events; builds with progress; a DOCX that
LibreOffice opens; PDF tables whose rows never split across pages."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import sqlalchemy as sa
from confsite_plugins.reports.models import PublishedReport, ReportBuild, ReportSettings
from PIL import Image
from pypdf import PdfReader

from confsite.extensions import db
from tests import outbox
from tests.plugins.reports.conftest import act, add_area, docx_text, open_voting, propose, vote

BUILDER = "/manage/series/key-area/reports/builder"


def _png(color: str = "#123456") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), color).save(out, format="PNG")
    return out.getvalue()


def _deliverable(**overrides):
    data = {
        "acronym": "R4PM",
        "project": "Ángel Łukasz Øystein Žiga & Partners",
        "programme": "[placeholder] programme",
        "grant_number": "[placeholder] 000000",
        "deliverable_id": "D4.2",
        "deliverable_title": "Key area four report",
        "work_package": "WP4",
        "lead_beneficiary": "Alpha Region Foundation",
        "dissemination_level": "PU",
        "due_date": "2021-12-31",
        "submission_date": "2022-01-15",
        "version": "1.0",
        "authors": "Alba Alpha",
        "contributors": "Bea Beta",
        "reviewers": "Gus Gamma",
        "history": "0.1 | 2021-12-01 | Alba Alpha | First draft\n1.0 | 2022-01-15 | Alba Alpha | Issued",
        "disclaimer": "Only the authors' views.",
        "funding_statement": "Funded under grant [placeholder].",
    }
    data.update(overrides)
    return data


def test_deliverable_cover_is_saved_rendered_and_kept_with_each_version(scenario):
    organiser = scenario.client("organiser")
    data = _deliverable(logo=(io.BytesIO(_png()), "logo.png"), emblem=(io.BytesIO(_png("#003399")), "eu.png"))
    response = organiser.post(BUILDER + "/deliverable", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    saved = db.session.scalar(sa.select(ReportSettings).where(ReportSettings.series_id == scenario.series.id))
    assert saved.deliverable["logo"].startswith("data:image/png;base64,")
    assert saved.deliverable["history"][1] == {
        "version": "1.0",
        "date": "2022-01-15",
        "author": "Alba Alpha",
        "change": "Issued",
    }
    page = organiser.get(BUILDER).get_data(as_text=True)
    assert 'value="D4.2"' in page and "0.1 | 2021-12-01 | Alba Alpha | First draft" in page

    md = organiser.get("/manage/series/key-area/reports/export/md").get_data(as_text=True)
    assert "**R4PM – Ángel Łukasz Øystein Žiga & Partners**" in md  # "&" as typed, no entity
    assert "&amp;" not in md
    for row in (
        "| Grant agreement | \\[placeholder\\] 000000 |",
        "| Work package | WP4 |",
        "| Version | 1.0 |",
    ):
        assert row in md
    assert "| 0.1 | 2021-12-01 | Alba Alpha | First draft |" in md and "Only the authors' views." in md

    docx = organiser.get("/manage/series/key-area/reports/export/docx").data
    text = docx_text(docx)
    assert "Key area four report" in text and "Alpha Region Foundation" in text and "Document history" in text
    assert len([n for n in zipfile.ZipFile(io.BytesIO(docx)).namelist() if n.startswith("word/media/")]) >= 2

    html = organiser.get("/manage/series/key-area/reports/export/html").get_data(as_text=True)
    assert 'src="data:image/png;base64,' in html and "Document history" in html

    assert organiser.post("/manage/series/key-area/reports/publish").status_code == 302
    organiser.post(
        BUILDER + "/deliverable", data=_deliverable(version="2.0"), content_type="multipart/form-data"
    )
    row = db.session.scalar(sa.select(PublishedReport))
    assert row.deliverable["version"] == "1.0"  # the published version keeps its cover
    published = organiser.get("/series/key-area/reports/published/1.md").get_data(as_text=True)
    assert "| Version | 1.0 |" in published


def test_bad_deliverable_input_is_refused_with_a_reason(scenario):
    organiser = scenario.client("organiser")
    response = organiser.post(
        BUILDER + "/deliverable",
        data=_deliverable(logo=(io.BytesIO(b"<svg onload=alert(1)>"), "logo.png")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "Upload a PNG or JPEG image." in response.get_data(as_text=True)
    response = organiser.post(
        BUILDER + "/deliverable",
        data=_deliverable(history="1.0 only a version"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "Document history, line 1" in response.get_data(as_text=True)
    response = organiser.post(
        BUILDER + "/deliverable",
        data=_deliverable(dissemination_level="XX"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    settings = db.session.scalar(
        sa.select(ReportSettings).where(ReportSettings.series_id == scenario.series.id)
    )
    assert settings is None or not settings.deliverable  # nothing half-written
    partner = scenario.client("beta")
    assert partner.post(BUILDER + "/deliverable", data=_deliverable()).status_code == 403


def test_key_area_template_covers_only_the_chosen_events(scenario):
    organiser = scenario.client("organiser")
    response = organiser.post(
        BUILDER + "/layout", data={"template": "key-area", "event_ids": [scenario.conference.id]}
    )
    assert response.status_code == 302
    md = organiser.get("/manage/series/key-area/reports/export/md").get_data(as_text=True)
    assert "## 2 Innovation Flow Conference" in md and "Interregional Workshop" not in md
    # sessions carry their take-home messages (the stand-in plugin's per-session messages)
    assert re.search(r"### 2\\\.\d+ Session I: Research models", md)
    builder = organiser.get(BUILDER).get_data(as_text=True)
    assert "Key-area report (EU deliverable)" in builder
    response = organiser.post(BUILDER + "/layout", data={"template": "key-area", "event_ids": [999999]})
    assert response.status_code == 400
    response = organiser.post(BUILDER + "/layout", data={"template": "nonsense"})
    assert response.status_code == 400


def test_a_build_runs_as_a_job_reports_progress_offers_the_file_and_mails_the_requester(scenario):
    organiser = scenario.client("organiser")
    response = organiser.post("/manage/series/key-area/reports/builds", data={"fmt": "md"})
    assert response.status_code == 302
    build = db.session.scalar(sa.select(ReportBuild))
    assert build.state == "queued" and build.progress == 0  # not built in the request
    waiting = organiser.get(response.headers["Location"]).get_data(as_text=True)
    assert 'http-equiv="refresh"' in waiting and "Building" in waiting

    mails = outbox.to(scenario.app, scenario.users["organiser"].email)  # runs the pending jobs
    db.session.expire_all()
    build = db.session.get(ReportBuild, build.id)
    assert build.state == "done" and build.progress == 100 and build.body.startswith(b"# ")
    assert len(mails) == 1 and "Your report is ready" in mails[0]["Subject"]
    assert f"/manage/series/key-area/reports/builds/{build.id}" in outbox.text(mails[0])

    page = organiser.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="100"' in page and "The report is ready." in page and "http-equiv" not in page
    status = organiser.get(response.headers["Location"] + "?format=json").get_json()
    assert status["state"] == "done" and status["progress"] == 100
    download = organiser.get(f"/manage/series/key-area/reports/builds/{build.id}/file")
    assert download.status_code == 200 and download.data == build.body
    assert organiser.post("/manage/series/key-area/reports/builds", data={"fmt": "odt"}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportBuild)) == 1
    assert (
        scenario.client("beta").get(f"/manage/series/key-area/reports/builds/{build.id}").status_code == 403
    )
    assert organiser.get(f"/manage/events/ka-workshop/reports/builds/{build.id}").status_code == 404


def _many_long_recommendations(scenario, count: int = 24) -> list[str]:
    area = add_area(scenario, "Long table")
    texts = []
    for k in range(count):
        text = (
            f"ROWSTART{k:02d} "
            + "Regions should fund shared infrastructures and procurement. " * 6
            + f"ROWEND{k:02d}"
        )
        rec = propose(scenario, "beta", area, text)
        assert act(scenario, "organiser", rec, "accept").status_code == 302
        texts.append(rec)
    open_voting(scenario)
    assert vote(scenario, "alpha1", dict.fromkeys(texts, 4)).status_code == 302
    return texts


def test_pdf_table_rows_never_split_and_headers_repeat(scenario):
    _many_long_recommendations(scenario)
    pdf = scenario.client("organiser").get("/manage/events/ka-workshop/reports/export/pdf").data
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    table_pages = set()
    for k in range(24):
        start = [n for n, text in enumerate(pages) if f"ROWSTART{k:02d} " in text]
        end = [n for n, text in enumerate(pages) if f"ROWEND{k:02d}" in text]
        assert start and start == end, f"row {k} split across pages {start} / {end}"
        table_pages.add(start[0])
    assert len(table_pages) > 1  # the table really spans pages
    for n in table_pages:
        assert "Priority Recommendation Partners voted" in pages[n]  # the header row repeats
    contents = next(text for text in pages if text.startswith("Contents"))
    assert re.search(r"Policy areas and key recommendations \.*\s*\d+", contents)  # page numbers
    assert "…" not in "".join(pages)  # nothing truncated


def test_docx_is_a4_with_page_fields_unsplittable_rows_and_opens_in_libreoffice(scenario, tmp_path):
    _many_long_recommendations(scenario, count=3)
    docx = scenario.client("organiser").get("/manage/events/ka-workshop/reports/export/docx").data
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert 'w:w="11906"' in xml and 'w:h="16838"' in xml  # A4 in twentieths of a point
    assert "TOC \\o" in xml and "<w:cantSplit/>" in xml and "<w:tblHeader/>" in xml
    footers = [n for n in zipfile.ZipFile(io.BytesIO(docx)).namelist() if re.match(r"word/footer\d*\.xml", n)]
    assert any(" PAGE " in zipfile.ZipFile(io.BytesIO(docx)).read(n).decode() for n in footers)

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is installed by `make test` (scripts/install-libreoffice)"
    source = tmp_path / "report.docx"
    source.write_bytes(docx)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    converted = tmp_path / "report.pdf"
    assert converted.exists()
    text = " ".join(page.extract_text() or "" for page in PdfReader(converted).pages)
    assert "ROWSTART00" in text and "Long table" in text, text[:3000]
