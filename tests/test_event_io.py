"""Event files: the documented JSON format, lossless round trips, and bad files."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator

from confsite.demo import load_demo
from confsite.extensions import db
from confsite.models import Event, Organisation, Person, RoleName, Session, Talk
from confsite.schemas import load_schema
from confsite.services import event_io
from tests.conftest import empty_all_tables
from tests.factories import utc

DEMO_EVENTS = ("ka4-conference-2021", "ka4-workshop-2021", "s3p4pm-plenary")


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Event, Session, Talk, Person, Organisation)
    }


@pytest.fixture
def small_event(app, make):
    org = make.organisation(name="ACIS", country="ES", region="Galicia", sector="public_authority")
    event = make.event(
        slug="small",
        title="Small",
        host=org,
        start_at=utc(2031, 7, 13, 7),
        end_at=utc(2031, 7, 14, 12),
        capacity=40,
    )
    room = make.room(event, "Stream")
    chair = make.person(name="Chair Person", organisation=org, country="ES", email="chair@example.org")
    speaker = make.person(name="Speaker Person", country="GB")
    session = make.session(
        event,
        title="Session I",
        room=room,
        start_at=utc(2031, 7, 13, 8),
        end_at=utc(2031, 7, 13, 9),
        sequence=3,
    )
    session.chairs = [chair]
    make.talk(session, [speaker, chair], title="Talk one", summary="Short.")
    make.talk(session, [speaker], title="Talk two")
    partner = make.user("partner@example.org")
    make.role(partner, RoleName.PARTNER, event=event, organisation=org)
    db.session.commit()
    return event


def test_export_matches_the_published_schema(small_event):
    document = event_io.export_event(small_event)
    Draft202012Validator.check_schema(load_schema("event-file"))
    assert list(Draft202012Validator(load_schema("event-file")).iter_errors(document)) == []
    session = document["sessions"][0]
    assert session["start"] == "2031-07-13T10:00:00+02:00"  # local time with its offset
    assert [t["title"] for t in session["talks"]] == ["Talk one", "Talk two"]
    assert document["roles"] == [{"email": "partner@example.org", "role": "partner", "organisation": "org-1"}]


def test_round_trip_into_an_empty_database_is_lossless(app):
    load_demo()
    before = {
        slug: event_io.export_event(db.session.scalar(sa.select(Event).where(Event.slug == slug)))
        for slug in DEMO_EVENTS
    }
    assert all(doc["sessions"] for doc in before.values())
    for slug, document in before.items():
        db.session.remove()
        empty_all_tables()
        event = event_io.import_event(copy.deepcopy(document))
        db.session.commit()
        after = event_io.export_event(db.session.get(Event, event.id))
        assert after == document, slug
        assert event_io.dumps(after) == event_io.dumps(document)


def test_cli_export_then_import_into_an_empty_site(app, runner, small_event, tmp_path):
    path = tmp_path / "small.json"
    result = runner.invoke(args=["export-event", "small", "--output", str(path)])
    assert result.exit_code == 0, result.output
    stdout = runner.invoke(args=["export-event", "small"]).output
    assert stdout == path.read_text(encoding="utf-8")
    uids = set(db.session.scalars(sa.select(Session.uid))) | set(db.session.scalars(sa.select(Talk.uid)))
    db.session.remove()
    empty_all_tables()
    result = runner.invoke(args=["import-event", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported small (1 sessions)" in result.output
    assert runner.invoke(args=["export-event", "small"]).output == path.read_text(encoding="utf-8")
    # Calendar UIDs survive the move.
    assert (
        set(db.session.scalars(sa.select(Session.uid))) | set(db.session.scalars(sa.select(Talk.uid))) == uids
    )
    # Importing the same file again is refused, naming the reasons.
    result = runner.invoke(args=["import-event", str(path)])
    assert result.exit_code != 0
    assert "already exists" in result.output and "already used" in result.output
    assert runner.invoke(args=["export-event", "missing"]).exit_code != 0


def _problems(document) -> list[str]:
    with pytest.raises(event_io.EventFileError) as caught:
        event_io.import_event(document)
    return caught.value.problems


def test_bad_documents_give_placed_messages_and_write_nothing(small_event):
    good = event_io.export_event(small_event)
    good["event"]["slug"] = "small-copy"
    for s in good["sessions"]:
        s["uid"] += "-copy"
        for t in s["talks"]:
            t["uid"] += "-copy"
    counts = _counts()

    doc = copy.deepcopy(good)
    del doc["event"]["title"]
    doc["sessions"][0]["kind"] = "party"
    problems = _problems(doc)
    assert any(p.startswith("event:") and "'title' is a required property" in p for p in problems)
    assert any(p.startswith("sessions[0].kind") for p in problems)

    doc = copy.deepcopy(good)
    doc["people"].append(dict(doc["people"][0]))
    doc["sessions"][0]["talks"][0]["speakers"].append("person-99")
    doc["sessions"][0]["talks"][1]["uid"] = doc["sessions"][0]["talks"][0]["uid"]
    doc["people"][1]["country"] = "XX"
    doc["sessions"][0]["end"] = doc["sessions"][0]["start"]
    doc["sessions"][0]["room"] = "Nowhere"
    doc["event"]["timezone"] = "Mars/Olympus"
    doc["sessions"][0]["start"] = "13 July"
    doc["roles"][0]["email"] = "not an address"
    problems = _problems(doc)
    text = "\n".join(problems)
    assert "Person id 'person-1' appears more than once" in text
    assert "sessions[0].talks[0].speakers[2]: unknown person 'person-99'" in text
    assert "appears more than once" in text and "-copy" in text
    assert "people[1].country: unknown country code 'XX'" in text
    assert "sessions[0].room: unknown room 'Nowhere'" in text
    assert "event.timezone: Unknown time zone" in text
    assert "sessions[0].start: '13 July' is not a date and time" in text
    assert "roles[0].email: 'not an address' is not a valid e-mail address." in text

    doc = copy.deepcopy(good)
    doc["sessions"][0]["start"] = "2031-07-13T10:00:00"
    assert any("needs a UTC offset" in p for p in _problems(doc))
    assert _counts() == counts


def test_parse_file_rejects_bad_encodings_and_json():
    with pytest.raises(event_io.EventFileError, match="not UTF-8"):
        event_io.parse_file("{}".encode("utf-16"))
    with pytest.raises(event_io.EventFileError, match=r"Not valid JSON: .* line 1"):
        event_io.parse_file(b'{"format": ')
    with pytest.raises(event_io.EventFileError, match="one JSON object"):
        event_io.parse_file(b"[1, 2]")


def test_import_and_export_from_the_workspace(client, make, auth, small_event):
    make.user("admin@example.org", admin=True)
    auth.login("admin@example.org")
    exported = client.get("/manage/events/small/export.json")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    document = json.loads(exported.data)
    document["event"]["slug"] = "small-two"
    for s in document["sessions"]:
        s["uid"] += "-2"
        for t in s["talks"]:
            t["uid"] += "-2"

    def upload(doc):
        return client.post(
            "/manage/import-event",
            data={"file": (io.BytesIO(json.dumps(doc).encode()), "event.json")},
            content_type="multipart/form-data",
        )

    response = upload(document)
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/events/small-two/")
    imported = db.session.scalar(sa.select(Event).where(Event.slug == "small-two"))
    assert [t.title for t in imported.sessions[0].talks] == ["Talk one", "Talk two"]
    # Organisations and people with the same name / e-mail are reused, not duplicated.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Person).where(Person.email == "chair@example.org")
        )
        == 1
    )
    # A bad file: the page lists the problems, nothing is written.
    response = upload(document)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nothing was imported" in body and "already exists" in body
    response = client.post(
        "/manage/import-event",
        data={"file": (io.BytesIO(b"\xff\xfe junk"), "x.json")},
        content_type="multipart/form-data",
    )
    assert "not UTF-8" in response.get_data(as_text=True)


def test_series_organisers_import_into_their_series_only(client, make, auth, small_event):
    series = make.series(slug="mine")
    user = make.user("org@example.org")
    make.role(user, RoleName.ORGANISER, series=series)
    auth.login("org@example.org")
    document = event_io.export_event(small_event)
    document["event"]["slug"] = "other"
    for s in document["sessions"]:
        s["uid"] += "-x"
        for t in s["talks"]:
            t["uid"] += "-x"

    def post(doc):
        return client.post(
            "/manage/import-event",
            data={"file": (io.BytesIO(json.dumps(doc).encode()), "e.json")},
            content_type="multipart/form-data",
        )

    assert post(document).status_code == 403  # no series: admins only
    document["series"] = {"slug": "mine", "title": "Mine", "description": ""}
    assert post(document).status_code == 302
    assert db.session.scalar(sa.select(Event).where(Event.slug == "other")).series_id == series.id


def test_documentation_describes_every_field():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "event-format.md").read_text(encoding="utf-8")
    schema = load_schema("event-file")
    for name in schema["properties"]["event"]["properties"]:
        assert f"`{name}`" in doc, name
    for name in schema["properties"]["sessions"]["items"]["properties"]:
        assert f"`{name}`" in doc, name


def test_the_documented_minimal_file_imports(app):
    doc = (Path(__file__).resolve().parents[1] / "docs" / "event-format.md").read_text(encoding="utf-8")
    example = json.loads(doc.split("```json", 1)[1].split("```", 1)[0])
    event = event_io.import_event(example)
    db.session.commit()
    assert event_io.export_event(event) == example


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["event"].update(capacity=2**31), "event.capacity: 2147483648 is too large."),
        (lambda d: d["event"].update(online_url="javascript:alert(1)"), "only http:// and https://"),
        (lambda d: d["event"].update(start="0001-01-01T00:00:00+14:00"), "outside the dates"),
        (lambda d: d["event"].update(end="9999-12-31T20:00:00-12:00"), "outside the dates"),
    ],
)
def test_values_no_column_can_hold_are_placed_problems(small_event, change, message):
    """Issue 15, item 5: each of these was a 500 at import."""
    doc = event_io.export_event(small_event)
    doc["event"]["slug"] = "small-copy"
    for s in doc["sessions"]:
        s["uid"] += "-copy"
        for t in s["talks"]:
            t["uid"] += "-copy"
    change(doc)
    counts = _counts()
    assert any(message in p for p in _problems(doc))
    assert _counts() == counts


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"event": {"title": "A\\u0000B"}}', "NUL character"),
        (b"[" * 100_000 + b"]" * 100_000, "nests too deeply"),
    ],
)
def test_files_no_parser_should_take_are_refused(raw, message):
    with pytest.raises(event_io.EventFileError) as caught:
        event_io.parse_file(raw)
    assert message in caught.value.problems[0]


def test_the_report_language_travels_with_the_file_and_is_checked(small_event):
    small_event.report_language = "de"
    db.session.commit()
    document = event_io.export_event(small_event)
    assert document["event"]["report_language"] == "de"
    assert any(
        "report_language" in p
        for p in _problems({**document, "event": {**document["event"], "report_language": "xx"}})
    )
    copy_of = copy.deepcopy(document)
    copy_of["event"]["slug"] = "copy-of-it"
    for session in copy_of["sessions"]:
        session["uid"] += "-copy"
        for talk in session["talks"]:
            talk["uid"] += "-copy"
    assert event_io.import_event(copy_of).report_language == "de"
    del copy_of["event"]["report_language"]  # files written before it existed: English
    copy_of["event"]["slug"] = "older-file"
    for session in copy_of["sessions"]:
        session["uid"] += "-old"
        for talk in session["talks"]:
            talk["uid"] += "-old"
    assert event_io.import_event(copy_of).report_language == "en"
