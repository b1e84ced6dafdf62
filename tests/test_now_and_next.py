"""The day-of-event page: what is on now and next in each room, and the event page
once the event has started or ended."""

from __future__ import annotations

from datetime import timedelta

from confsite.models import SessionKind, SessionStatus, utcnow


def _running_event(make, **kw):
    now = utcnow().replace(second=0, microsecond=0)
    start, end = now - timedelta(hours=2), now + timedelta(hours=6)
    return make.event(slug="today", start_at=start, end_at=end, **kw), now


def test_now_and_next_lists_each_room_with_its_current_and_next_session(client, make):
    event, now = _running_event(make)
    hall, lab = make.room(event, "Main hall"), make.room(event, "Łódź lab")

    def held(room, title, minutes_from, minutes_to, **kw):
        start, end = now + timedelta(minutes=minutes_from), now + timedelta(minutes=minutes_to)
        make.session(event, room=room, title=title, start_at=start, end_at=end, **kw)

    held(hall, "Finished opening", -120, -60)
    held(hall, "Genomics panel", -30, 30, chairs=[make.person(name="Žiga Novak")])
    held(hall, "Data sharing talks", 30, 60)
    held(hall, "Closing remarks", 120, 180)
    held(lab, "Cancelled visit", -10, 50, status=SessionStatus.CANCELLED)
    held(lab, "Co-creation lab", 60, 120)

    page = client.get("/events/today/now")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    hall_row = html[html.index("Main hall") : html.index("Łódź lab")]
    assert "Genomics panel" in hall_row and "Žiga Novak" in hall_row and "Data sharing talks" in hall_row
    assert "Finished opening" not in html and "Closing remarks" not in html  # past, and not next
    lab_row = html[html.index("Łódź lab") :]
    assert "Cancelled visit" not in lab_row and "Nothing on" in lab_row and "Co-creation lab" in lab_row
    assert "now-next.js" in html  # updates itself every minute


def test_the_event_page_links_now_and_next_only_while_the_event_is_on(client, make):
    _running_event(make)
    assert "/events/today/now" in client.get("/events/today/").get_data(as_text=True)
    make.event(slug="later")  # a month ahead
    assert "/events/later/now" not in client.get("/events/later/").get_data(as_text=True)


def test_an_ended_event_says_so_and_shows_no_places_left(client, make):
    now = utcnow()
    make.event(slug="done", capacity=40, start_at=now - timedelta(days=2), end_at=now - timedelta(days=1))
    assert "This event is over." in client.get("/events/done/now").get_data(as_text=True)
    event_page = client.get("/events/done/").get_data(as_text=True)
    assert "places left" not in event_page and 'class="capacity"' not in event_page
    make.event(slug="ahead", capacity=40)
    assert "40 of 40 places left" in client.get("/events/ahead/").get_data(as_text=True)


def test_a_confirmed_registrant_gets_the_join_link_and_others_do_not(client, make, auth):
    event, _now = _running_event(make, online_url="https://meet.example.org/ka4")
    user = make.user("ángel@example.org")
    make.registration(event, user=user)
    assert "https://meet.example.org/ka4" not in client.get("/events/today/now").get_data(as_text=True)
    auth.login("ángel@example.org")
    assert "https://meet.example.org/ka4" in client.get("/events/today/now").get_data(as_text=True)


def test_breaks_are_lines_in_the_agenda_not_pages(client, make):
    event = make.event(slug="brk")
    coffee = make.session(event, title="Coffee and networking", kind=SessionKind.BREAK)
    talks = make.session(event, title="Morning talks", start_at=event.start_at + timedelta(hours=3))
    html = client.get("/events/brk/").get_data(as_text=True)
    assert "Coffee and networking" in html
    assert f"/events/brk/sessions/{coffee.id}" not in html
    assert f"/events/brk/sessions/{talks.id}" in html


def test_now_and_next_of_an_unknown_or_draft_event_is_404(client, make):
    make.event(slug="hidden", status="draft")
    assert client.get("/events/nope/now").status_code == 404
    assert client.get("/events/hidden/now").status_code == 404


def test_the_grid_shows_parallel_sessions_side_by_side_by_room(client, make):
    event = make.event(slug="tracks")
    hall, lab = make.room(event, "Main hall"), make.room(event, "Øresund room")
    start = event.start_at
    keynote = make.session(
        event, room=hall, title="Keynote", start_at=start, end_at=start + timedelta(hours=2)
    )
    parallel = make.session(
        event,
        room=lab,
        title="Parallel lab",
        start_at=start + timedelta(hours=1),
        end_at=start + timedelta(hours=2),
    )
    clash = make.session(
        event,
        room=lab,
        title="Double-booked",
        start_at=start + timedelta(hours=1),
        end_at=start + timedelta(hours=2),
    )
    html = client.get("/events/tracks/?view=grid").get_data(as_text=True)
    table = html[html.index("<table") : html.index("</table>")]
    assert '<th scope="col">Main hall</th>' in table and '<th scope="col">Øresund room</th>' in table
    # three boundaries make two rows: the keynote spans both, the lab session the second
    assert table.count("<tr>") == 3 and 'rowspan="2"' in table
    assert f"/sessions/{keynote.id}" in table and f"/sessions/{parallel.id}" in table
    assert f"/sessions/{clash.id}" not in table and f"/sessions/{clash.id}" in html  # listed, not lost
    listing = client.get("/events/tracks/").get_data(as_text=True)
    assert "<table" not in listing and "?view=grid" in listing


def test_an_unknown_layout_is_refused_with_a_reason(client, make):
    make.event(slug="tracks")
    response = client.get("/events/tracks/?view=cards")
    assert response.status_code == 400 and "list or as a grid" in response.get_data(as_text=True)
