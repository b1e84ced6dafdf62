"""On PostgreSQL each worker keeps what every public page of an event starts from (the
event row with its series, a session's or a speaker's row) and the plugins' panels for
anonymous visitors, until a change is announced; on SQLite every visit reads them.
Changes made elsewhere (another worker, a SQL prompt) show as soon as they are
announced, and signed-in visitors always get their own panels."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa
from confsite_plugins.calls import models as calls_models
from confsite_plugins.calls.models import Call, CallKind
from confsite_plugins.calls.views import panel as calls_panel
from confsite_plugins.take_home.models import MessageStatus, TakeHomeMessage
from flask import Flask

from confsite.caching import event_memory
from confsite.extensions import db
from confsite.models import Event, RoleName, Series, utcnow
from confsite.models.event_notifications import ANNOUNCED_TABLES, SEATS
from confsite.services.accounts import grant_role
from confsite.testing import count_queries, wait_for

READ_TABLES = (
    "events",
    "series",
    "sessions",
    "people",
    "take_home_messages",
    "calls_calls",
    "reports_published",
)


def _listening(app, database) -> bool:
    """Start the worker's listener; whether it keeps anything (PostgreSQL only)."""
    memory = event_memory.of(app)
    memory.engine()
    if not database.is_postgres:
        assert not memory.memory.listening.is_set()
        return False
    assert memory.memory.listening.wait(10)
    return True


def _tables_read(statements: list[str]) -> set[str]:
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    return {t for s in selects for t in READ_TABLES if re.search(rf"\b(FROM|JOIN) {t}\b", s)}


def _changed_elsewhere(app, table: str, statement: sa.Executable) -> None:
    """Write as another worker would, and wait until this one heard of it."""
    memory = event_memory.of(app).memory
    generation = memory.generation(table)
    with app.app_context(), db.engine.begin() as elsewhere:
        elsewhere.execute(statement)
    if memory.listening.is_set():
        assert wait_for(lambda: memory.generation(table) != generation)


@dataclass
class Site:
    app: Flask
    event_id: int
    slug: str
    session_id: int
    speaker_id: int


@pytest.fixture
def site(make_app, make) -> Site:
    """An event with a series, a session and a speaker. No app context is left open: each
    request gets a database session of its own, as in a worker (the test client would
    otherwise lend it the test's, with the rows it holds)."""
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=0)  # the uncached render: what is kept below it
    with app.app_context():
        series = make.series(title="Žiga's partnership")
        event = make.event(title="Øystein's workshop", series=series)
        session = make.session(event, title="Łukasz on registries")
        speaker = make.person(name="Ángel Pérez")
        make.talk(session, speakers=[speaker], title="Registries across regions")
        return Site(app, event.id, event.slug, session.id, speaker.id)


def _untouched(app, but: frozenset[str] = frozenset()) -> int:
    """Moves whenever this worker forgets anything (derived from other tables than
    ``but``). The suite's other workers write to the same PostgreSQL database, and
    their changes are announced here too: a count is only fair from a visit during
    which this did not move."""
    return event_memory.of(app).memory.generation(tuple(ANNOUNCED_TABLES - but))


def _kept_visit(app, client, path: str) -> tuple[str, list[str]]:
    """The page at ``path`` and the statements of a visit made with everything kept: a
    visit to keep what it reads, then the counted one, again (a few times at most) when
    an announcement made the worker forget meanwhile."""
    for _attempt in range(5):
        before = _untouched(app)
        client.get(path)
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        if _untouched(app) == before:
            break
    return response.get_data(as_text=True), statements


def _first_visit_showing(client, path: str, text: str) -> list[str]:
    """The statements of the first visit of ``path`` that shows ``text`` (within 10 s)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with count_queries() as statements:
            page = client.get(path).get_data(as_text=True)
        if text in page:
            return statements
        time.sleep(0.02)
    pytest.fail(f"{path} never showed {text!r}")


def test_an_anonymous_visit_reads_nothing_once_kept(site, database):
    kept = _listening(site.app, database)
    client = site.app.test_client()
    pages = {
        "agenda": f"/events/{site.slug}/",
        "session": f"/events/{site.slug}/sessions/{site.session_id}",
        "speaker": f"/events/{site.slug}/speakers/{site.speaker_id}",
    }
    for name, path in pages.items():
        page, statements = _kept_visit(site.app, client, path)
        assert "Øystein" in page
        read = _tables_read(statements)
        if kept:
            assert read == set(), (name, statements)
        else:  # SQLite: the event and the panels' rows, on every visit
            assert {"events", "take_home_messages"} <= read, (name, read)


def test_changes_made_elsewhere_show_once_announced(site, database):
    app = site.app
    _listening(app, database)
    client = app.test_client()

    def _shows(path: str, text: str) -> bool:
        # (Once this change is announced: another test's may come first.)
        return wait_for(lambda: text in client.get(path).get_data(as_text=True))

    agenda, session_page = f"/events/{site.slug}/", f"/events/{site.slug}/sessions/{site.session_id}"
    for path in (agenda, agenda, session_page, session_page):
        client.get(path)

    _changed_elsewhere(app, "series", sa.update(Series).values(title="Žiga Novak partnership"))
    assert _shows(agenda, "Žiga Novak partnership")

    retitled = sa.update(Event).where(Event.id == site.event_id).values(title="Øystein Berg clinic")
    _changed_elsewhere(app, "events", retitled.values(updated_at=utcnow()))
    assert _shows(session_page, "Øystein Berg clinic")

    published = sa.insert(TakeHomeMessage).values(
        event_id=site.event_id,
        session_id=site.session_id,
        position=0,
        body="Registries need common identifiers",
        status=MessageStatus.PUBLISHED,
        published_at=utcnow(),
        idempotency_key="kept-panels-1",
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    _changed_elsewhere(app, "take_home_messages", published)
    assert _shows(session_page, "Registries need common identifiers")
    assert _shows(agenda, "Registries need common identifiers")


def test_seats_taken_elsewhere_show_while_the_event_row_stays_kept(site, database):
    """A registration in another worker moves the seat counter alone: the event page
    shows the places left at once (once announced), reading the count and nothing else;
    the row itself stays kept."""
    app = site.app
    kept = _listening(app, database)
    _changed_elsewhere(
        app,
        "events",
        sa.update(Event).where(Event.id == site.event_id).values(capacity=10, updated_at=utcnow()),
    )
    client = app.test_client()
    agenda = f"/events/{site.slug}/"
    client.get(agenda)
    assert "10 of 10 places left" in client.get(agenda).get_data(as_text=True)

    seat = {"confirmed_count": Event.confirmed_count + 1, "updated_at": Event.updated_at}
    for taken in range(1, 6):  # again if another test's change made this worker forget more
        before = _untouched(app, but=frozenset({SEATS}))
        with app.app_context(), db.engine.begin() as elsewhere:
            elsewhere.execute(sa.update(Event).where(Event.id == site.event_id).values(**seat))
        # Shown once announced (another test's announcement may come first).
        statements = _first_visit_showing(client, agenda, f"{10 - taken} of 10 places left")
        if _untouched(app, but=frozenset({SEATS})) == before:
            break
    if kept:  # the visit that showed the places left read the count, and only that
        events_read = [s for s in statements if "FROM events" in s]
        assert len(events_read) == 1 and events_read[0].startswith("SELECT events.confirmed_count \nFROM")
        assert _tables_read(statements) == {"events"}
        page, statements = _kept_visit(app, client, agenda)
        assert f"{10 - taken} of 10 places left" in page
        assert _tables_read(statements) == set(), statements


def test_a_registration_reads_neither_the_event_nor_its_seat_count(site, database):
    """A guest's registration POST starts from the kept event like a page, but a POST
    does not show the places left: in a rush, where each registration makes the worker
    forget the count, the next one does not read it again (a page would). Its reads
    are its own: the address and the queue."""
    app = site.app
    kept = _listening(app, database)
    client = app.test_client()
    _kept_visit(app, client, f"/events/{site.slug}/")

    def register(number: int) -> None:
        form = {
            "name": "Žiga Novak",
            "email": f"ziga{number}@example.org",
            "country": "SI",
            "sector": "academia",
            "consent": "y",
        }
        response = client.post(f"/events/{site.slug}/register", data=form)
        assert response.status_code == 302, response.get_data(as_text=True)

    for attempt in range(5):  # again if another test's change made this worker forget
        register(2 * attempt)  # a seat taken: the worker forgets the count
        before = _untouched(app, but=frozenset({SEATS}))
        with count_queries() as statements:
            register(2 * attempt + 1)
        if _untouched(app, but=frozenset({SEATS})) == before:
            break
    if kept:
        assert [s for s in statements if re.search(r"\bFROM events\b", s)] == [], statements
        assert _tables_read(statements) == set()


def test_signed_in_visitors_get_their_own_panels(site, database, make):
    _listening(site.app, database)
    path = f"/events/{site.slug}/sessions/{site.session_id}"
    anonymous = site.app.test_client()
    for _ in range(3):
        assert "Capture take-home messages" not in anonymous.get(path).get_data(as_text=True)
    with site.app.app_context():
        make.user("rapporteur@example.org")
        grant_role("rapporteur@example.org", RoleName.RAPPORTEUR, site.slug)
        db.session.commit()
    rapporteur = site.app.test_client()
    rapporteur.post("/login", data={"email": "rapporteur@example.org", "password": make.PASSWORD})
    assert "Capture take-home messages" in rapporteur.get(path).get_data(as_text=True)
    assert "Capture take-home messages" not in anonymous.get(path).get_data(as_text=True)


def test_a_kept_calls_panel_follows_the_clock(site, database, monkeypatch):
    """A call closing changes the panel with no write at all: what is kept says when."""
    _listening(site.app, database)
    now = utcnow()
    with site.app.app_context():
        db.session.add(
            Call(
                event_id=site.event_id,
                kind=CallKind.CONTRIBUTIONS,
                title="Call for regional good practices",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(hours=1),
                published=True,
            )
        )
        db.session.commit()
    client, agenda = site.app.test_client(), f"/events/{site.slug}/"
    for _ in range(3):
        page = client.get(agenda).get_data(as_text=True)
        assert "Call for regional good practices" in page and "open until" in page
    later = now + timedelta(hours=2)
    monkeypatch.setattr(calls_models, "utcnow", lambda: later)  # what the call says of itself
    monkeypatch.setattr(calls_panel, "utcnow", lambda: later)  # and what the kept panel is told
    page = client.get(agenda).get_data(as_text=True)
    assert "Call for regional good practices" in page and "open until" not in page


def test_only_announced_tables_may_be_named(app):
    with app.test_request_context(), pytest.raises(ValueError, match="not announced"):
        event_memory.kept_while_unchanged(("test",), ["registrations"], lambda: 1)
