"""Applicants: the public call page, drafts, submitting with a confirmation e-mail,
editing until the deadline, withdrawing; refused input keeps what was typed; files
are type-checked by content, stored outside the web root and served only to allowed people."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from confsite_plugins.calls.models import Submission, SubmissionFile, SubmissionStatus

from confsite.extensions import db
from tests import outbox
from tests.plugins.calls.conftest import PDF, PNG, form_keys


def _url(call, rest=""):
    return f"/events/{call.event.slug}/calls/{call.id}{rest}"


def _complete(call, **extra):
    k = form_keys(call)
    data = {
        "title": "Genomic tumour boards in Andalucía",
        "summary": "Weekly boards decide treatment from sequencing results.",
        k["What changed for patients"]: "Faster access to targeted therapy.",
        k["Topic"]: "Oncology",
        k["Country"]: "Spain",
        k["I agree that an awarded example is published"]: "y",
        "coapplicants": "Žiga Novak <ziga.novak@example.org>",
        "action": "submit",
    }
    data.update(extra)
    return data


def test_public_call_page_shows_rules_and_criteria(client, best_practice_call):
    body = client.get(_url(best_practice_call)).get_data(as_text=True)
    assert "Best practices in personalised medicine" in body
    assert "Hospitals, regional health services" in body
    assert "Apply" in body


def test_unpublished_call_is_hidden_from_the_public(client, world, best_practice_call):
    best_practice_call.published = False
    db.session.commit()
    assert client.get(_url(best_practice_call)).status_code == 404


def test_submit_confirms_by_mail_and_the_applicant_can_edit_until_the_deadline(
    app, client, auth, world, best_practice_call
):
    auth.login("angel@example.org")
    response = client.post(_url(best_practice_call, "/apply"), data=_complete(best_practice_call))
    assert response.status_code == 302
    submission = db.session.scalar(db.select(Submission))
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.country == "ES" and submission.topic == "Oncology"
    assert submission.coapplicants == [{"name": "Žiga Novak", "email": "ziga.novak@example.org"}]
    mails = outbox.to(app, "angel@example.org")
    assert len(mails) == 1 and "Genomic tumour boards" in outbox.text(mails[0])

    data = _complete(best_practice_call, title="Genomic tumour boards in Andalucía and Murcia")
    assert (
        client.post(_url(best_practice_call, f"/submissions/{submission.id}"), data=data).status_code == 302
    )
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).title.endswith("and Murcia")

    # After the deadline nothing changes, and the applicant is told why.
    best_practice_call.closes_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    response = client.post(
        _url(best_practice_call, f"/submissions/{submission.id}"),
        data=_complete(best_practice_call, title="Late edit"),
    )
    assert response.status_code == 200
    assert "This call is closed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).title.endswith("and Murcia")


def test_a_draft_is_saved_without_required_answers_but_not_submitted(
    app, client, auth, world, best_practice_call
):
    auth.login("angel@example.org")
    response = client.post(
        _url(best_practice_call, "/apply"), data={"title": "Half-written idea", "action": "draft"}
    )
    assert response.status_code == 302
    submission = db.session.scalar(db.select(Submission))
    assert submission.status == SubmissionStatus.DRAFT
    assert outbox.to(app, "angel@example.org") == []


def test_missing_required_answer_is_refused_and_nothing_typed_is_lost(
    client, auth, world, best_practice_call
):
    auth.login("angel@example.org")
    data = _complete(best_practice_call)
    del data[form_keys(best_practice_call)["Topic"]]
    response = client.post(_url(best_practice_call, "/apply"), data=data)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "This answer is required." in body
    assert "Genomic tumour boards in Andalucía" in body  # the title typed is shown again
    assert "Faster access to targeted therapy." in body
    assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 0


def test_text_over_its_limit_is_refused(client, auth, world, best_practice_call):
    auth.login("angel@example.org")
    data = _complete(
        best_practice_call, **{form_keys(best_practice_call)["What changed for patients"]: "x" * 201}
    )
    response = client.post(_url(best_practice_call, "/apply"), data=data)
    assert response.status_code == 200
    assert "At most 200 characters (you wrote 201)" in response.get_data(as_text=True)


def test_submissions_after_the_deadline_are_refused(client, auth, world, best_practice_call):
    best_practice_call.closes_at = datetime.now(UTC) - timedelta(hours=1)
    db.session.commit()
    auth.login("angel@example.org")
    response = client.post(_url(best_practice_call, "/apply"), data=_complete(best_practice_call))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "This call is closed" in body and "Genomic tumour boards" in body
    assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 0


def _upload(call, content: bytes, name: str):
    data = _complete(call)
    data[form_keys(call)["Supporting document"]] = (io.BytesIO(content), name)
    return data


def test_files_are_checked_by_content_and_size(client, auth, world, best_practice_call):
    auth.login("angel@example.org")
    url = _url(best_practice_call, "/apply")
    # A PNG renamed to .pdf is still a PNG.
    response = client.post(
        url, data=_upload(best_practice_call, PNG, "report.pdf"), content_type="multipart/form-data"
    )
    assert response.status_code == 200
    assert "not one of the accepted types (PDF)" in response.get_data(as_text=True)
    response = client.post(
        url,
        data=_upload(best_practice_call, PDF + b"0" * 3000, "big.pdf"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "larger than 2 KB" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 0


def test_uploaded_files_live_outside_the_web_root_and_only_allowed_people_get_them(
    app, client, auth, world, best_practice_call
):
    auth.login("angel@example.org")
    response = client.post(
        _url(best_practice_call, "/apply"),
        data=_upload(best_practice_call, PDF, "../../Łódź évaluation.pdf"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    stored = db.session.scalar(db.select(SubmissionFile))
    assert stored.filename == "Łódź évaluation.pdf"
    path = Path(app.instance_path) / "calls_uploads" / stored.stored_name
    assert path.read_bytes() == PDF
    static_root = Path(app.static_folder).resolve()
    assert static_root not in path.resolve().parents
    download = _url(best_practice_call, f"/files/{stored.id}")
    got = client.get(download)
    assert got.status_code == 200 and got.data == PDF and got.mimetype == "application/pdf"
    assert "filename*=UTF-8''%C5%81%C3%B3d%C5%BA%20%C3%A9valuation.pdf" in got.headers["Content-Disposition"]
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    auth.logout()
    auth.login("lukasz@example.org")
    assert client.get(download).status_code == 403
    auth.logout()
    auth.login("org@example.org")
    assert client.get(download).status_code == 200


def test_withdrawing(client, auth, world, best_practice_call):
    auth.login("angel@example.org")
    client.post(_url(best_practice_call, "/apply"), data=_complete(best_practice_call))
    submission = db.session.scalar(db.select(Submission))
    assert client.post(_url(best_practice_call, f"/submissions/{submission.id}/withdraw")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).status == SubmissionStatus.WITHDRAWN
    # Someone else's application cannot be opened or withdrawn.
    auth.logout()
    auth.login("lukasz@example.org")
    assert client.get(_url(best_practice_call, f"/submissions/{submission.id}")).status_code == 404


def test_bad_coapplicant_line_is_explained(client, auth, world, best_practice_call):
    auth.login("angel@example.org")
    response = client.post(
        _url(best_practice_call, "/apply"), data=_complete(best_practice_call, coapplicants="just a name")
    )
    assert response.status_code == 200
    assert "Write each co-applicant as" in response.get_data(as_text=True)


def test_the_coapplicant_label_shows_its_angle_brackets_in_every_language(
    client, auth, world, best_practice_call
):
    """The label's "Name <e-mail>" is text: escaped, it is shown; unescaped, the
    browser took ``<e-mail>`` for a tag and the hint read "Name )"."""
    auth.login("angel@example.org")
    page = client.get(_url(best_practice_call, "/apply")).get_data(as_text=True)
    assert "Co-applicants (one per line: Name &lt;e-mail&gt;)" in page
    assert "<e-mail>" not in page
    german = client.get(_url(best_practice_call, "/apply"), headers={"Accept-Language": "de"}).text
    assert "Mitantragsteller (einer pro Zeile: Name &lt;E-Mail&gt;)" in german
    assert "&amp;lt;" not in german


def test_markup_typed_as_a_coapplicant_is_shown_as_text(client, auth, world, best_practice_call):
    payload = '<img src=x onerror="alert(1)">'
    auth.login("angel@example.org")
    refused = client.post(
        _url(best_practice_call, "/apply"), data=_complete(best_practice_call, coapplicants=payload)
    ).get_data(as_text=True)
    assert "Write each co-applicant as" in refused
    assert payload not in refused
    assert "&lt;img src=x onerror=" in refused  # in the message and back in the text area
    # A name may not hold angle brackets, but quotes and ampersands are names' business.
    name = 'Ana" autofocus onfocus="alert(1)" & Co'
    response = client.post(
        _url(best_practice_call, "/apply"),
        data=_complete(best_practice_call, coapplicants=f"{name} <ana@example.org>"),
    )
    assert response.status_code == 302
    mine = client.get(response.headers["Location"]).get_data(as_text=True)
    submission = db.session.scalar(sa.select(Submission))
    auth.logout()
    auth.login("org@example.org")
    organisers = client.get(
        f"/manage/events/{best_practice_call.event.slug}/calls/{best_practice_call.id}/submissions/{submission.id}"
    ).get_data(as_text=True)
    for page in (mine, organisers):
        assert 'onfocus="alert(1)"' not in page
        assert "Ana&#34; autofocus onfocus=&#34;alert(1)&#34; &amp; Co" in page
