"""The organiser's timetable keeps each day's HTML (grid, table, clashes) in the render
cache under the event's content version (``views/manage/programme.py``). These tests
check that a second load is served from it, that every programme change shows at once,
that each organiser still gets their own CSRF token for the moves, and that each
language and day is kept apart."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from confsite.caching.render import cache_of
from confsite.models import RoleName
from confsite.views.manage import programme
from tests.factories import utc
from tests.manage_helpers import session_form

URL = "/manage/events/tc/timetable"


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """Each day the timetable rendered (not served from the render cache)."""
    calls: list[int] = []
    real = programme._timetable_day

    def counted(event, day):
        calls.append(event.id)
        return real(event, day)

    monkeypatch.setattr(programme, "_timetable_day", counted)
    return calls


def _world(make):
    # 13 and 14 July 2031 in Madrid (UTC+2)
    event = make.event(slug="tc", start_at=utc(2031, 7, 13, 7), end_at=utc(2031, 7, 14, 16))
    hall, lab = make.room(event, "Hall"), make.room(event, "Lab")
    annex = make.room(event, "Annex")  # no session in it: only its column shows it
    chair = make.person(name="Ana Chair")
    opening = make.session(
        event, title="Opening", room=hall, start_at=utc(2031, 7, 13, 7, 30), end_at=utc(2031, 7, 13, 8)
    )
    opening.chairs = [chair]
    make.talk(opening, [make.person(name="Bo Speaker")], title="Keynote")
    make.session(event, title="Day two", room=lab, start_at=utc(2031, 7, 14, 8), end_at=utc(2031, 7, 14, 9))
    return event, hall, annex, chair, opening


def _page(client, url: str = URL, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _day(page: str) -> str:
    """The day's part of a page: what follows the move form, up to the end of main (the
    layout's own CSRF token, in the log-out form, changes every second)."""
    day = page.split('<form id="tt-form" hidden>', 1)[1].split("</form>", 1)[1].split("</main>", 1)[0]
    assert 'class="tt-grid"' in day and '<table class="timetable">' in day
    return day


def _kept_then(client, renders: list[int], change: Callable[[], object]) -> str:
    """The page twice (the second from the cache), then after ``change``."""
    first = _page(client)
    rendered = len(renders)
    assert _day(_page(client)) == _day(first) and len(renders) == rendered  # the second load: kept
    response = change()
    # Saved: a form redirects, a move answers JSON.
    assert response.status_code == 302 or response.json["saved"] is True, response.status_code
    page = _page(client)
    assert len(renders) == rendered + 1  # the change made a new version: rendered again
    return page


def test_the_day_is_kept_yet_every_change_shows_at_once(client, make, auth, renders):
    _event, hall, annex, chair, opening = _world(make)
    make.user("admin@example.org", admin=True)
    auth.login("admin@example.org")
    page = _page(client)
    assert "Opening" in page and "09:30–10:00" in page and "Ana Chair" in page and "Annex" in page

    moved = _kept_then(
        client,
        renders,
        lambda: client.post(
            f"/manage/events/tc/sessions/{opening.id}/move",
            data={"day": "2031-07-13", "start": "11:00", "end": "11:45", "room": str(hall.id)},
        ),
    )
    assert "11:00–11:45" in moved and "09:30–10:00" not in moved

    edited = _kept_then(
        client,
        renders,
        lambda: client.post(
            f"/manage/events/tc/sessions/{opening.id}/edit",
            data=session_form(
                title="Grand opening", start="11:00", end="11:45", room=str(hall.id), chairs="Ana Chair"
            ),
        ),
    )
    assert "Grand opening" in edited and ">Opening<" not in edited

    renamed_room = _kept_then(
        client, renders, lambda: client.post(f"/manage/events/tc/rooms/{hall.id}/edit", data={"name": "Aula"})
    )
    assert "Aula" in renamed_room and "Hall" not in renamed_room

    empty_room = _kept_then(
        client,
        renders,
        lambda: client.post(f"/manage/events/tc/rooms/{annex.id}/edit", data={"name": "Loft"}),
    )
    assert "Loft" in empty_room and "Annex" not in empty_room

    renamed_chair = _kept_then(
        client,
        renders,
        lambda: client.post(
            f"/manage/people/{chair.id}/edit",
            data={"name": "Ana Renamed", "organisation": "0", "country": "ES"},
        ),
    )
    assert "Ana Renamed" in renamed_chair and "Ana Chair" not in renamed_chair


def test_a_new_clash_through_a_speaker_shows_at_once(client, make, auth, renders):
    """Clashes depend on the people of every session: naming a speaker of one session
    in another one at the same time is a change like any other."""
    event, _hall, _annex, _chair, _opening = _world(make)
    make.user("admin@example.org", admin=True)
    auth.login("admin@example.org")
    other = make.session(
        event, title="Parallel", start_at=utc(2031, 7, 13, 7, 30), end_at=utc(2031, 7, 13, 8)
    )
    page = _kept_then(
        client,
        renders,
        lambda: client.post(
            f"/manage/events/tc/sessions/{other.id}/talks/new",
            data={"title": "Second keynote", "summary": "", "speakers": "Bo Speaker"},
        ),
    )
    assert "Bo Speaker is in “Opening” and “Parallel” at the same time." in page


def _token(page: str) -> str:
    form = re.search(r'<form id="tt-form" hidden>(.*?)</form>', page, re.S)
    assert form is not None
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.group(1)).group(1)


def test_each_organiser_gets_their_own_token_and_moves_work(make_app, make, renders):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        event, hall, _annex, _chair, opening = _world(make)
        clients = []
        for email in ("one@example.org", "two@example.org"):
            make.role(make.user(email), RoleName.ORGANISER, event=event)
            client = app.test_client()
            login = client.get("/login").get_data(as_text=True)
            csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
            client.post("/login", data={"email": email, "password": make.PASSWORD, "csrf_token": csrf})
            clients.append(client)
        pages = [_page(c) for c in clients]
        assert len(renders) == 1  # the second organiser was shown the kept day
        tokens = [_token(p) for p in pages]
        assert tokens[0] != tokens[1]
        kept = [value for value in cache_of()._entries.values() if isinstance(value[0], str)]
        assert kept and not any("csrf_token" in value[0] or tokens[0] in value[0] for value in kept)

        def move(client, token: str, start: str):
            return client.post(
                f"/manage/events/tc/sessions/{opening.id}/move",
                data={
                    "day": "2031-07-13",
                    "start": start,
                    "end": "12:30",
                    "room": str(hall.id),
                    "csrf_token": token,
                },
            )

        refused = move(clients[0], tokens[1], "12:00")  # another organiser's token
        assert refused.status_code == 400  # refused before the view (CSRFProtect)
        for client, token, start in zip(clients, tokens, ("11:00", "12:00"), strict=True):
            answer = move(client, token, start)
            assert answer.status_code == 200 and answer.json["saved"] is True
            assert f"{start}–12:30" in _page(client)


def test_each_language_and_day_is_rendered_and_kept_on_its_own(client, make, auth, renders):
    _world(make)
    make.user("admin@example.org", admin=True)
    auth.login("admin@example.org")
    english = _page(client)
    german = _page(client, **{"Accept-Language": "de"})
    assert "Sessions on" in english and "Sessions am" in german and "Sessions on" not in german
    second_day = _page(client, f"{URL}?day=2031-07-14")
    assert "Day two" in second_day and ">Opening<" not in second_day
    assert ">Opening<" in english and "Day two</a>" not in english
    assert len(renders) == 3
    assert _day(_page(client)) == _day(english)
    assert _day(_page(client, **{"Accept-Language": "de"})) == _day(german)
    assert _day(_page(client, f"{URL}?day=2031-07-14")) == _day(second_day)
    assert len(renders) == 3  # each one kept on its own


def test_a_mistyped_day_is_refused_not_kept(client, make, auth, renders):
    _world(make)
    make.user("admin@example.org", admin=True)
    auth.login("admin@example.org")
    assert client.get(f"{URL}?day=2031-13-45").status_code == 400
    assert renders == []
