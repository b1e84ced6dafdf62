"""Attendance figures at scale: 5,000 registrations and 100,000 view counters.

Run: ``.venv/bin/python -m benchmarks.attendance_figures`` (SQLite in a temporary
folder, or ``CONFSITE_DATABASE_URL`` for PostgreSQL — it must be an empty database).
Prints how long the figures, the dashboard, the card and a counted view take.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from statistics import median

import sqlalchemy as sa

from confsite import create_app
from confsite.database import upgrade_database
from confsite.extensions import db
from confsite.models import Event, Registration, Session, User

REGISTRATIONS = 5_000
SESSIONS = 100
DAYS = 999  # event page + 100 sessions over 999 days ~ 100,000 counters
COUNTRIES = ["ES", "IT", "BE", "DE", "FR", "GB", "NL", "PL", "GR", "PT", "AT", "FI", "HU", "IE", "RO", "SE"]


def _timed(label: str, action, repeat: int = 5) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    print(f"{label:<45} median {median(times) * 1000:8.1f} ms  (n={repeat})")


def _populate() -> Event:
    from confsite_plugins.attendance.models import EventPageViews, SessionPageViews

    start = datetime(2021, 7, 13, 7, tzinfo=UTC)
    event = Event(
        slug="bench",
        title="Benchmark conference",
        kind="conference",
        format="online",
        status="published",
        timezone="Europe/Madrid",
        start_at=start,
        end_at=start + timedelta(days=2),
    )
    db.session.add(event)
    db.session.flush()
    db.session.add_all(
        Session(
            event=event,
            title=f"Session {i}",
            start_at=start + timedelta(hours=i),
            end_at=start + timedelta(hours=i, minutes=50),
        )
        for i in range(SESSIONS)
    )
    db.session.flush()
    db.session.execute(
        sa.insert(Registration),
        [
            {
                "event_id": event.id,
                "name": f"Person {i}",
                "email": f"p{i}@example.org",
                "country": COUNTRIES[i % len(COUNTRIES)],
                "sector": "academia",
                "status": "confirmed",
                "created_at": start - timedelta(minutes=13 * i),
                "updated_at": start,
                "confirmed_at": start - timedelta(minutes=13 * i),
            }
            for i in range(REGISTRATIONS)
        ],
    )
    first = date(2019, 1, 1)
    db.session.execute(
        sa.insert(EventPageViews),
        [{"event_id": event.id, "day": first + timedelta(days=d), "views": 3} for d in range(DAYS)],
    )
    session_ids = db.session.scalars(sa.select(Session.id).where(Session.event_id == event.id)).all()
    db.session.execute(
        sa.insert(SessionPageViews),
        [
            {"session_id": s, "event_id": event.id, "day": first + timedelta(days=d), "views": 2}
            for s in session_ids
            for d in range(DAYS)
        ],
    )
    user = User(email="bench@example.org", is_admin=True)
    user.set_password("benchmark password")
    db.session.add(user)
    db.session.commit()
    return event


def main() -> None:
    url = os.environ.get("CONFSITE_DATABASE_URL")
    folder = tempfile.mkdtemp(prefix="confsite-bench-")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{folder}/bench.sqlite3",
            "WTF_CSRF_ENABLED": False,
            "ATTENDANCE_FLUSH_TIMER": False,
        },
        instance_path=folder,
    )
    from confsite_plugins.attendance.counting import flush_views
    from confsite_plugins.attendance.figures import collect_figures

    with app.app_context():
        upgrade_database()
        event = _populate()
        print(f"{REGISTRATIONS} registrations, {(SESSIONS + 1) * DAYS} view counters")
        _timed("collect_figures (one event)", lambda: collect_figures([event]))
        client = app.test_client()
        client.post("/login", data={"email": "bench@example.org", "password": "benchmark password"})
        _timed("dashboard page", lambda: client.get("/manage/events/bench/attendance/"))
        _timed("card as PNG", lambda: client.get("/manage/events/bench/attendance/nutshell.png"))
        anonymous = app.test_client()
        browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}
        _timed("public event page, counted", lambda: anonymous.get("/events/bench/", headers=browser), 20)
        _timed("flush of buffered views", lambda: flush_views(app), 1)


if __name__ == "__main__":
    main()
