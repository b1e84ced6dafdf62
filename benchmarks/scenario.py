"""What ``make bench`` measures: the data it builds, the pages it loads, the rush it fires.

``prepare`` migrates an empty database and fills it (the large event, a bench organiser,
an attendee with a personal feed, a small event with 200 seats); ``targets`` lists the
requests wrk repeats; ``registration_rush`` sends 500 simultaneous registrations for the
200 seats and counts the outcome in the database.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.generate import SLUG as LARGE
from benchmarks.generate import bench_user, generate
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


def prepare(url: str, work_dir: Path) -> dict[str, Any]:
    """Migrate the empty database at ``url`` and build everything the targets need."""
    from confsite import create_app
    from confsite.database import upgrade_database
    from confsite.extensions import db
    from confsite.models import Event, Registration, Session, Star, User
    from confsite.services.personal_feed import regenerate_token

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret",
            "MAIL_BACKEND": "file",
            "ATTENDANCE_FLUSH_TIMER": False,
            "PLUGINS": builtin_plugins(),
        },
        instance_path=work_dir / "instance",
    )
    with app.app_context():
        upgrade_database()
        started = time.perf_counter()
        event = generate()
        print(f"  large event generated in {time.perf_counter() - started:.0f} s", flush=True)
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
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        db.session.add(
            Event(
                slug=SEATS_SLUG,
                title="Benchmark workshop",
                kind="workshop",
                format="in_person",
                status="published",
                timezone="Europe/Madrid",
                start_at=start,
                end_at=start + timedelta(hours=8),
                venue="Room 1",
                capacity=SEATS,
            )
        )
        db.session.commit()
        facts = {
            "large": LARGE,
            "seats": SEATS_SLUG,
            "session_id": session_ids[len(session_ids) // 2],
            "calendar_token": token,
            "admin_email": ADMIN_EMAIL,
            "admin_password": ADMIN_PASSWORD,
        }
        db.engine.dispose()
    return facts


def targets(base_url: str, facts: dict[str, Any]) -> list:  # list[Target]
    """The requests wrk repeats, in order (the registration POST last: it adds rows)."""
    from benchmarks.run import Target

    event = f"/events/{facts['large']}"
    organiser = Browser(base_url)
    organiser.login(facts["admin_email"], facts["admin_password"])
    signed_in = {"Cookie": organiser.cookie_header()}

    first = Browser(base_url).request("GET", f"{event}/calendar.ics")
    etag = first.headers.get("ETag")
    if first.status != 200 or not etag:
        raise RuntimeError(f"the event feed answered {first.status} without an ETag")

    guest = Browser(base_url)
    token = guest.csrf_token(f"{event}/register")
    form = urllib.parse.urlencode({"csrf_token": token, **REGISTRATION_FORM})
    return [
        Target("home", "/", headers=BROWSER),
        Target("agenda (600 sessions)", f"{event}/", headers=BROWSER),
        Target("agenda, uncompressed", f"{event}/", headers=USER_AGENT),
        Target("session page", f"{event}/sessions/{facts['session_id']}", headers=BROWSER),
        Target("event .ics (full)", f"{event}/calendar.ics"),
        Target("event .ics (304 poll)", f"{event}/calendar.ics", headers={"If-None-Match": etag}),
        Target("personal feed", f"/calendar/{facts['calendar_token']}.ics"),
        Target("schedule.xml", f"{event}/schedule.xml"),
        Target("attendance dashboard", f"/manage{event}/attendance/", headers=signed_in),
        Target("report HTML preview", f"/manage{event}/reports/preview", headers=signed_in),
        Target(
            "registration POST",
            f"{event}/register",
            method="POST",
            body=form,
            headers={
                "Cookie": guest.cookie_header(),
                **BROWSER,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        ),
    ]


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
