"""The reference scenario end to end: partners propose and vote, organisers review,
freeze and arrange the report; every format carries the content in the right order."""

from __future__ import annotations

import io
import re
import zipfile

import sqlalchemy as sa
from confsite_plugins.reports.models import Recommendation, RecommendationStatus, Vote
from docx import Document

from confsite.extensions import db
from tests.plugins.reports.conftest import (
    MESSAGES_TITLE,
    act,
    add_area,
    assert_in_order,
    docx_paragraphs,
    docx_text,
    open_voting,
    pdf_text,
    propose,
    unnumbered,
    vote,
)

INJECTION = 'Fund <script>alert("x")</script> **biobanks** [click](javascript:alert(1))'


def _run_scenario(scenario):
    """Areas, recommendations by three partner organisations, review, votes, freeze."""
    infra = add_area(scenario, "Infrastructure models", "Regions should pool facilities.", 0)
    finance = add_area(scenario, "Financial instruments", "Procurement can buy innovation.", 1)
    recs = {
        "shared": propose(scenario, "alpha1", infra, "Share research infrastructures across regions."),
        "genomics": propose(
            scenario,
            "beta",
            infra,
            "Bring genomic tests into the public health service.",
            addressee="national_authorities",
        ),
        "injected": propose(scenario, "gamma", infra, INJECTION),
        "pcp": propose(scenario, "beta", finance, "Use pre-commercial procurement for e-health tools."),
        "needs": propose(scenario, "gamma", finance, "Analyse real needs before every tender."),
        "duplicate": propose(scenario, "alpha1", finance, "Analyse needs before tenders."),
        "vague": propose(scenario, "alpha2", finance, "Do more innovation."),
    }
    for key in ("shared", "genomics", "injected", "pcp", "needs"):
        assert act(scenario, "organiser", recs[key], "accept").status_code == 302
    act(scenario, "organiser", recs["duplicate"], "merge", into_id=recs["needs"])
    act(scenario, "organiser", recs["vague"], "reject", reason="Too general to act on.")
    open_voting(scenario)
    # Scores: genomics > shared > injected in area 1; needs > pcp in area 2.
    ballots = {
        "alpha1": {
            recs["shared"]: 1,
            recs["genomics"]: 1,
            recs["injected"]: 1,
            recs["pcp"]: 1,
            recs["needs"]: 1,
        },  # replaced below by a colleague
        "beta": {
            recs["shared"]: 4,
            recs["genomics"]: 5,
            recs["injected"]: 2,
            recs["pcp"]: 3,
            recs["needs"]: 5,
        },
        "gamma": {
            recs["shared"]: 3,
            recs["genomics"]: 5,
            recs["injected"]: 3,
            recs["pcp"]: 2,
            recs["needs"]: 4,
        },
        "alpha2": {
            recs["shared"]: 5,
            recs["genomics"]: 4,
            recs["injected"]: 1,
            recs["pcp"]: 2,
            recs["needs"]: 4,
        },
    }
    for who, scores in ballots.items():
        assert vote(scenario, who, scores).status_code == 302
    return recs


def test_reference_scenario_builds_the_report_in_every_format(scenario):
    recs = _run_scenario(scenario)
    db.session.expire_all()
    # One voice per organisation: Alpha's second member replaced the first one's votes.
    assert db.session.scalar(sa.select(sa.func.count(Vote.id))) == 3 * 5
    alpha_vote = db.session.scalar(
        sa.select(Vote).where(
            Vote.recommendation_id == recs["shared"], Vote.organisation_id == scenario.orgs["alpha"].id
        )
    )
    assert alpha_vote.score == 5 and alpha_vote.user_id == scenario.users["alpha2"].id
    statuses = {k: db.session.get(Recommendation, v).status for k, v in recs.items()}
    assert statuses["duplicate"] == RecommendationStatus.MERGED
    assert statuses["vague"] == RecommendationStatus.REJECTED

    results = scenario.client("beta").get("/manage/events/ka-workshop/reports/results").get_data(as_text=True)
    assert_in_order(
        results,
        "Bring genomic tests",
        "Share research",
        "Fund &lt;script&gt;",
        "Analyse real needs",
        "Use pre-commercial",
    )
    assert "4.67" in results  # genomics: (5 + 5 + 4) / 3
    assert scenario.client("organiser").post("/manage/events/ka-workshop/reports/freeze").status_code == 302
    db.session.expire_all()
    assert db.session.get(Recommendation, recs["genomics"]).final_rank == 1
    assert db.session.get(Recommendation, recs["injected"]).final_rank == 3

    organiser = scenario.client("organiser")
    response = organiser.post(
        "/manage/series/key-area/reports/builder",
        data={
            "title": "Key Area Four report",
            "introduction": "Why this key area matters.\n\nSecond paragraph.",
            "capacity_building": "",
            "conclusions": "Regions are where it happens.",
            "period_start": "2021-01-01",
            "period_end": "2021-12-31",
        },
    )
    assert response.status_code == 302
    # The organiser moves the messages above the conference programme.
    for _ in range(2):
        organiser.post(
            "/manage/series/key-area/reports/builder/sections", data={"key": "fake-messages", "move": "up"}
        )

    expected_order = [
        "Key Area Four report",
        "Introduction",
        "Why this key area matters.",
        "Overview",
        "Innovation Flow Conference",
        "In a nutshell",
        "Countries",
        "16",
        "Stream views per day",
        "Day two",
        "414",
        MESSAGES_TITLE,
        "Message about Regions and genomic data",
        "Programme: Innovation Flow Conference",
        "Session I: Research models",
        "Josefa Chair, Director, Health Knowledge Agency, Spain",
        "Gareth Speaker, Data Coordinator, Genome Hub, United Kingdom",
        "Why regions must be part of federated data infrastructures.",
        "Programme: Interregional Workshop",
        "Policy areas and key recommendations",
        "Infrastructure models",
        "Regions should pool facilities.",
        "Bring genomic tests",
        "Share research infrastructures",
        "biobanks",
        "Financial instruments",
        "Analyse real needs",
        "Use pre-commercial procurement",
        "Conclusions",
        "Regions are where it happens.",
    ]

    html = organiser.get("/manage/series/key-area/reports/export/html")
    assert html.status_code == 200 and html.mimetype == "text/html"
    page = html.get_data(as_text=True)
    assert_in_order(page, *expected_order)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page  # the plugin's own chart
    assert not re.search(r'<link[^>]+href="http|<script src', page)  # self-contained

    preview = organiser.get("/manage/series/key-area/reports/preview").get_data(as_text=True)
    assert_in_order(preview, *expected_order)

    md = organiser.get("/manage/series/key-area/reports/export/md").get_data(as_text=True)
    assert_in_order(
        md,
        "# Key Area Four report",
        "## Introduction",
        "## Overview",
        "## In a nutshell",
        "- **16** Countries",
        "Stream views per day*",
        "| Day two | 414 |",
        f"## {MESSAGES_TITLE}",
        "## Programme: Innovation Flow Conference",
        "## Policy areas and key recommendations",
        "### Infrastructure models",
        "| 1 | Bring genomic tests",
        "| 2 | Share research infrastructures",
        "| 3 | Fund",
        "### Financial instruments",
        "| 1 | Analyse real needs",
        "| 2 | Use pre-commercial",
        "## Conclusions",
    )
    assert "\\<script\\>" in md and "\\*\\*biobanks\\*\\*" in md and "\\[click\\]" in md

    docx = organiser.get("/manage/series/key-area/reports/export/docx")
    assert docx.mimetype.endswith("wordprocessingml.document")
    paragraphs = docx_paragraphs(docx.data)
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [
        "1 Introduction",
        "2 Overview",
        "3 In a nutshell",
        f"4 {MESSAGES_TITLE}",
        "5 Programme: Innovation Flow Conference",
        "6 Programme: Interregional Workshop",
        "7 Policy areas and key recommendations",
        "8 Co-creation and prioritisation",
        "9 Conclusions",
    ]
    assert ("Title", "Key Area Four report") in paragraphs
    assert ("Heading 2", "7.1 Infrastructure models") in paragraphs
    priorities = [
        [cell.text for cell in row.cells]
        for table in Document(io.BytesIO(docx.data)).tables
        if table.rows[0].cells[0].text == "Priority"
        for row in table.rows[1:]
    ]
    assert priorities[0][:2] == ["1", priorities[0][1]] and priorities[0][1].startswith("Bring genomic tests")
    assert priorities[1][1].startswith("Share research")
    assert priorities[2][1].startswith(INJECTION)  # literal text, nothing interpreted
    assert priorities[3][0] == "1" and priorities[3][1].startswith("Analyse real needs")
    # figures are pictures in Word: the nutshell card and the chart come as PNG images
    pictured = ("Countries", "16", "Day two", "414")
    assert_in_order(docx_text(docx.data), *(text for text in expected_order if text not in pictured))
    media = [n for n in zipfile.ZipFile(io.BytesIO(docx.data)).namelist() if n.startswith("word/media/")]
    assert len(media) >= 2 and all(n.endswith(".png") for n in media)
    assert "Figure 1: In a nutshell: In a nutshell" in docx_text(docx.data)

    pdf = organiser.get("/manage/series/key-area/reports/export/pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    text = pdf_text(pdf.data)
    assert_in_order(text, *(needle for needle in expected_order if needle not in pictured))
    assert "Countries" in text and "16" in text  # drawn in the nutshell card (vector text)
    assert '<script>alert("x")</script>' in text  # shown as text, not run or dropped


def test_cli_builds_every_format_with_progress(scenario, reports_app, tmp_path):
    _run_scenario(scenario)
    runner = reports_app.test_cli_runner()
    for fmt in ("md", "docx", "html"):
        out = tmp_path / f"report.{fmt}"
        result = runner.invoke(args=["report", "key-area", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "Collecting the sections of Key Area Four" in result.output and "Done" in result.output
        assert f"Wrote {out}" in result.output
        assert out.stat().st_size > 0
    assert_in_order(
        (tmp_path / "report.md").read_text(),
        "## Overview",
        f"## {MESSAGES_TITLE}",
        "## Policy areas and key recommendations",
        "| 1 | Bring genomic tests",
    )
    event_out = tmp_path / "workshop.md"
    result = runner.invoke(args=["report", "event:ka-workshop", "--format", "md", "-o", str(event_out)])
    assert result.exit_code == 0, result.output
    text = event_out.read_text()
    assert "## Programme" in unnumbered(text) and "Innovation Flow Conference" not in text


def test_cli_refuses_unknown_slugs_and_formats(scenario, reports_app, tmp_path):
    runner = reports_app.test_cli_runner()
    result = runner.invoke(args=["report", "no-such-thing", "-o", str(tmp_path / "x.md")])
    assert result.exit_code != 0 and "no event or series with slug 'no-such-thing'" in result.output
    result = runner.invoke(args=["report", "key-area", "--format", "odt"])
    assert result.exit_code != 0 and "Invalid value for '--format'" in result.output
    assert not (tmp_path / "x.md").exists()
