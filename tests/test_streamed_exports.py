"""The large exports (registrations CSV and XLSX, the event file) are streamed: sent in
chunks as they are made, with memory that does not grow with the number of rows
(issue #24), and the same contents as before: filters applied, accents intact,
formula-like cells guarded, an event file the importer reads back."""

from __future__ import annotations

import csv
import io
import tracemalloc
from datetime import timedelta

import openpyxl
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confsite.extensions import db
from confsite.models import (
    Person,
    Registration,
    RegistrationAnswer,
    RegistrationStatus,
    RoleName,
    Session,
    Talk,
    TalkSpeaker,
    session_chairs,
)
from confsite.name_keys import name_key
from confsite.services import event_io, registrations_export
from confsite.services.event_io import export as event_export
from confsite.testing import count_queries
from tests.manage_helpers import ensure_guest_page_route

NAMES = ("Ángel Núñez", "Łukasz Żółć", "Øystein Ærø", "Žiga Čuk")


@pytest.fixture
def organiser(app, make, auth):
    ensure_guest_page_route(app)
    event = make.event(slug="ev", title="Big workshop")
    user = make.user("officer@example.org")
    make.role(user, RoleName.ORGANISER, event=event)
    auth.login("officer@example.org")
    return event


def _registrations(event, count: int, *, start: int = 0, answers: bool = False) -> None:
    """``count`` registrations in one bulk insert (accented names, two countries, every
    third waitlisted), each with two answers when ``answers``."""
    rows = [
        {
            "event_id": event.id,
            "name": f"{NAMES[i % len(NAMES)]} {i:05d}",
            "email": f"person{i}@example.org",
            "organisation": "=SUM(A1)" if i % 7 == 0 else "Agència Catalana",
            "country": "ES" if i % 2 else "PL",
            "status": RegistrationStatus.WAITLISTED if i % 3 == 0 else RegistrationStatus.CONFIRMED,
        }
        for i in range(start, start + count)
    ]
    ids = db.session.scalars(
        sa.insert(Registration).returning(Registration.id, sort_by_parameter_order=True), rows
    ).all()
    if answers:
        db.session.execute(
            sa.insert(RegistrationAnswer),
            [
                {
                    "registration_id": rid,
                    "plugin": "catering",
                    "key": key,
                    "label": label,
                    "value": f"{key} {rid}",
                }
                for rid in ids
                for key, label in (("diet", "Dietary needs"), ("allergy", "Allergies"))
            ],
        )
    db.session.commit()


def _csv_rows(response) -> list[list[str]]:
    raw = b"".join(response.response)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM, once
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _xlsx_rows(response) -> list[list[str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.response)), read_only=True).active
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


def _download(client, path: str):
    response = client.get(path)
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment")
    return response


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_registrations_export_is_streamed_with_filters_accents_and_guarded_cells(client, organiser, kind):
    _registrations(organiser, 12, answers=True)
    read = _csv_rows if kind == "csv" else _xlsx_rows
    rows = read(_download(client, f"/manage/events/ev/registrations.{kind}"))
    assert rows[0] == [*registrations_export.COLUMNS, "Allergies", "Dietary needs"]
    assert len(rows) == 13
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["person1@example.org"][:4] == [
        "Łukasz Żółć 00001",
        "person1@example.org",
        "Agència Catalana",
        "Spain",
    ]
    assert by_email["person2@example.org"][0] == "Øystein Ærø 00002"
    assert by_email["person3@example.org"][0] == "Žiga Čuk 00003"
    assert by_email["person0@example.org"][0] == "Ángel Núñez 00000"
    assert by_email["person7@example.org"][2] == "'=SUM(A1)"  # never a formula
    registration_id = db.session.scalar(
        sa.select(Registration.id).where(Registration.email == "person5@example.org")
    )
    assert by_email["person5@example.org"][-2:] == [f"allergy {registration_id}", f"diet {registration_id}"]
    # the list's order (by name, accents and case aside) and its filters
    assert [row[0] for row in rows[1:]] == sorted((row[0] for row in rows[1:]), key=name_key)
    chosen = read(_download(client, f"/manage/events/ev/registrations.{kind}?country=ES&status=waitlisted"))
    assert sorted(row[1] for row in chosen[1:]) == ["person3@example.org", "person9@example.org"]
    searched = read(_download(client, f"/manage/events/ev/registrations.{kind}?q=ółć%2000005"))
    assert [row[1] for row in searched[1:]] == ["person5@example.org"]


def test_csv_and_xlsx_hold_the_same_cells(client, organiser):
    _registrations(organiser, 9, answers=True)
    assert _csv_rows(_download(client, "/manage/events/ev/registrations.csv")) == _xlsx_rows(
        _download(client, "/manage/events/ev/registrations.xlsx")
    )


def test_registrations_page_links_both_downloads_with_its_filters(client, organiser):
    page = client.get("/manage/events/ev/registrations/?country=ES").get_data(as_text=True)
    assert "/manage/events/ev/registrations.csv?" in page and "/manage/events/ev/registrations.xlsx?" in page
    assert page.count("country=ES") >= 2


def _consumed_queries(client, path: str) -> int:
    with count_queries() as statements:
        for _chunk in client.get(path).response:
            pass
    return len(statements)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_answers_cost_one_query_per_batch_not_per_registration(client, organiser, monkeypatch, kind):
    monkeypatch.setattr(registrations_export, "BATCH", 10)
    path = f"/manage/events/ev/registrations.{kind}"
    _registrations(organiser, 10, answers=True)
    one_batch = _consumed_queries(client, path)
    _registrations(organiser, 30, start=10, answers=True)
    assert _consumed_queries(client, path) == one_batch + 3  # three more batches, one query each


def _peak_bytes(client, path: str) -> tuple[int, int]:
    """Peak traced memory while reading the export to its end chunk by chunk (counted,
    not kept, as a client would), and the bytes read."""
    client.get(path).close()  # warm: imports and caches are not the export's cost
    tracemalloc.start()
    try:
        response = client.get(path)
        size = sum(len(chunk) for chunk in response.response)
        response.close()
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_registrations_export_memory_does_not_grow_with_the_rows(client, organiser, monkeypatch, kind):
    # batches and chunks small enough that the small export already fills several
    monkeypatch.setattr(registrations_export, "BATCH", 50)
    monkeypatch.setattr(registrations_export, "CHUNK_BYTES", 4096)
    path = f"/manage/events/ev/registrations.{kind}"
    _registrations(organiser, 200, answers=True)
    small, small_size = _peak_bytes(client, path)
    _registrations(organiser, 1800, start=200, answers=True)
    large, large_size = _peak_bytes(client, path)
    assert large_size > 5 * small_size  # ten times the rows really were sent (XLSX is zipped)
    assert large < 2 * small, (small, large)  # not ten times the memory


def _programme(event, sessions: int) -> None:
    """``sessions`` sessions, each with a chair and two talks by two new speakers: bulk
    inserts, so a large programme is cheap to build."""
    people = db.session.scalars(
        sa.insert(Person).returning(Person.id, sort_by_parameter_order=True),
        [{"name": f"Žiga Ørsted {i}", "bio": "Ángel’s “team”"} for i in range(sessions * 3)],
    ).all()
    start = event.start_at
    session_ids = db.session.scalars(
        sa.insert(Session).returning(Session.id, sort_by_parameter_order=True),
        [
            {
                "event_id": event.id,
                "title": f"Session {i} — Łódź",
                "start_at": start + timedelta(minutes=30 * (i % 20)),
                "end_at": start + timedelta(minutes=30 * (i % 20) + 30),
                "position": i,
            }
            for i in range(sessions)
        ],
    ).all()
    db.session.execute(
        session_chairs.insert(),
        [{"session_id": sid, "person_id": people[3 * i], "position": 0} for i, sid in enumerate(session_ids)],
    )
    talk_ids = db.session.scalars(
        sa.insert(Talk).returning(Talk.id, sort_by_parameter_order=True),
        [
            {"session_id": sid, "title": f"Talk {i}.{k}", "position": k}
            for i, sid in enumerate(session_ids)
            for k in (0, 1)
        ],
    ).all()
    db.session.execute(
        sa.insert(TalkSpeaker),
        [
            {"talk_id": tid, "person_id": people[3 * (j // 2) + 1 + j % 2], "position": 0}
            for j, tid in enumerate(talk_ids)
        ],
    )
    db.session.commit()


def test_event_file_is_streamed_and_the_importer_reads_it_back(client, organiser, make):
    _programme(organiser, 30)
    make.talk(
        make.session(organiser, room=make.room(organiser, "Sala Ñ")),
        [make.person(organisation=make.organisation())],
    )
    response = _download(client, "/manage/events/ev/export.json")
    raw = b"".join(response.response)
    assert raw.decode("utf-8") == event_io.dumps(event_io.export_event(organiser))  # byte for byte
    document = event_io.parse_file(raw)
    assert event_io.schema_problems(document) == []
    assert len(document["sessions"]) == 31 and len(document["people"]) == 91
    assert "Žiga Ørsted 0" in raw.decode("utf-8")
    document["event"]["slug"] = "ev-copy"
    for session in document["sessions"]:
        session["uid"] += "-copy"
        for talk in session["talks"]:
            talk["uid"] += "-copy"
    copy = event_io.import_event(document)
    assert event_io.export_event(copy)["sessions"] == document["sessions"]


def test_downloads_are_made_after_the_request_closed_its_database_session(make_app, make):
    """In production the body is made after the request's teardown closed its session:
    Flask's own test client, without the suite's app context around each request,
    serves as gunicorn does. The event is loaded afresh."""
    app = make_app()
    with app.app_context():
        event = make.event(slug="ev", title="Detached", series=make.series(title="Ser"))
        _programme(event, 3)
        _registrations(event, 3, answers=True)
        make.user("admin@example.org", admin=True)  # whose permission check loads nothing more
        expected = event_io.dumps(event_io.export_event(event))
    client = FlaskClient(app, app.response_class, use_cookies=True)
    client.post("/login", data={"email": "admin@example.org", "password": make.PASSWORD})
    response = client.get("/manage/events/ev/export.json")
    assert response.is_streamed
    assert b"".join(response.response).decode("utf-8") == expected
    assert len(_csv_rows(_download(client, "/manage/events/ev/registrations.csv"))) == 4
    assert len(_xlsx_rows(_download(client, "/manage/events/ev/registrations.xlsx"))) == 4


def test_event_file_memory_does_not_grow_with_the_programme(client, organiser, monkeypatch):
    monkeypatch.setattr(event_export, "SESSION_BATCH", 20)
    monkeypatch.setattr(event_export, "ROW_BATCH", 50)
    path = "/manage/events/ev/export.json"
    _programme(organiser, 150)
    small, small_size = _peak_bytes(client, path)
    _programme(organiser, 1350)
    large, large_size = _peak_bytes(client, path)
    assert large_size > 8 * small_size
    # Only the numbering of people and organisations (two dicts of ids) grows.
    assert large < 2 * small, (small, large)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.dictionaries(
        st.sampled_from(["q", "status", "country", "sector"]),
        st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=300),
    ),
    kind=st.sampled_from(["csv", "xlsx"]),
)
def test_junk_filters_give_a_whole_download_never_an_error(client, organiser, query, kind):
    response = client.get(f"/manage/events/ev/registrations.{kind}", query_string=query)
    assert response.status_code == 200
    assert b"".join(response.response)  # the whole body is made without an error
