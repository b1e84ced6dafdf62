"""Profile one page of the benchmark data in-process: where its time and queries go.

    .venv/bin/python -m benchmarks.profile_page /events/bench-large/ [--login] [--repeat 5] [--no-cache]
        [--no-page-cache]
    .venv/bin/python -m benchmarks.profile_page /events/bench-large/register --post registration

Uses the database of the last ``make bench`` (``--url``, default the SQLite file in
``.bench/``). Prints the status, the number of SQL queries, the median time and the
functions with the largest cumulative time. ``--post`` sends a form instead (CSRF is
off here): ``registration`` is the benchmark's registration form, anything else a
URL-encoded body; ``NNN`` in it becomes a number unique to each request, so every
registration is a new one, as in ``make bench``.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import time
import urllib.parse
from statistics import median

import sqlalchemy as sa
from flask import Flask

from benchmarks.run import WORK
from benchmarks.scenario import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    BROWSER,
    REGISTRATION_FORM,
    UNIQUE,
    builtin_plugins,
)


def bench_app(url: str, *, render_cache_bytes: int = 32 << 20, page_cache: bool = True) -> Flask:
    """The app on the bench data, as the bench serves it, for in-process measurements
    (``page_cache=False``: the anonymous page cache off, the uncached render cost)."""
    from confsite import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret",
            "WTF_CSRF_ENABLED": False,
            "ATTENDANCE_FLUSH_TIMER": False,
            "PLUGINS": builtin_plugins(),
            "RENDER_CACHE_BYTES": render_cache_bytes,
            "BASE_URL": "http://localhost",  # required outside debug and testing
            **({} if page_cache else {"PUBLIC_PAGE_CACHE_SECONDS": 0}),
        },
        instance_path=WORK / "instance",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--url", default=f"sqlite:///{WORK / 'bench.sqlite3'}")
    parser.add_argument("--login", action="store_true", help="as the bench organiser")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--header", action="append", default=[], help="Name: value")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--no-cache", action="store_true", help="render cache off (as before it)")
    parser.add_argument("--post", metavar="FORM", help="POST 'registration' or a URL-encoded body")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="anonymous page cache off (PUBLIC_PAGE_CACHE_SECONDS=0): the uncached render cost",
    )
    args = parser.parse_args()

    from confsite.extensions import db

    app = bench_app(
        args.url, render_cache_bytes=0 if args.no_cache else 32 << 20, page_cache=not args.no_page_cache
    )
    client = app.test_client()
    headers = dict(BROWSER)
    headers.update(h.split(": ", 1) for h in args.header)
    if args.login:
        client.post("/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    with app.app_context():
        queries: list[str] = []
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    body = urllib.parse.urlencode(REGISTRATION_FORM) if args.post == "registration" else args.post
    numbers = itertools.count(time.time_ns())

    def load() -> object:
        if body is None:
            return client.get(args.path, headers=headers)
        return client.post(
            args.path,
            data=body.replace(UNIQUE, str(next(numbers))),
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        )

    response = load()  # warm caches
    print(f"{response.status_code}, {len(response.data):,} bytes")
    times, cpu_times = [], []
    for _ in range(args.repeat):
        queries.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        load()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    # CPU time as well: on a shared machine the wall-clock time includes waiting for a core.
    print(
        f"{len(queries)} queries, median {median(times) * 1000:.1f} ms "
        f"({median(cpu_times) * 1000:.1f} ms CPU) over {args.repeat}"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    load()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
