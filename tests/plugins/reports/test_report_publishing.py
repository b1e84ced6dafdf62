"""Publishing freezes a numbered snapshot; the series page lists published versions."""

from __future__ import annotations

import json

import sqlalchemy as sa
from confsite_plugins.reports.models import PublishedReport, Recommendation

from confsite.extensions import db
from tests.plugins.reports.conftest import act, add_area, docx_text, pdf_text, propose


def test_published_versions_do_not_change_with_later_edits(scenario, reports_app):
    area = add_area(scenario, "Infrastructure models", "Original rationale.")
    rec = propose(scenario, "beta", area, "Pool research facilities.")
    act(scenario, "organiser", rec, "accept")
    organiser = scenario.client("organiser")
    assert organiser.post("/manage/series/key-area/reports/publish").status_code == 302

    # Later edits: new recommendation text, a new area, a new introduction.
    response = organiser.post(
        f"/manage/events/ka-workshop/reports/recommendations/{rec}/edit",
        data={"text": "Pool and open research facilities.", "addressee": ""},
    )
    assert response.status_code == 302
    add_area(scenario, "Smart hospitals", position=1)
    organiser.post(
        "/manage/series/key-area/reports/builder", data={"introduction": "A new introduction.", "title": ""}
    )

    v1_md = reports_app.test_client().get("/series/key-area/reports/published/1.md")
    assert v1_md.status_code == 200  # public, no log-in needed
    text = v1_md.get_data(as_text=True)
    assert "Pool research facilities." in text and "Pool and open" not in text
    assert "Smart hospitals" not in text and "A new introduction." not in text
    v1_docx = docx_text(reports_app.test_client().get("/series/key-area/reports/published/1.docx").data)
    assert "Pool research facilities." in v1_docx and "Pool and open" not in v1_docx
    v1_html = (
        reports_app.test_client().get("/series/key-area/reports/published/1.html").get_data(as_text=True)
    )
    assert "Version 1, published" in v1_html and "Pool and open" not in v1_html
    v1_pdf = pdf_text(reports_app.test_client().get("/series/key-area/reports/published/1.pdf").data)
    assert "Pool research facilities." in v1_pdf and "Pool and open" not in v1_pdf

    draft = organiser.get("/manage/series/key-area/reports/export/md").get_data(as_text=True)
    assert "Pool and open research facilities." in draft and "A new introduction." in draft

    assert organiser.post("/manage/series/key-area/reports/publish").status_code == 302
    rows = db.session.scalars(sa.select(PublishedReport).order_by(PublishedReport.version)).all()
    assert [r.version for r in rows] == [1, 2]
    assert "A new introduction." in json.dumps(rows[1].sections)
    assert "A new introduction." not in json.dumps(rows[0].sections)

    listing = reports_app.test_client().get("/series/key-area/reports/published/").get_data(as_text=True)
    assert "version 2" in listing and "version 1" in listing
    series_page = reports_app.test_client().get("/series/key-area/").get_data(as_text=True)
    assert "Reports" in series_page and "/series/key-area/reports/published/2.pdf" in series_page
    assert reports_app.test_client().get("/series/key-area/reports/published/3.md").status_code == 404


def test_recommendation_history_and_discussion(scenario):
    area = add_area(scenario, "Infrastructure models")
    rec = propose(scenario, "beta", area, "Pool research facilities.", submit=False)
    beta = scenario.client("beta")
    beta.post(
        f"/manage/events/ka-workshop/reports/recommendations/{rec}/edit",
        data={"text": "Pool research facilities across borders.", "addressee": "eu_institutions"},
    )
    act(scenario, "beta", rec, "submit")
    assert act(scenario, "gamma", rec, "comment", body="We support this.").status_code == 302
    assert act(scenario, "outsider", rec, "comment", body="Spam").status_code == 403
    assert act(scenario, "organiser", rec, "reject", reason="").status_code == 302
    db.session.expire_all()
    assert db.session.get(Recommendation, rec).status.value == "submitted"  # no reason, no rejection
    assert "Give a reason" in scenario.client("organiser").get(
        f"/manage/events/ka-workshop/reports/recommendations/{rec}"
    ).get_data(as_text=True)
    act(scenario, "organiser", rec, "reject", reason="Outside the key area.")
    page = beta.get(f"/manage/events/ka-workshop/reports/recommendations/{rec}").get_data(as_text=True)
    assert "Outside the key area." in page and "We support this." in page and "Gus Gamma" in page
    found = db.session.get(Recommendation, rec)
    assert [r.action for r in found.revisions] == ["created", "edited", "submitted", "rejected"]
    assert found.revisions[0].text == "Pool research facilities."
    assert found.revisions[1].addressee == "eu_institutions"


def test_merge_needs_a_recommendation_of_the_same_area(scenario):
    infra = add_area(scenario, "Infrastructure models")
    other = add_area(scenario, "Smart hospitals", position=1)
    target = propose(scenario, "beta", infra, "Pool research facilities.")
    duplicate = propose(scenario, "gamma", infra, "Share research facilities.")
    elsewhere = propose(scenario, "gamma", other, "Build living labs.")
    act(scenario, "organiser", duplicate, "merge", into_id=elsewhere)
    db.session.expire_all()
    assert db.session.get(Recommendation, duplicate).status.value == "submitted"
    act(scenario, "organiser", duplicate, "merge", into_id=target)
    db.session.expire_all()
    merged = db.session.get(Recommendation, duplicate)
    assert merged.status.value == "merged" and merged.merged_into_id == target
    assert db.session.get(Recommendation, target).revisions[-1].action == "absorbed"
