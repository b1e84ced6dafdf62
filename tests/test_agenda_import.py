"""Agenda import from CSV and XLSX: preview, row-level problems, all or nothing."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from datetime import datetime, time

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from openpyxl import Workbook

from confsite.extensions import db
from confsite.models import Organisation, Person, Room, Session, SessionChange, Talk
from confsite.services import agenda_import
from tests.factories import utc

HEADER = ["Day", "Start", "End", "Session", "Room", "Talk title", "Speakers", "Affiliation", "Country"]
ROWS = [
    [
        "2031-07-13",
        "09:30",
        "10:00",
        "Opening session",
        "Stream",
        "Welcome",
        "Host One; Host Two",
        "ACIS",
        "Spain",
    ],
    [
        "2031-07-13",
        "10:00",
        "10:20",
        "Session I",
        "Stream",
        "Research infrastructures",
        "Gary Saunders",
        "ELIXIR Hub",
        "UK",
    ],
    [
        "2031-07-13",
        "10:20",
        "10:40",
        "Session I",
        "Stream",
        "Innovation in a hospital",
        "Andrea Damiani",
        "Gemelli Generator",
        "IT",
    ],
    [
        "14/07/2031",
        "09:30",
        "10:00",
        "Session III",
        "Stream",
        "Procurement of innovation",
        "Rossana Alessandrello",
        "AQuAS",
        "ES",
    ],
]


def _csv(rows, header=HEADER, delimiter=",", encoding="utf-8-sig") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def event(app, make):
    # 13-14 July 2031, 09:00-18:00 Madrid (UTC+2).
    return make.event(slug="ka4", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 14, 16))


@pytest.fixture
def organiser(client, make, auth, event):
    make.user("admin@example.org", admin=True)
    auth.login("admin@example.org")
    return client


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Session, Talk, Person, Organisation, Room)
    )


def test_preview_groups_rows_into_sessions(event, make):
    make.person(name="Gary Saunders")
    preview = agenda_import.read_agenda(event, "agenda.csv", _csv(ROWS))
    assert preview.ok, preview.problems
    assert [(s.title, len(s.talks)) for s in preview.sessions] == [
        ("Opening session", 1),
        ("Session I", 2),
        ("Session III", 1),
    ]
    session_one = preview.sessions[1]
    assert event.local(session_one.start_at).strftime("%H:%M") == "10:00"
    assert event.local(session_one.end_at).strftime("%H:%M") == "10:40"
    assert "Gary Saunders" not in preview.new_people and "Andrea Damiani" in preview.new_people
    assert preview.new_rooms == ["Stream"]
    assert [s.country for s in preview.sessions[0].talks[0].speakers] == ["ES", "ES"]
    assert _counts() == (0, 0, 1, 0, 0)  # the preview writes nothing


def test_apply_writes_everything_and_logs_it(event, make):
    gary = make.person(name="Gary Saunders")
    preview = agenda_import.read_agenda(event, "agenda.csv", _csv(ROWS, delimiter="\t"))
    created = agenda_import.apply_agenda(event, preview, None)
    db.session.commit()
    assert len(created) == 3 and all(fields == ("created",) for _, fields in created)
    sessions = db.session.scalars(sa.select(Session).order_by(Session.start_at)).all()
    assert [t.title for t in sessions[1].talks] == ["Research infrastructures", "Innovation in a hospital"]
    assert sessions[1].talks[0].speakers == [gary]
    damiani = db.session.scalar(sa.select(Person).where(Person.name == "Andrea Damiani"))
    assert damiani.organisation.name == "Gemelli Generator" and damiani.country == "IT"
    assert sessions[0].room.name == "Stream" and len(event.rooms) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionChange)) == 3  # published event


def test_xlsx_with_real_dates_and_times(event):
    rows = [
        [datetime(2031, 7, 13), time(9, 30), time(10, 0), "Opening", "", "Welcome", "A. Host", "", ""],
        [datetime(2031, 7, 14), "11:00", "11:45", "Visit", "Lab", "Living lab tour", "", "", ""],
    ]
    preview = agenda_import.read_agenda(event, "agenda.xlsx", _xlsx(rows))
    assert preview.ok, preview.problems
    assert [s.title for s in preview.sessions] == ["Opening", "Visit"]
    assert preview.sessions[1].talks[0].speakers == []


def test_row_level_problems(event, make):
    make.person(name="Twin")
    make.person(name="Twin")
    existing_room = make.room(event, "Hall")
    make.session(
        event,
        title="Existing",
        room=existing_room,
        start_at=utc(2031, 7, 13, 12),
        end_at=utc(2031, 7, 13, 13),
    )
    rows = [
        ["2031-13-40", "09:30", "10:00", "S", "", "T1", "", "", ""],  # 2 bad day
        ["2031-07-13", "9h7", "25:00", "S", "", "T2", "", "", ""],  # 3 bad times
        ["2031-07-13", "11:00", "10:00", "S", "", "T3", "", "", ""],  # 4 ends before start
        ["2031-07-13", "09:30", "10:00", "S", "", "T4", "Anna", "X", "Atlantis"],  # 5 unknown country
        ["2031-07-20", "09:30", "10:00", "S", "", "T5", "", "", ""],  # 6 outside the event
        ["2031-07-13", "10:00", "10:30", "S", "Hall", "T6", "", "", ""],  # 7 session S starts here
        ["2031-07-13", "10:30", "11:00", "S", "Annex", "T7", "", "", ""],  # 8 room differs
        ["2031-07-13", "10:30", "11:00", "S", "Hall", "t6", "", "", ""],  # 9 same talk again
        ["2031-07-13", "14:15", "14:45", "P", "Hall", "T8", "Twin", "", ""],  # 10 ambiguous speaker
        ["2031-07-13", "14:00", "14:30", "Q", "Hall", "T9", "A; B", "X; Y; Z", ""],  # 11 affiliations count
        ["2031-07-13", "16:00", "17:00", "R", "Hall", "T10", "", "", ""],  # 12
        ["2031-07-13", "16:30", "17:30", "R2", "Hall", "T11", "", "", ""],  # 13 overlaps R
        ["2031-07-13", "13:30", "14:10", "E", "Hall", "T12", "", "", ""],  # 14 overlaps Existing
        ["", "", "", "", "", "", "", "", ""],  # 15 blank: skipped
        ["2031-07-14", "09:00", "09:30", "Z", "R" * 121, "T13", "", "", ""],  # 16 room too long
    ]
    preview = agenda_import.read_agenda(event, "agenda.csv", _csv(rows))
    assert not preview.ok
    by_row: dict[int, list[str]] = {}
    for row, message in preview.problems:
        by_row.setdefault(row, []).append(message)
    assert "is not a date" in by_row[2][0]
    assert any("start '9h7' is not a time" in m for m in by_row[3]) and any(
        "end '25:00'" in m for m in by_row[3]
    )
    assert by_row[4] == ["the talk ends before it starts"]
    assert by_row[5] == ["unknown country 'Atlantis' (use a name such as Spain or a code such as ES)"]
    assert by_row[6] == ["this talk falls outside the event's dates and times"]
    assert "differs from 'Hall'" in by_row[8][0]
    assert by_row[9] == ["the same talk is already listed in row 7"]
    assert "several people are called 'Twin'" in by_row[10][0]
    assert "3 affiliations for 2 speakers" in by_row[11][0]
    assert "“R2” overlaps “R” (row 12) in Hall" in by_row[13][0]
    assert "overlaps “Existing” in Hall" in by_row[14][0]
    assert by_row[16] == ["the room name is longer than 120 characters"]
    assert 15 not in by_row and 7 not in by_row and 12 not in by_row
    with pytest.raises(ValueError):
        agenda_import.apply_agenda(event, preview, None)


@pytest.mark.parametrize(
    "raw, name, message",
    [
        (_csv(ROWS, encoding="latin-1").replace(b"Spain", b"Espa\xf1a"), "a.csv", "not UTF-8"),
        (_csv(ROWS, header=["Day", "Start", "Session", "Talk"]), "a.csv", "Missing column(s): end."),
        (b"PK\x03\x04 not really a workbook", "a.xlsx", "not a readable .xlsx"),
        (b"", "a.csv", "The file is empty"),
        (b"%PDF-1.4", "agenda.pdf", "Upload a .csv or .xlsx file"),
    ],
)
def test_whole_file_problems(event, raw, name, message):
    with pytest.raises(agenda_import.AgendaFileError, match=re.escape(message)):
        agenda_import.read_agenda(event, name, raw)


def test_workspace_preview_then_confirm(organiser, event):
    upload = organiser.post(
        "/manage/events/ka4/agenda-import",
        data={
            "file": (
                io.BytesIO(
                    _xlsx(
                        [
                            [
                                datetime(2031, 7, 13),
                                "09:30",
                                "10:00",
                                "Opening",
                                "Stream",
                                "Welcome",
                                "Host One",
                                "ACIS",
                                "ES",
                            ]
                        ]
                    )
                ),
                "agenda.xlsx",
            )
        },
        content_type="multipart/form-data",
    )
    body = upload.get_data(as_text=True)
    assert upload.status_code == 200 and "Import this agenda" in body and "Host One" in body
    assert _counts() == (0, 0, 0, 0, 0)
    content = re.search(r'name="content" value="([^"]+)"', body)[1]
    response = organiser.post(
        "/manage/events/ka4/agenda-import/confirm", data={"content": content, "filename": "agenda.xlsx"}
    )
    assert response.status_code == 302
    assert _counts() == (1, 1, 1, 1, 1)


def test_workspace_shows_row_problems_and_writes_nothing(organiser, event):
    bad = [*ROWS, ["2031-07-13", "10:00", "09:00", "Broken", "", "Backwards", "", "", ""]]
    upload = organiser.post(
        "/manage/events/ka4/agenda-import",
        data={"file": (io.BytesIO(_csv(bad)), "agenda.csv")},
        content_type="multipart/form-data",
    )
    body = upload.get_data(as_text=True)
    assert "Nothing was imported" in body and "the talk ends before it starts" in body
    assert "Import this agenda" not in body
    # Even a forged confirmation of a bad file writes nothing.
    response = organiser.post(
        "/manage/events/ka4/agenda-import/confirm",
        data={"content": base64.b64encode(_csv(bad)).decode(), "filename": "agenda.csv"},
    )
    assert response.status_code == 200 and "Nothing was imported" in response.get_data(as_text=True)
    assert (
        organiser.post(
            "/manage/events/ka4/agenda-import/confirm", data={"content": "%%%", "filename": "agenda.csv"}
        ).status_code
        == 400
    )
    assert _counts() == (0, 0, 0, 0, 0)
    upload = organiser.post(
        "/manage/events/ka4/agenda-import",
        data={"file": (io.BytesIO(b"\xff\xfe\x00junk"), "agenda.csv")},
        content_type="multipart/form-data",
    )
    assert "not UTF-8" in upload.get_data(as_text=True)


# --- hostile spreadsheets (issue 15, item 5) ---------------------------------------------


def _with_dimension(raw: bytes, ref: str) -> bytes:
    """The same workbook, its first sheet claiming to span ``ref``."""
    source, target = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data)
            out.writestr(item, data)
    return target.getvalue()


def test_a_sheet_declaring_every_column_is_read_only_as_wide_as_the_agenda(event):
    raw = _with_dimension(_xlsx(ROWS), "A1:XFD1048576")
    rows = agenda_import.read_rows("agenda.xlsx", raw)
    assert len(rows) == len(ROWS) + 1
    assert max(len(row) for row in rows) <= agenda_import.MAX_COLUMNS


def test_a_sheet_with_too_many_rows_is_refused_without_reading_them_all(event):
    rows = [ROWS[0]] * (agenda_import.MAX_ROWS + 500)
    raw = _xlsx(rows)
    assert len(agenda_import.read_rows("agenda.xlsx", raw)) == agenda_import.MAX_ROWS + 2
    with pytest.raises(agenda_import.AgendaFileError, match="more than 2000 rows"):
        agenda_import.read_agenda(event, "agenda.xlsx", raw)


def test_a_workbook_without_a_worksheet_is_refused(event):
    book = Workbook()
    book.create_chartsheet()
    book.remove(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(agenda_import.AgendaFileError, match=r"no worksheet|not a readable"):
        agenda_import.read_agenda(event, "agenda.xlsx", buffer.getvalue())


def test_a_nul_in_a_csv_cell_is_refused_at_the_preview(event):
    rows = [[*ROWS[0][:3], "Opening\x00 talk", *ROWS[0][4:]]]
    with pytest.raises(agenda_import.AgendaFileError, match="NUL character"):
        agenda_import.read_agenda(event, "agenda.csv", _csv(rows))


CHAIR_HEADER = ["Day", "Start", "End", "Session", "Room", "Chairs", "Talk title", "Speakers"]


def test_chairs_are_read_once_per_session_and_created_when_new(event, make):
    make.person(name="Ángel Alonso Sánchez")
    raw = _csv(
        [
            [
                "2031-07-13",
                "09:30",
                "10:00",
                "Panel",
                "Stream",
                "angel alonso sanchez; Øystein Berg",
                "One",
                "Žiga Novak",
            ],
            ["2031-07-13", "10:00", "10:30", "Panel", "Stream", "", "Two", "Łukasz Kowalski; Žiga Novak"],
        ],
        header=CHAIR_HEADER,
    )
    preview = agenda_import.read_agenda(event, "agenda.csv", raw)
    assert preview.ok, preview.problems
    (plan,) = preview.sessions
    assert [c.name for c in plan.chairs] == ["angel alonso sanchez", "Øystein Berg"]
    assert plan.chairs[0].person is not None and plan.chairs[1].person is None  # matched, new
    session, _fields = agenda_import.apply_agenda(event, preview, None)[0]
    db.session.expire_all()
    saved = db.session.get(Session, session.id)
    assert [p.name for p in saved.chairs] == ["Ángel Alonso Sánchez", "Øystein Berg"]
    assert [p.name for p in saved.talks[1].speakers] == ["Łukasz Kowalski", "Žiga Novak"]
    # Žiga speaks twice but is one person
    assert db.session.scalar(sa.select(sa.func.count()).where(Person.name == "Žiga Novak")) == 1


def test_different_chairs_for_one_session_are_a_row_problem(event):
    raw = _csv(
        [
            ["2031-07-13", "09:30", "10:00", "Panel", "Stream", "Ana Uno", "One", ""],
            ["2031-07-13", "10:00", "10:30", "Panel", "Stream", "Eva Dos", "Two", ""],
        ],
        header=CHAIR_HEADER,
    )
    preview = agenda_import.read_agenda(event, "agenda.csv", raw)
    assert preview.problems == [(3, "the chairs differ from those given for this session in row 2")]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_example_sheet_downloads_and_imports_as_it_is(organiser, event, kind):
    response = organiser.get(f"/manage/events/ka4/agenda-import/template.{kind}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    preview = agenda_import.read_agenda(event, f"agenda.{kind}", response.data)
    assert preview.ok, preview.problems
    assert [c.name for c in preview.sessions[0].chairs] == ["Ana Example"]
    assert [s.name for s in preview.sessions[0].talks[1].speakers] == ["Jan Example", "Eva Example"]
    assert organiser.get("/manage/events/ka4/agenda-import/template.pdf").status_code == 404
    page = organiser.get("/manage/events/ka4/agenda-import").get_data(as_text=True)
    assert "template.xlsx" in page and "template.csv" in page


def test_rows_without_a_talk_are_sessions_of_their_own_kind(event):
    header = ["Day", "Start", "End", "Session", "Room", "Kind", "Talk title", "Speakers"]
    raw = _csv(
        [
            ["2031-07-13", "11:30", "11:45", "Coffee", "Stream", "Break", "", ""],
            ["2031-07-13", "12:00", "13:00", "Co-creation lab", "Stream", "co-creation", "", ""],
            ["2031-07-13", "14:00", "15:00", "Mystery", "Stream", "séance", "", ""],
            ["2031-07-13", "15:00", "16:00", "Lonely", "Stream", "", "", "Žiga Novak"],
        ],
        header=header,
    )
    preview = agenda_import.read_agenda(event, "agenda.csv", raw)
    assert preview.problems == [
        (
            4,
            "unknown kind of session 'séance' (use one of: opening, keynote, talks, panel, break, visit, "
            "co_creation, closing, other)",
        ),
        (5, "speakers are given without a talk title"),
    ]
    good = agenda_import.read_agenda(
        event,
        "agenda.csv",
        _csv(
            [
                ["2031-07-13", "11:30", "11:45", "Coffee", "Stream", "Break", "", ""],
                ["2031-07-13", "12:00", "13:00", "Co-creation lab", "Stream", "co-creation", "", ""],
            ],
            header=header,
        ),
    )
    created = agenda_import.apply_agenda(event, good, None)
    assert [(s.title, s.kind.value, len(s.talks)) for s, _fields in created] == [
        ("Coffee", "break", 0),
        ("Co-creation lab", "co_creation", 0),
    ]


def test_row_problems_speak_the_organisers_language(event, app):
    raw = _csv([["32/13/2031", "09:30", "10:00", "Panel", "Stream", "Talk", "Žiga Novak", "", "Narnia"]])
    with app.test_request_context(), force_locale("de"):
        problems = [message for _row, message in agenda_import.read_agenda(event, "a.csv", raw).problems]
    assert "der Tag „32/13/2031“ ist kein Datum (verwenden Sie 2021-07-13 oder 13/07/2021)" in problems
    assert any(p.startswith("unbekanntes Land „Narnia“") for p in problems)
