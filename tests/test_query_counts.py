"""Every page the benchmark loads runs the same number of SQL queries for a small event
(5 sessions) as for a larger one (60 sessions, more talks, speakers, registrations and
view counters): no query per session, talk, speaker or registration (no N+1).

The render cache and the page cache are switched off here, so each page is really
built from the database.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from confsite_plugins.attendance.models import EventPageViews, SessionPageViews

from confsite.extensions import db
from confsite.models import (
    Organisation,
    OutboxMessage,
    Person,
    Registration,
    RegistrationStatus,
    Room,
    Session,
    SessionChange,
    Star,
    Talk,
    TalkSpeaker,
)
from confsite.services.personal_feed import regenerate_token
from confsite.testing import count_queries
from tests import factories

SMALL, LARGE = 5, 60


def build_event(slug: str, size: int) -> dict:
    """A published event of ``size`` sessions, each with a chair and two talks by
    different speakers, ``size`` registrations, view counters; an attendee registered
    to it with a personal feed and a few stars."""
    event = factories.event(
        slug=slug,
        title=f"Event of {size}",
        capacity=10 * size,
        format="hybrid",
        venue="Centre",
        online_url="https://stream.example.org/x",
        series=factories.series(slug=f"{slug}-series"),
    )
    rooms = [Room(event=event, name=f"Room {i}", position=i) for i in range(max(2, size // 10))]
    orgs = [Organisation(name=f"{slug} org {i}", country="ES") for i in range(max(2, size // 5))]
    people = [Person(name=f"{slug} person {i}", organisation=orgs[i % len(orgs)]) for i in range(2 * size)]
    db.session.add_all(rooms + orgs + people)
    for i in range(size):
        start = event.start_at + timedelta(hours=i % 8, days=i // 8 % 2)
        session = Session(
            event=event,
            title=f"Session {i}",
            start_at=start,
            end_at=start + timedelta(minutes=50),
            room=rooms[i % len(rooms)],
            chairs=[people[(i + 1) % len(people)]],
        )
        for j in range(2):
            talk = Talk(session=session, title=f"Talk {i}.{j}", position=j)
            talk.speaker_links = [TalkSpeaker(person=people[(2 * i + j) % len(people)], position=0)]
            db.session.add(talk)
        db.session.add(session)
    db.session.flush()
    for i in range(size):
        db.session.add(
            Registration(
                event_id=event.id,
                name=f"Guest {i}",
                email=f"{slug}{i}@example.org",
                country=["ES", "IT", "DE"][i % 3],
                sector="academia",
                status=RegistrationStatus.CONFIRMED,
                confirmed_at=event.start_at,
            )
        )
    event.confirmed_count = size
    session_ids = db.session.scalars(sa.select(Session.id).where(Session.event_id == event.id)).all()
    first_day = event.start_at.date() - timedelta(days=size)
    db.session.add_all(
        EventPageViews(event_id=event.id, day=first_day + timedelta(days=d), views=3) for d in range(size)
    )
    db.session.add_all(
        SessionPageViews(session_id=sid, event_id=event.id, day=first_day + timedelta(days=d), views=2)
        for sid in session_ids
        for d in range(3)
    )
    db.session.add_all(  # the change log: one title change per session
        SessionChange(event_id=event.id, session_id=sid, session_uid=f"{slug}-{sid}", field="title")
        for sid in session_ids
    )
    attendee = factories.user(f"attendee-{slug}@example.org")
    db.session.add(
        Registration(
            event_id=event.id,
            user_id=attendee.id,
            name="Attendee",
            email=attendee.email,
            status=RegistrationStatus.CONFIRMED,
            confirmed_at=event.start_at,
        )
    )
    db.session.add_all(Star(user_id=attendee.id, session_id=sid) for sid in session_ids[: max(2, size // 4)])
    token = regenerate_token(attendee)
    db.session.commit()
    return {
        "slug": slug,
        "session_id": session_ids[len(session_ids) // 2],
        "token": token,
        "person_id": people[0].id,  # a speaker (of the first talk)
        "series": f"{slug}-series",
    }


@pytest.fixture
def events(make_app):
    app = make_app(RENDER_CACHE_BYTES=0, PUBLIC_PAGE_CACHE_SECONDS=0)
    with app.app_context():
        small, large = build_event("small", SMALL), build_event("large", LARGE)
        factories.user("admin@example.org", admin=True)
        yield app, small, large
        db.session.remove()


def _queries(
    app,
    path: str,
    *,
    method: str = "GET",
    login: bool = False,
    headers: dict | None = None,
    data: dict | None = None,
    status: int = 200,
) -> int:
    client = app.test_client()
    if login:
        client.post("/login", data={"email": "admin@example.org", "password": factories.PASSWORD})
    with count_queries(forget_event_memory=True) as statements:
        response = client.open(path, method=method, headers=headers or {}, data=data)
    assert response.status_code == status, (path, response.status_code)
    db.session.remove()
    return len(statements)


PAGES = {
    "agenda": lambda e: ("/events/{slug}/", {}),
    "session page": lambda e: ("/events/{slug}/sessions/{session_id}", {}),
    "event .ics": lambda e: ("/events/{slug}/calendar.ics", {}),
    "personal feed": lambda e: ("/calendar/{token}.ics", {}),
    "schedule.xml": lambda e: ("/events/{slug}/schedule.xml", {}),
    "schedule.json": lambda e: ("/events/{slug}/schedule.json", {}),
    "speaker page": lambda e: ("/events/{slug}/speakers/{person_id}", {}),
    "speakers list": lambda e: ("/events/{slug}/speakers/", {}),
    "series page": lambda e: ("/series/{series}/", {}),
    "attendance dashboard": lambda e: ("/manage/events/{slug}/attendance/", {"login": True}),
    "event dashboard": lambda e: ("/manage/events/{slug}/", {"login": True}),
    "registrations list": lambda e: ("/manage/events/{slug}/registrations/", {"login": True}),
    "registrations, page 2": lambda e: ("/manage/events/{slug}/registrations/?page=2", {"login": True}),
    "registrations search": lambda e: ("/manage/events/{slug}/registrations/?q=Guest+1", {"login": True}),
    "check-in search": lambda e: ("/manage/events/{slug}/checkin?q=guest", {"login": True}),
    "timetable": lambda e: ("/manage/events/{slug}/timetable", {"login": True}),
    "change log": lambda e: ("/manage/events/{slug}/changes", {"login": True}),
    "report HTML preview": lambda e: ("/manage/events/{slug}/reports/preview", {"login": True}),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_queries_do_not_grow_with_the_event(events, page):
    app, small, large = events
    counts = []
    for facts in (small, large):
        template, options = PAGES[page](facts)
        counts.append(_queries(app, template.format(**facts), **options))
    assert counts[0] == counts[1], (
        f"{page}: {counts[0]} queries for {SMALL} sessions, {counts[1]} for {LARGE}"
    )


def test_feed_poll_answered_304_with_the_same_queries(events):
    app, small, large = events
    counts = []
    for facts in (small, large):
        path = f"/events/{facts['slug']}/calendar.ics"
        etag = app.test_client().get(path).headers["ETag"]
        counts.append(_queries(app, path, headers={"If-None-Match": etag}, status=304))
    # Answered by confsite.caching.feed_polls from the event row alone: read once on
    # SQLite; on PostgreSQL none once the worker listens for changes and holds the row
    # (the listener starts with the first request, so the first poll may still read it).
    assert max(counts) <= 1


def test_registration_post_queries_do_not_grow_with_the_event(events):
    app, small, large = events
    counts = []
    for facts in (small, large):
        form = {
            "name": "New Person",
            "email": f"new-{facts['slug']}@example.org",
            "organisation": "",
            "country": "ES",
            "sector": "academia",
            "q__attendance__mode": "online",  # the attendance plugin asks it of hybrid events
            "consent": "y",
        }
        counts.append(
            _queries(app, f"/events/{facts['slug']}/register", method="POST", data=form, status=302)
        )
        registration = db.session.scalar(sa.select(Registration).where(Registration.email == form["email"]))
        assert registration.status == RegistrationStatus.CONFIRMED
    assert counts[0] == counts[1]


# A guest's registration POST: the event, the plugins enabled on it and the attendance
# question's settings (on PostgreSQL both from the worker's memory once kept), the
# same address already registered?, the head of the waiting list, the registration and
# its answer, then the seat (one conditional UPDATE, last). Nothing is re-read after the
# commit for the redirect, and the plugin hook before any write needs no savepoint. The
# e-mail, its .ics and the plugins' notice are jobs: none of their queries happen here.
REGISTRATION_POST_QUERIES = 8


def test_registration_post_runs_a_fixed_small_number_of_queries(events):
    app, _small, large = events
    form = {
        "name": "Counted Person",
        "email": "counted@example.org",
        "organisation": "",
        "country": "ES",
        "sector": "academia",
        "q__attendance__mode": "online",
        "consent": "y",
    }
    count = _queries(app, f"/events/{large['slug']}/register", method="POST", data=form, status=302)
    assert count <= REGISTRATION_POST_QUERIES, count
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0  # left to the job


def test_home_queries_do_not_grow_with_the_number_of_events(events):
    app, _small, _large = events
    series = factories.series()
    factories.event(title="In a series", series=series)
    before = _queries(app, "/")
    for i in range(12):
        factories.event(title=f"More {i}", series=series if i % 2 else None)
    db.session.remove()
    assert _queries(app, "/") == before


def test_the_large_event_really_is_larger(events):
    """The comparison means something only if the pages show more for the larger event."""
    app, small, large = events
    client = app.test_client()
    small_ics = client.get(f"/events/{small['slug']}/calendar.ics").get_data(as_text=True)
    large_ics = client.get(f"/events/{large['slug']}/calendar.ics").get_data(as_text=True)
    assert small_ics.count("BEGIN:VEVENT") == SMALL and large_ics.count("BEGIN:VEVENT") == LARGE
    agenda = client.get(f"/events/{large['slug']}/").get_data(as_text=True)
    assert agenda.count('<article class="session') == LARGE


# -- Pages that show a fixed amount, whatever the size of the event ----------------------
#
# With the anonymous page cache off (the uncached render cost): a session page and a
# speaker page run the same queries for an event of 5 sessions as for one of 300, and so
# do the agenda and the plugins' panels on all three (take-home messages on every
# session, matchmaking profiles of many participants, a published report). Measured on
# the first visit (the render cache builds the page's fragments) and on the next one
# (only the rows and panels are read), and with the render cache off.

MUCH_LARGER = 300


def add_plugin_content(facts: dict, size: int) -> None:
    """What the plugins' panels show, in proportion to the event: a published take-home
    message on every session and talk, a published outcome, ``size`` matchmaking
    profiles and a meeting slot, a published report version."""
    from confsite_plugins.calls.models import MeetingSlot, Profile
    from confsite_plugins.reports.models import PublishedReport
    from confsite_plugins.take_home.models import MessageStatus, TakeHomeMessage, TakeHomeOutcome

    from confsite.models import Event, User, utcnow

    event = db.session.scalar(sa.select(Event).where(Event.slug == facts["slug"]))
    talks = db.session.scalars(sa.select(Talk).join(Session).where(Session.event_id == event.id)).all()
    for talk in talks:
        for talk_id in (None, talk.id):
            db.session.add(
                TakeHomeMessage(
                    event_id=event.id,
                    session_id=talk.session_id,
                    talk_id=talk_id,
                    body=f"Message on {talk.title}",
                    status=MessageStatus.PUBLISHED,
                    published_at=utcnow(),
                    idempotency_key=f"{facts['slug']}-{talk.id}-{talk_id}",
                )
            )
    db.session.add(
        TakeHomeOutcome(event_id=event.id, text="Outcomes", key_points=[], status=MessageStatus.PUBLISHED)
    )
    users = [User(email=f"match{i}-{facts['slug']}@example.org", display_name=f"M {i}") for i in range(size)]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(Profile(event_id=event.id, user_id=u.id, display_name=u.display_name) for u in users)
    db.session.add(
        MeetingSlot(event_id=event.id, start_at=event.start_at, end_at=event.end_at, location="T1")
    )
    db.session.add(
        PublishedReport(event_id=event.id, version=1, title="Report", sections=[], html="<p>x</p>" * size)
    )
    db.session.commit()


def speaker_of(session_id: int) -> int:
    return db.session.scalar(
        sa.select(TalkSpeaker.person_id).join(Talk).where(Talk.session_id == session_id).limit(1)
    )


@pytest.fixture(params=[False, True], ids=["render cache off", "render cache on"])
def sized_events(make_app, request):
    app = make_app(RENDER_CACHE_BYTES=(32 << 20) if request.param else 0, PUBLIC_PAGE_CACHE_SECONDS=0)
    with app.app_context():
        small, large = build_event("small", SMALL), build_event("huge", MUCH_LARGER)
        for facts, size in ((small, SMALL), (large, MUCH_LARGER)):
            add_plugin_content(facts, size)
            facts["person_id"] = speaker_of(facts["session_id"])
        db.session.remove()
        yield app, small, large


FIXED_PAGES = {  # (the agenda is not fixed: its count is bounded)
    "session page": "/events/{slug}/sessions/{session_id}",
    "speaker page": "/events/{slug}/speakers/{person_id}",
    "agenda": "/events/{slug}/",
}


def _first_and_next_visit(app, page: str, events: tuple[dict, dict]) -> tuple[list[int], list[int]]:
    first, again = [], []
    for facts in events:
        path = FIXED_PAGES[page].format(**facts)
        first.append(_queries(app, path))
        again.append(_queries(app, path))
    return first, again


@pytest.mark.parametrize("page", ["session page", "speaker page"])
def test_fixed_pages_run_the_same_queries_for_a_much_larger_event(sized_events, page):
    app, small, large = sized_events
    first, again = _first_and_next_visit(app, page, (small, large))
    sizes = f"for {SMALL} and {MUCH_LARGER} sessions"
    assert first[0] == first[1], f"{page}, first visit: {first} queries {sizes}"
    assert again[0] == again[1], f"{page}, next visit: {again} queries {sizes}"
    if app.config["RENDER_CACHE_BYTES"]:
        # The render cache keeps what the page shows of the programme: a visit reads rows.
        assert again[0] < first[0]


def test_agenda_queries_are_bounded_for_a_much_larger_event(sized_events):
    """The agenda shows every session (and the take-home panel every message), so its
    eager loads fetch more rows, in batches of 500 keys (selectinload), and its sessions
    are read ``BATCH_SESSIONS`` at a time: a few more queries per batch for 300
    sessions, 600 talks and 900 messages, never one per session."""
    from confsite.services.session_reader import BATCH_SESSIONS

    app, small, large = sized_events
    first, again = _first_and_next_visit(app, "agenda", (small, large))
    bound = MUCH_LARGER // 50 * -(-MUCH_LARGER // BATCH_SESSIONS)  # 6 a batch of sessions
    assert first[1] - first[0] <= bound, (first, again)
    assert again[1] - again[0] <= bound, (first, again)
    if app.config["RENDER_CACHE_BYTES"]:
        assert again[0] < first[0]


def test_the_panels_really_show_the_plugin_content(sized_events):
    """The counts above mean something only if the panels do show that content."""
    app, _small, large = sized_events
    client = app.test_client()
    session_page = client.get(FIXED_PAGES["session page"].format(**large)).get_data(as_text=True)
    assert "Message on Talk" in session_page
    speaker_page = client.get(FIXED_PAGES["speaker page"].format(**large)).get_data(as_text=True)
    assert "Message on Talk" in speaker_page
    agenda = client.get(FIXED_PAGES["agenda"].format(**large)).get_data(as_text=True)
    assert agenda.count('<article class="session') == MUCH_LARGER
    assert agenda.count("Message on Talk") >= 2 * MUCH_LARGER  # every talk's, in the take-home panel
    assert "Matchmaking" in agenda and "Report" in agenda
