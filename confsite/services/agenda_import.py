"""Agenda import from a spreadsheet (CSV or XLSX), one row per talk.

Columns (header names, any order, case ignored): day, start, end, session, room, kind,
chairs, talk title, speakers, affiliation, country. A row without a talk title stands for
its session alone (a break, a visit); ``kind`` (talks, panel, break…) is optional.
Rows of the same day and session title form one session running from its earliest
start to its latest end. Speakers and chairs are separated by semicolons; an
affiliation or country column with as many semicolon-separated parts gives one to each
speaker, a single value applies to all.
A session's chairs may be given on any of its rows (the same on each that has them).
:mod:`confsite.services.agenda_template` is the downloadable example sheet.

:func:`read_agenda` checks everything and returns a preview with row-level problems;
:func:`apply_agenda` writes it, all or nothing, only when there is no problem.
"""

from __future__ import annotations

import csv
import io
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, time

import sqlalchemy as sa

from confsite.countries import normalise_country
from confsite.extensions import db
from confsite.i18n import _
from confsite.models import (
    Event,
    Organisation,
    Person,
    Room,
    Session,
    SessionKind,
    SessionStatus,
    Talk,
    TalkSpeaker,
    User,
    session_chairs,
)
from confsite.name_keys import name_key
from confsite.services.changes import announce, record_session_change
from confsite.services.events import local_to_utc
from confsite.services.transaction import committing


def _loose(text: str) -> str:
    return re.sub(r"[\s_-]+", "", text.casefold())


MAX_ROWS = 2000
# Columns read from a spreadsheet; the agenda has far fewer.
MAX_COLUMNS = 64
COLUMNS = {
    "day": ("day", "date"),
    "start": ("start", "start time", "from"),
    "end": ("end", "end time", "to"),
    "session": ("session", "session title"),
    "room": ("room", "track", "room/track"),
    "kind": ("kind", "type", "session kind"),
    "chairs": ("chairs", "chair", "moderator", "moderators"),
    "talk": ("talk title", "talk", "title"),
    "speakers": ("speakers", "speaker"),
    "affiliation": ("affiliation", "affiliations", "organisation", "organization"),
    "country": ("country", "countries"),
}
REQUIRED = ("day", "start", "end", "session", "talk")
# Session kinds by value and English label, spelled loosely ("Co-creation", "co_creation").
KINDS = {_loose(k.value): k for k in SessionKind} | {_loose(k.label): k for k in SessionKind}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")


class AgendaFileError(ValueError):
    """The file as a whole cannot be read (wrong type, encoding or columns)."""


@dataclass
class SpeakerPlan:
    name: str
    affiliation: str
    country: str | None
    person: Person | None  # None: a new person will be added


@dataclass
class TalkPlan:
    row: int
    title: str
    speakers: list[SpeakerPlan]
    start_at: datetime | None = None  # the row's own start


@dataclass
class SessionPlan:
    day: date
    title: str
    room: str
    start_at: datetime
    end_at: datetime
    rows: list[int] = field(default_factory=list)
    talks: list[TalkPlan] = field(default_factory=list)
    chairs: list[SpeakerPlan] = field(default_factory=list)
    chairs_row: int | None = None  # the row that named the chairs
    kind: SessionKind | None = None  # None: not given (a session of talks)


@dataclass
class AgendaPreview:
    sessions: list[SessionPlan]
    problems: list[tuple[int, str]]  # (row number as the spreadsheet shows it, message)
    new_people: list[str]
    new_organisations: list[str]
    new_rooms: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.sessions)


# --- reading the file ---------------------------------------------------------------------


def _rows_from_csv(raw: bytes) -> list[list[object]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AgendaFileError(
            "The file is not UTF-8 text. In your spreadsheet program choose “CSV UTF-8” when saving."
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    if "\x00" in text:
        raise AgendaFileError(_("The file contains a NUL character, which no text here may hold."))
    try:
        rows: list[list[object]] = [[*row] for row in csv.reader(io.StringIO(text), dialect)]
        return rows
    except csv.Error as exc:
        raise AgendaFileError(_("The CSV file is malformed: %(reason)s.", reason=exc)) from None


def _rows_from_xlsx(raw: bytes) -> list[list[object]]:
    from openpyxl import load_workbook  # noqa: PLC0415  (openpyxl is slow to import; only .xlsx uploads need it)

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged or foreign file
        raise AgendaFileError(_("The file is not a readable .xlsx workbook.")) from None
    if not book.worksheets:
        book.close()
        raise AgendaFileError(_("The workbook has no worksheet."))
    sheet = book.worksheets[0]
    # Stream at most one row past the limit and MAX_COLUMNS columns, whatever size the
    # sheet declares: a tiny file can claim A1:XFD1048576 or hold millions of rows.
    rows: list[list[object]] = [
        list(row) for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True)
    ]
    book.close()
    return rows


def read_rows(filename: str, raw: bytes) -> list[list[object]]:
    name = filename.lower()
    if name.endswith(".xlsx") or raw[:2] == b"PK":
        return _rows_from_xlsx(raw)
    if name.endswith((".csv", ".txt")) or not name:
        return _rows_from_csv(raw)
    raise AgendaFileError(_("Upload a .csv or .xlsx file."))


def _header_map(header: list[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    names = [re.sub(r"\s+", " ", str(h or "").strip().lower()) for h in header]
    for key, accepted in COLUMNS.items():
        for index, name in enumerate(names):
            if name in accepted and key not in found:
                found[key] = index
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in found]
    if missing:
        raise AgendaFileError(
            f"Missing column(s): {', '.join(missing)}. The first row must name the columns: "
            "day, start, end, session, room, talk title, speakers, affiliation, country."
        )
    return found


# --- parsing cells ------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _time(value: object) -> time | None:
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    match = re.fullmatch(r"(\d{1,2})[:.h](\d{2})(?::\d{2})?", _text(value))
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


# --- the preview --------------------------------------------------------------------------


def read_agenda(event: Event, filename: str, raw: bytes) -> AgendaPreview:  # noqa: PLR0912, PLR0915  (one check per rule, in the order the format lists them)
    """Parse and check a spreadsheet against the event; raises AgendaFileError for the
    file as a whole, reports everything else per row."""
    rows = read_rows(filename, raw)
    while rows and not any(_text(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise AgendaFileError(_("The file is empty."))
    columns = _header_map(list(rows[0]))
    if len(rows) - 1 > MAX_ROWS:
        raise AgendaFileError(_("The file has more than %(limit)s rows; split it.", limit=MAX_ROWS))

    problems: list[tuple[int, str]] = []
    sessions: OrderedDict[tuple[date, str], SessionPlan] = OrderedDict()
    people_by_name = _people_index()
    new_people: dict[str, str] = {}
    seen_talks: dict[tuple[date, str, str], int] = {}

    def cell(row: list[object], key: str) -> object:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    for number, row in enumerate(rows[1:], start=2):
        if not any(_text(c) for c in row):
            continue
        row_problems: list[str] = []
        day, start, end = _day(cell(row, "day")), _time(cell(row, "start")), _time(cell(row, "end"))
        session_title, talk_title = _text(cell(row, "session")), _text(cell(row, "talk"))
        room = _text(cell(row, "room"))
        if day is None:
            row_problems.append(
                _("day '%(day)s' is not a date (use 2021-07-13 or 13/07/2021)", day=_text(cell(row, "day")))
            )
        if start is None:
            row_problems.append(
                _("start '%(start)s' is not a time (use 09:30)", start=_text(cell(row, "start")))
            )
        if end is None:
            row_problems.append(_("end '%(end)s' is not a time (use 10:15)", end=_text(cell(row, "end"))))
        if start and end and end <= start:
            row_problems.append(_("the talk ends before it starts"))
        if not session_title:
            row_problems.append(_("the session title is empty"))
        kind_text = _text(cell(row, "kind"))
        kind = KINDS.get(_loose(kind_text)) if kind_text else None
        if kind_text and kind is None:
            row_problems.append(
                _(
                    "unknown kind of session '%(kind)s' (use one of: %(kinds)s)",
                    kind=kind_text,
                    kinds=", ".join(k.value for k in SessionKind),
                )
            )
        if len(session_title) > 300 or len(talk_title) > 300:
            row_problems.append(_("a title is longer than 300 characters"))
        if len(room) > 120:
            row_problems.append(_("the room name is longer than 120 characters"))

        speakers = _speakers(
            row_problems,
            people_by_name,
            new_people,
            _text(cell(row, "speakers")),
            _text(cell(row, "affiliation")),
            _text(cell(row, "country")),
        )
        chairs_text = _text(cell(row, "chairs"))
        chairs = _speakers(row_problems, people_by_name, new_people, chairs_text, "", "")
        if row_problems:
            problems.extend((number, p) for p in row_problems)
            continue
        assert day and start and end
        start_at, end_at = local_to_utc(event, day, start), local_to_utc(event, day, end)
        if start_at < event.start_at or end_at > event.end_at:
            problems.append((number, _("this talk falls outside the event's dates and times")))
            continue
        key = (day, session_title.lower(), talk_title.lower())
        if talk_title and key in seen_talks:
            problems.append(
                (number, _("the same talk is already listed in row %(row)s", row=seen_talks[key]))
            )
            continue
        seen_talks[key] = number
        plan = sessions.get((day, session_title.lower()))
        if plan is None:
            plan = sessions[(day, session_title.lower())] = SessionPlan(
                day, session_title, room, start_at, end_at
            )
        elif plan.room != room:
            problems.append(
                (
                    number,
                    _(
                        "the room '%(room)s' differs from '%(first)s' given for this session in row %(row)s",
                        room=room,
                        first=plan.room,
                        row=plan.rows[0],
                    ),
                )
            )
            continue
        if chairs and plan.chairs_row is None:
            plan.chairs, plan.chairs_row = chairs, number
        elif chairs and [c.name for c in chairs] != [c.name for c in plan.chairs]:
            problems.append(
                (
                    number,
                    _(
                        "the chairs differ from those given for this session in row %(row)s",
                        row=plan.chairs_row,
                    ),
                )
            )
            continue
        if kind and plan.kind and kind != plan.kind:
            problems.append(
                (number, _("the kind differs from '%(value)s' given for this session", value=plan.kind.value))
            )
            continue
        plan.kind = plan.kind or kind
        plan.start_at, plan.end_at = min(plan.start_at, start_at), max(plan.end_at, end_at)
        plan.rows.append(number)
        if talk_title:  # a row without a talk is the session itself (a break, a visit)
            plan.talks.append(TalkPlan(number, talk_title, speakers, start_at))
        elif speakers:
            problems.append((number, _("speakers are given without a talk title")))

    problems.extend(_clashes(event, list(sessions.values())))
    org_names = {
        s.affiliation
        for p in sessions.values()
        for t in p.talks
        for s in t.speakers
        if s.person is None and s.affiliation
    }
    known_orgs = set(db.session.scalars(sa.select(Organisation.name_key)))
    room_names = {r.name.lower() for r in event.rooms}
    return AgendaPreview(
        sessions=list(sessions.values()),
        problems=sorted(problems),
        new_people=sorted(new_people.values()),
        new_organisations=sorted(o for o in org_names if name_key(o) not in known_orgs),
        new_rooms=sorted({p.room for p in sessions.values() if p.room and p.room.lower() not in room_names}),
    )


def _people_index() -> dict[str, list[Person]]:
    index: dict[str, list[Person]] = {}
    for person in db.session.scalars(sa.select(Person)):
        index.setdefault(person.name_key, []).append(person)
    return index


def _speakers(
    problems: list[str],
    people: dict[str, list[Person]],
    new_people: dict[str, str],
    names_text: str,
    affiliation_text: str,
    country_text: str,
) -> list[SpeakerPlan]:
    names = _split(names_text)
    affiliations, countries = _split(affiliation_text), _split(country_text)
    too_many = (
        (affiliations, _("%(given)s affiliations for %(speakers)s speakers: give one, or one per speaker")),
        (countries, _("%(given)s countries for %(speakers)s speakers: give one, or one per speaker")),
    )
    for values, message in too_many:
        if len(values) > 1 and len(values) != len(names):
            problems.append(message % {"given": len(values), "speakers": len(names)})
            return []
    if len({name_key(n) for n in names}) != len(names):
        problems.append(_("a speaker is listed twice"))
    plans = []
    for i, name in enumerate(names):
        affiliation = affiliations[i] if len(affiliations) > 1 else (affiliations[0] if affiliations else "")
        country_raw = countries[i] if len(countries) > 1 else (countries[0] if countries else "")
        country = normalise_country(country_raw) if country_raw else None
        if country_raw and country is None:
            problems.append(
                _(
                    "unknown country '%(country)s' (use a name such as Spain or a code such as ES)",
                    country=country_raw,
                )
            )
        if len(name) > 200 or len(affiliation) > 200:
            problems.append(_("a speaker name or affiliation is longer than 200 characters"))
        matches = people.get(name_key(name), [])
        if len(matches) > 1:
            problems.append(
                _("several people are called '%(name)s' on this site: rename one first", name=name)
            )
            continue
        if not matches:
            new_people.setdefault(name_key(name), name)
        plans.append(SpeakerPlan(name, affiliation, country, matches[0] if matches else None))
    return plans


def _clashes(event: Event, plans: list[SessionPlan]) -> list[tuple[int, str]]:
    problems = []
    existing = list(
        db.session.scalars(
            sa.select(Session).where(Session.event_id == event.id, Session.status == SessionStatus.SCHEDULED)
        )
    )
    for plan in plans:
        for other in existing:
            if other.title.lower() == plan.title.lower() and event.local(other.start_at).date() == plan.day:
                problems.append(
                    (
                        plan.rows[0],
                        _("the event already has a session “%(title)s” that day", title=other.title),
                    )
                )
            elif (
                plan.room
                and other.room
                and other.room.name.lower() == plan.room.lower()
                and plan.start_at < other.end_at
                and other.start_at < plan.end_at
            ):
                problems.append(
                    (
                        plan.rows[0],
                        _(
                            "“%(title)s” overlaps “%(other)s” in %(room)s",
                            title=plan.title,
                            other=other.title,
                            room=plan.room,
                        ),
                    )
                )
    for i, a in enumerate(plans):
        for b in plans[i + 1 :]:
            if (
                a.room
                and a.room.lower() == b.room.lower()
                and a.start_at < b.end_at
                and b.start_at < a.end_at
            ):
                problems.append(
                    (b.rows[0], f"“{b.title}” overlaps “{a.title}” (row {a.rows[0]}) in {a.room}")
                )
    return problems


# --- writing ------------------------------------------------------------------------------


def apply_agenda(
    event: Event, preview: AgendaPreview, user: User | None
) -> list[tuple[Session, tuple[str, ...]]]:
    """Write a problem-free preview, commit, then tell plugins about each new session.
    Returns the sessions with their logged fields."""
    if not preview.ok:
        raise ValueError("Only a preview without problems can be imported.")
    with committing():
        created = _write_agenda(event, preview, user)
    for session, fields in created:
        announce(session, fields, user)
    return created


def _write_agenda(
    event: Event, preview: AgendaPreview, user: User | None
) -> list[tuple[Session, tuple[str, ...]]]:
    rooms = {r.name.lower(): r for r in event.rooms}
    orgs = {o.name_key: o for o in db.session.scalars(sa.select(Organisation))}
    created_people: dict[str, Person] = {}
    next_room = max((r.position for r in event.rooms), default=-1) + 1
    last = (
        db.session.scalar(sa.select(sa.func.max(Session.position)).where(Session.event_id == event.id)) or 0
    )
    created = []

    def person_of(plan: SpeakerPlan) -> Person:
        """The person a planned speaker or chair stands for, added on first mention."""
        person = plan.person or created_people.get(name_key(plan.name))
        if person is None:
            org = None
            if plan.affiliation:
                org = orgs.get(name_key(plan.affiliation))
                if org is None:
                    org = orgs[name_key(plan.affiliation)] = Organisation(
                        name=plan.affiliation, country=plan.country
                    )
                    db.session.add(org)
            person = created_people[name_key(plan.name)] = Person(
                name=plan.name, organisation=org, country=plan.country
            )
            db.session.add(person)
        return person

    for offset, plan in enumerate(preview.sessions, start=1):
        room = None
        if plan.room:
            room = rooms.get(plan.room.lower())
            if room is None:
                room = rooms[plan.room.lower()] = Room(event=event, name=plan.room, position=next_room)
                next_room += 1
                db.session.add(room)
        session = Session(
            event=event,
            kind=plan.kind or SessionKind.TALKS,
            title=plan.title,
            start_at=plan.start_at,
            end_at=plan.end_at,
            room=room,
            position=last + offset,
        )
        db.session.add(session)
        for position, talk_plan in enumerate(plan.talks):
            # a session of one talk needs no talk time; several rows give each talk its own
            start_at = talk_plan.start_at if len(plan.talks) > 1 else None
            talk = Talk(session=session, title=talk_plan.title, position=position, start_at=start_at)
            links = []
            for i, speaker in enumerate(talk_plan.speakers):
                links.append(TalkSpeaker(person=person_of(speaker), position=i))
            talk.speaker_links = links
            db.session.add(talk)
        db.session.flush()
        for position, chair in enumerate(plan.chairs):
            person = person_of(chair)
            db.session.flush()
            db.session.execute(
                session_chairs.insert().values(session_id=session.id, person_id=person.id, position=position)
            )
        created.append((session, record_session_change(session, None, user=user)))
    return created
