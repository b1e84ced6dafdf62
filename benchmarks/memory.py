"""Memory of one web worker, page by page (issue #24: peak RSS per worker under 150 MB
with all plugins loaded on the 6,000-session event).

    .venv/bin/python -m benchmarks.memory [--url URL] [--event bench-6000] [--repeat 2]

Each page runs in a fresh process (as a freshly started worker would serve it): the
process builds the app with every built-in plugin, the public page cache and the render
cache off (so the page is really rendered each time), then loads the page ``--repeat``
times through the test client. Printed per page: its status, the RSS right after
``create_app`` and the peak RSS of the process (``VmHWM`` in ``/proc/self/status``).

``--url`` defaults to the PostgreSQL database of the last ``make bench``; any database
``benchmarks.scenario.prepare(url, WORK, (60, 600, 6000))`` built will do. It is only
read, except by the registration POST, which adds one registration per load (as the
bench's own registration target does). Not part of the test suite: figures, no goals.
A worker of the size sweep serves every page in turn with the render cache on:
``benchmarks.sweep_memory`` measures that.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

PAGES = (
    "home",
    "agenda",
    "session page",
    "speakers list",
    "speaker page",
    "event .ics",
    "schedule.xml",
    "schedule.json",
    "personal feed",
    "registration POST",
)
BROWSER = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Accept-Encoding": "gzip, deflate, br, zstd",
}


def status_mb(*keys: str) -> dict[str, float]:
    """Fields of ``/proc/self/status`` (kB there) in MB."""
    found = {}
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in keys:
                found[name] = int(value.split()[0]) / 1024
    return found


def default_url() -> str:
    from benchmarks.run import PG_ADMIN_URL, PG_DB

    return f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{PG_DB}"


def page_paths(url: str, slug: str) -> dict[str, str]:
    """The path of each page of the event ``slug``: its middle session, a speaker of
    that session and the personal feed of the bench's attendee (plain SQL: this process
    is not measured, but needs no app either)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        event_id = connection.execute(sa.text("SELECT id FROM events WHERE slug = :s"), {"s": slug}).scalar()
        if event_id is None:
            raise SystemExit(f"no event {slug!r} in {url}: build it with benchmarks.scenario.prepare")
        sessions = (
            connection.execute(
                sa.text("SELECT id FROM sessions WHERE event_id = :e ORDER BY start_at, id"), {"e": event_id}
            )
            .scalars()
            .all()
        )
        session_id = sessions[len(sessions) // 2]
        speaker_id = connection.execute(
            sa.text(
                "SELECT ts.person_id FROM talk_speakers ts JOIN talks t ON t.id = ts.talk_id"
                " WHERE t.session_id = :s ORDER BY ts.person_id LIMIT 1"
            ),
            {"s": session_id},
        ).scalar()
        token = connection.execute(
            sa.text("SELECT calendar_token FROM users WHERE calendar_token IS NOT NULL ORDER BY id LIMIT 1")
        ).scalar()
    engine.dispose()
    event = f"/events/{slug}"
    return {
        "home": "/",
        "agenda": f"{event}/",
        "session page": f"{event}/sessions/{session_id}",
        "speakers list": f"{event}/speakers/",
        "speaker page": f"{event}/speakers/{speaker_id}",
        "event .ics": f"{event}/calendar.ics",
        "schedule.xml": f"{event}/schedule.xml",
        "schedule.json": f"{event}/schedule.json",
        "personal feed": f"/calendar/{token}.ics",
        "registration POST": f"{event}/register",
    }


def measure(url: str, plugins: str, instance: str, page: str, path: str, repeat: int) -> dict[str, Any]:
    """In this (fresh) process: build the app, load ``path`` ``repeat`` times."""
    from confsite import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret",
            "BASE_URL": "http://localhost",
            "MAIL_BACKEND": "file",
            "WTF_CSRF_ENABLED": False,
            "ATTENDANCE_FLUSH_TIMER": False,
            "PLUGINS": plugins,
            "PUBLIC_PAGE_CACHE_SECONDS": 0,
            "RENDER_CACHE_BYTES": 0,
        },
        instance_path=instance,
    )
    after_app = status_mb("VmRSS")["VmRSS"]
    client = app.test_client()
    statuses = []
    for _ in range(repeat):
        if page == "registration POST":
            form = {
                "name": "Memory Test",
                "email": f"memory-{uuid.uuid4().hex[:12]}@bench.example.org",
                "organisation": "Bench",
                "country": "ES",
                "sector": "academia",
                "consent": "y",
                "q__attendance__mode": "in_person",  # the attendance plugin's question (hybrid events)
            }
            response = client.post(path, data=form, headers=BROWSER)
        else:
            response = client.get(path, headers=BROWSER)
        statuses.append(response.status_code)
        response.close()
    end = status_mb("VmRSS", "VmHWM")
    return {"statuses": statuses, "after_app": after_app, "peak": end["VmHWM"], "end": end["VmRSS"]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="the bench database (default: the PostgreSQL one of make bench)")
    parser.add_argument("--event", default="bench-6000", help="slug of the event (default bench-6000)")
    parser.add_argument("--repeat", type=int, default=2, help="loads of each page in its process")
    parser.add_argument("--page", action="append", choices=PAGES, help="only these pages (repeatable)")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # JSON: one measurement, run by main
    args = parser.parse_args()
    if args.child:
        job = json.loads(args.child)
        print(json.dumps(measure(**job)))
        return

    from benchmarks.run import ROOT, WORK
    from benchmarks.scenario import builtin_plugins

    url = args.url or default_url()
    paths = page_paths(url, args.event)
    print(f"{args.event} on {url.split('@')[-1]}, {args.repeat} loads per fresh process, caches off")
    print(f"{'page':<20} {'status':<10} {'after create_app':>17} {'peak RSS':>9}")
    for page in args.page or PAGES:
        job = {
            "url": url,
            "plugins": builtin_plugins(),
            "instance": str(WORK / "instance"),
            "page": page,
            "path": paths[page],
            "repeat": args.repeat,
        }
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.memory", "--child", json.dumps(job)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            print(f"{page:<20} failed:\n{done.stderr}", file=sys.stderr)
            continue
        found = json.loads(done.stdout.strip().splitlines()[-1])
        statuses = ",".join(map(str, found["statuses"]))
        print(f"{page:<20} {statuses:<10} {found['after_app']:14.0f} MB {found['peak']:6.0f} MB")


if __name__ == "__main__":
    main()
