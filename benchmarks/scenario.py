"""What ``make bench`` measures: the data it builds, the pages it loads, the rush it fires.

``prepare`` migrates an empty database and fills it (the large event and, for the size
sweep, its 60- and 6,000-session siblings; a bench organiser, an attendee with a
personal feed, a small event with 200 seats); ``targets`` lists the requests wrk repeats
on the large event; ``sweep_targets`` the pages compared across sizes;
``registration_rush`` sends 500 simultaneous registrations for the 200 seats and counts
the outcome in the database.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.generate import SERIES_SLUG, SIZES, bench_user, generate
from benchmarks.http import Browser

SEATS_SLUG = "bench-seats"
SEATS = 200
RUSH = 500
ADMIN_EMAIL, ADMIN_PASSWORD = "bench@example.org", "bench-password-1"
STARS = 20
# Real visitors' pages are counted by the attendance plugin; robots' are not.
# wrk sends no User-Agent, so the public pages are loaded as a browser would load them,
# compression accepted included (every browser sends this header).
USER_AGENT = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}
BROWSER = {**USER_AGENT, "Accept-Encoding": "gzip, deflate, br, zstd"}
# What calendar apps send for a feed: the full .ics is measured both so and plain.
GZIP = {"Accept-Encoding": "gzip"}
# wrk_report.lua replaces this marker in a form body with a number unique to each request.
UNIQUE = "NNN"
# The registration form wrk posts to the large event, a new address each time. The event
# is hybrid, so the attendance plugin asks how one attends: without that answer every
# POST was a form error (a 200 that measured the error page, not a registration).
REGISTRATION_FORM = {
    "name": "Load Test",
    "email": f"load-{UNIQUE}@bench.example.org",
    "organisation": "Bench",
    "country": "ES",
    "sector": "academia",
    "q__attendance__mode": "online",
    "consent": "y",
}


def builtin_plugins() -> str:
    """The plugins shipped with confsite (comma-separated), so that the benchmark serves
    what a fresh clone serves even where other plugins are installed (the test one)."""
    import pkgutil

    import confsite_plugins

    return ",".join(sorted(m.name for m in pkgutil.iter_modules(confsite_plugins.__path__) if m.ispkg))


def prepare(url: str, work_dir: Path, sizes: tuple[int, ...] = (600,)) -> dict[str, Any]:
    """Migrate the empty database at ``url`` and build everything the targets need: the
    events of ``sizes`` (numbers of sessions; 600 is the large event of the targets)."""
    from confsite import create_app
    from confsite.database import upgrade_database
    from confsite.extensions import db
    from confsite.models import Registration, Session, Star, User
    from confsite.services.personal_feed import regenerate_token

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret",
            "BASE_URL": "http://localhost",  # required outside debug and testing
            "MAIL_BACKEND": "file",
            "ATTENDANCE_FLUSH_TIMER": False,
            "PLUGINS": builtin_plugins(),
        },
        instance_path=work_dir / "instance",
    )
    with app.app_context():
        upgrade_database()
        events = {}
        for size in sorted({600, *sizes}):
            started = time.perf_counter()
            events[size] = generate(size=SIZES[size])
            print(
                f"  event of {size} sessions generated in {time.perf_counter() - started:.0f} s", flush=True
            )
        event = events[600]
        bench_user(ADMIN_EMAIL, ADMIN_PASSWORD)

        # An attendee of the large event (one of its 5,000 registrations) who starred
        # a few sessions and subscribed to their personal feed.
        first = db.session.scalar(
            sa.select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)
        )
        attendee = User(email=first.email, display_name=first.name)
        attendee.set_password("attendee-password-1")
        db.session.add(attendee)
        db.session.flush()
        first.user_id = attendee.id
        session_ids = db.session.scalars(
            sa.select(Session.id).where(Session.event_id == event.id).order_by(Session.start_at, Session.id)
        ).all()
        db.session.add_all(Star(user_id=attendee.id, session_id=sid) for sid in session_ids[::30][:STARS])
        token = regenerate_token(attendee)

        # The small event of the registration rush: 200 seats, registration open.
        db.session.add(workshop(SEATS_SLUG, "Benchmark workshop", SEATS))
        db.session.commit()
        facts = {
            "large": event.slug,
            "series": SERIES_SLUG,
            "seats": SEATS_SLUG,
            "sizes": {str(size): _event_facts(found) for size, found in events.items()},
            "session_id": session_ids[len(session_ids) // 2],
            "calendar_token": token,
            "admin_email": ADMIN_EMAIL,
            "admin_password": ADMIN_PASSWORD,
        }
        db.engine.dispose()
    return facts


def workshop(slug: str, title: str, capacity: int | None) -> Any:  # Event
    """A published one-day workshop a month ahead, registration open: the small events
    of the registration rush and of the cluster's checks."""
    from confsite.models import Event

    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    return Event(
        slug=slug,
        title=title,
        kind="workshop",
        format="in_person",
        status="published",
        timezone="Europe/Madrid",
        start_at=start,
        end_at=start + timedelta(hours=8),
        venue="Room 1",
        capacity=capacity,
    )


def _event_facts(event: Any) -> dict[str, Any]:
    """The slug of a generated event and the ids of the pages of it that are loaded:
    its middle session, and a speaker of it."""
    from confsite.extensions import db
    from confsite.models import Session, Talk, TalkSpeaker

    session_ids = db.session.scalars(
        sa.select(Session.id).where(Session.event_id == event.id).order_by(Session.start_at, Session.id)
    ).all()
    middle = session_ids[len(session_ids) // 2]
    speaker = db.session.scalar(
        sa.select(TalkSpeaker.person_id).join(Talk).where(Talk.session_id == middle).limit(1)
    )
    return {"slug": event.slug, "session_id": middle, "speaker_id": speaker, "sessions": len(session_ids)}


def _registration_form(base_url: str, slug: str) -> tuple[str, dict[str, str]]:
    """A guest's registration form for ``slug`` (its own session cookie and CSRF token),
    with a new e-mail address in each request."""
    guest = Browser(base_url)
    token = guest.csrf_token(f"/events/{slug}/register")
    form = urllib.parse.urlencode({"csrf_token": token, **REGISTRATION_FORM})
    headers = {
        "Cookie": guest.cookie_header(),
        **BROWSER,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return form, headers


# The morning registration opens: guests register at this rate while others read the
# agenda (each registration takes a seat of the event whose pages are read).
RUSH_PER_SECOND = 20


@contextmanager
def registrations_meanwhile(base_url: str, slug: str, per_second: float = RUSH_PER_SECOND) -> Iterator[None]:
    """Guests registering for ``slug`` at ``per_second`` (each a new address, through
    the real form) while the block runs."""
    form, headers = _registration_form(base_url, slug)
    host, port = urllib.parse.urlsplit(base_url).netloc.split(":")
    stop = threading.Event()
    refused: list[int] = []

    def post() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        due, n = time.monotonic(), 0
        while not stop.wait(max(due - time.monotonic(), 0)):
            n += 1
            body = form.replace(UNIQUE, f"meanwhile-{time.time_ns()}-{n}")
            connection.request("POST", f"/events/{slug}/register", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 302:
                refused.append(response.status)
            due += 1 / per_second

    thread = threading.Thread(target=post, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=60)
    if refused:
        raise RuntimeError(f"registrations during the load were refused: {Counter(refused)}")


def _etag(base_url: str, path: str) -> str:
    first = Browser(base_url).request("GET", path)
    etag = first.headers.get("ETag")
    if first.status != 200 or not etag:
        raise RuntimeError(f"{path} answered {first.status} without an ETag")
    return etag


# Organiser pages are loaded by a few people at once, not by a crowd: the goal is their
# p95 at 8 connections (issue #24).
ORGANISER_CONNECTIONS = 8


def targets(base_url: str, facts: dict[str, Any]) -> list:  # list[Target]
    """The requests wrk repeats on the large event, in order (the two that register
    people last: they add rows)."""
    from benchmarks.run import Target

    large = facts["sizes"]["600"]
    event = f"/events/{large['slug']}"
    manage = f"/manage{event}"
    organiser = Browser(base_url)
    organiser.login(facts["admin_email"], facts["admin_password"])
    signed_in = {"Cookie": organiser.cookie_header()}
    etag = _etag(base_url, f"{event}/calendar.ics")
    form, form_headers = _registration_form(base_url, large["slug"])

    def organiser_page(name: str, path: str) -> Target:
        return Target(name, path, headers=signed_in, connections=ORGANISER_CONNECTIONS)

    return [
        Target("home", "/", headers=BROWSER),
        # No goal: the cheapest page of the site (the layout and a form, no query), the
        # floor under what any page built on request can reach.
        Target("sign-in form (no query)", "/login", headers=BROWSER),
        Target("agenda (600 sessions)", f"{event}/", headers=BROWSER),
        Target("agenda, uncompressed", f"{event}/", headers=USER_AGENT),
        Target("session page", f"{event}/sessions/{large['session_id']}", headers=BROWSER),
        Target("speaker page", f"{event}/speakers/{large['speaker_id']}", headers=BROWSER),
        Target("speakers list", f"{event}/speakers/", headers=BROWSER),
        Target("series page", f"/series/{facts['series']}/", headers=BROWSER),
        Target("event .ics (full)", f"{event}/calendar.ics"),
        # As calendar apps fetch it (the plain target above is kept: wrk asks for no encoding).
        Target("event .ics (full, gzip)", f"{event}/calendar.ics", headers=GZIP),
        Target("event .ics (304 poll)", f"{event}/calendar.ics", headers={"If-None-Match": etag}),
        Target("personal feed", f"/calendar/{facts['calendar_token']}.ics"),
        Target("schedule.xml", f"{event}/schedule.xml"),
        Target("schedule.json", f"{event}/schedule.json"),
        organiser_page("event dashboard", f"{manage}/"),
        organiser_page("registrations list", f"{manage}/registrations/"),
        organiser_page("registrations search", f"{manage}/registrations/?q=Attendee+4217"),
        organiser_page("check-in search", f"{manage}/checkin?q=attendee1"),
        organiser_page("timetable", f"{manage}/timetable"),
        organiser_page("attendance dashboard", f"{manage}/attendance/"),
        organiser_page("change log", f"{manage}/changes"),
        organiser_page("report HTML preview", f"{manage}/reports/preview"),
        # Last, as they add registrations: every target before sees the 5,000 of the data.
        Target(
            f"agenda, registrations meanwhile ({RUSH_PER_SECOND}/s)",
            f"{event}/",
            headers=BROWSER,
            meanwhile=lambda: registrations_meanwhile(base_url, large["slug"]),
            # 20 registrations a second keep about a fifth of a core busy.
            meanwhile_cores=0.5,
        ),
        Target("registration POST", f"{event}/register", method="POST", body=form, headers=form_headers),
    ]


def sweep_targets(base_url: str, facts: dict[str, Any], size: int) -> list:  # list[Target]
    """The public pages of the event of ``size`` sessions and its registration: what
    the size sweep compares (the registration POST last: it adds rows)."""
    from benchmarks.run import Target

    sized = facts["sizes"][str(size)]
    event = f"/events/{sized['slug']}"
    etag = _etag(base_url, f"{event}/calendar.ics")
    form, form_headers = _registration_form(base_url, sized["slug"])
    paths = {
        "agenda": (f"{event}/", BROWSER),
        "session page": (f"{event}/sessions/{sized['session_id']}", BROWSER),
        "speaker page": (f"{event}/speakers/{sized['speaker_id']}", BROWSER),
        "speakers list": (f"{event}/speakers/", BROWSER),
        "event .ics (full)": (f"{event}/calendar.ics", {}),
        "event .ics (full, gzip)": (f"{event}/calendar.ics", GZIP),
        "event .ics (304 poll)": (f"{event}/calendar.ics", {"If-None-Match": etag}),
        "schedule.xml": (f"{event}/schedule.xml", {}),
        "schedule.json": (f"{event}/schedule.json", {}),
    }
    found = [
        Target(f"{page} [{size}]", path, headers=headers, size=size)
        for page, (path, headers) in paths.items()
    ]
    found.append(
        Target(
            f"registration POST [{size}]",
            f"{event}/register",
            method="POST",
            body=form,
            headers=form_headers,
            size=size,
        )
    )
    return found


def registration_rush(base_url: str, db_url: str, facts: dict[str, Any]) -> dict[str, Any]:
    """500 people submit the real registration form for 200 seats at the same instant.

    Each has their own session cookie and CSRF token (fetched first); a barrier releases
    every POST together. The outcome is then counted in the database.
    """
    path = f"/events/{facts['seats']}/register"
    ready = threading.Barrier(RUSH, timeout=300)

    def one(index: int) -> int:
        browser = Browser(base_url)
        token = browser.csrf_token(path)
        ready.wait()
        return browser.request(
            "POST",
            path,
            {
                "csrf_token": token,
                "name": f"Rush {index}",
                "email": f"rush{index}@bench.example.org",
                "organisation": "Bench",
                "country": "IT",
                "sector": "industry",
                "consent": "y",
            },
        ).status

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=RUSH) as pool:
        statuses = Counter(pool.map(one, range(RUSH)))
    seconds = time.perf_counter() - started
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        event_id, confirmed_count = conn.execute(
            sa.text("SELECT id, confirmed_count FROM events WHERE slug = :slug"), {"slug": facts["seats"]}
        ).one()
        by_status = dict(
            conn.execute(
                sa.text("SELECT status, count(*) FROM registrations WHERE event_id = :id GROUP BY status"),
                {"id": event_id},
            ).all()
        )
    engine.dispose()
    result = {
        "posts": RUSH,
        "seats": SEATS,
        "confirmed": by_status.get("confirmed", 0),
        "waitlisted": by_status.get("waitlisted", 0),
        "other_rows": {k: v for k, v in by_status.items() if k not in ("confirmed", "waitlisted")},
        "seat_counter": confirmed_count,
        "http_statuses": {str(k): v for k, v in sorted(statuses.items())},
        "http_5xx": sum(n for status, n in statuses.items() if status >= 500),
        "seconds": round(seconds, 1),
    }
    result["ok"] = (
        result["confirmed"] == SEATS
        and result["waitlisted"] == RUSH - SEATS
        and result["http_5xx"] == 0
        and not result["other_rows"]
        and confirmed_count == SEATS
    )
    return result
