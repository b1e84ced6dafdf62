"""The agenda reads its sessions a batch at a time while it renders them
(``services/session_reader.py``): the page must be byte for byte the one read in a
single batch, whatever the filters and the layout, and its memory must not grow with
the programme as it did when every session was read at once.

The render cache and the page cache are off here, so each page is really rendered."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

from confsite.extensions import db
from confsite.models import Person, Room, Session, SessionKind, SessionStatus, Talk, TalkSpeaker
from confsite.services import session_reader
from tests import factories

DAY_ONE = datetime(2031, 3, 10, 7, 0, tzinfo=UTC)  # 08:00 in Madrid


def build_programme(slug: str, size: int, days: int = 3) -> dict:
    """An event of ``size`` sessions over ``days`` days and three rooms: each with a chair
    and two talks by speakers who also speak in other sessions (far apart, so in other
    batches), some breaks, cancelled sessions and sessions without a room, and two
    sessions at once in the same room (the grid lists the second under its table)."""
    event = factories.event(slug=slug, start_at=DAY_ONE, end_at=DAY_ONE + timedelta(days=days))
    rooms = [Room(event=event, name=f"Room {i}", position=i) for i in range(3)]
    people = [Person(name=f"{slug} person {i}") for i in range(max(4, size // 3))]
    db.session.add_all(rooms + people)
    for i in range(size):
        start = DAY_ONE + timedelta(days=i % days, minutes=30 * (i // days % 20))
        session = Session(
            event=event,
            title=f"Session {i}",
            start_at=start,
            end_at=start + timedelta(minutes=30 if i % 5 else 60),
            room=None if i % 11 == 4 else rooms[i % 3],
            kind=SessionKind.BREAK if i % 13 == 6 else SessionKind.TALKS,
            status=SessionStatus.CANCELLED if i % 17 == 3 else SessionStatus.SCHEDULED,
            position=i % 2,
            chairs=[people[(i * 7) % len(people)]],
        )
        for j in range(2):
            talk = Talk(session=session, title=f"Talk {i}.{j}", position=j)
            talk.speaker_links = [TalkSpeaker(person=people[(i + j * 5) % len(people)], position=0)]
            db.session.add(talk)
        db.session.add(session)
    clash = DAY_ONE + timedelta(days=1, hours=11)
    db.session.add_all(
        Session(
            event=event, title=f"Clash {k}", start_at=clash, end_at=clash + timedelta(hours=1), room=rooms[0]
        )
        for k in range(2)
    )
    db.session.commit()
    return {"slug": slug, "room": rooms[1].id, "day": (DAY_ONE + timedelta(days=1)).date().isoformat()}


@pytest.fixture
def uncached(make_app):
    app = make_app(RENDER_CACHE_BYTES=0, PUBLIC_PAGE_CACHE_SECONDS=0)
    with app.app_context():
        yield app
        db.session.remove()


def _page(app, path: str) -> bytes:
    response = app.test_client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data()


QUERIES = ["", "?day={day}", "?track={room}", "?day={day}&track={room}"]


@pytest.mark.parametrize("layout", ["list", "grid"])
@pytest.mark.parametrize("query", QUERIES)
def test_batched_agenda_is_the_agenda_read_at_once(uncached, monkeypatch, layout, query):
    facts = build_programme("batched", 60)
    path = f"/events/batched/{query.format(**facts)}"
    if layout == "grid":
        path += ("&" if "?" in path else "?") + "view=grid"
    monkeypatch.setattr(session_reader, "BATCH_SESSIONS", 100_000)
    at_once = _page(uncached, path)
    for size in (1, 7):  # a batch per session; batches that end inside a day
        monkeypatch.setattr(session_reader, "BATCH_SESSIONS", size)
        assert _page(uncached, path) == at_once, (size, path)
    html = at_once.decode()
    assert ">Session 1</a>" in html  # (day 2, room 1: shown whatever the filter)
    assert layout == "grid" or "Talk 1.1" in html
    if not query:
        shown = html.count('<article class="session') + html.count('class="session break')
        assert layout == "grid" or shown == 62
        assert layout == "list" or "Also at the same time in the same room:" in html


def _request_peak(app, path: str) -> int:
    """Peak of memory allocated by Python while the page is built (tracemalloc)."""
    tracemalloc.start()
    try:
        _page(app, path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("layout", ["list", "grid"])
def test_agenda_memory_does_not_grow_with_the_programme_read(uncached, monkeypatch, layout):
    """The page itself grows with the programme (about 1 KB a session), the sessions
    read do not any more (about 20 KB a session as model objects): for ten times the
    sessions the peak was about ten times before batching, now well under. (The grid
    reads a day at a time: ten times the days here.)"""
    monkeypatch.setattr(session_reader, "BATCH_SESSIONS", 20)
    small, large = build_programme("mem-small", 21, days=3), build_programme("mem-large", 210, days=30)
    view = "?view=grid" if layout == "grid" else ""
    _page(uncached, f"/events/{small['slug']}/{view}")  # templates compiled, caches warm
    peaks = [_request_peak(uncached, f"/events/{facts['slug']}/{view}") for facts in (small, large)]
    assert peaks[1] < 6 * peaks[0], peaks  # (measured: about 3.2 for the list, 4.6 for the grid; 8.5 before)
