"""Profile one page of the benchmark data in-process: where its time and queries go.

    .venv/bin/python -m benchmarks.profile_page /events/bench-large/ [--login] [--repeat 5] \
        [--no-cache] [--no-page-cache]

Uses the database of the last ``make bench`` (``--url``, default the SQLite file in
``.bench/``). Prints the status, the number of SQL queries, the median time and the
functions with the largest cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from statistics import median

import sqlalchemy as sa

from benchmarks.run import WORK
from benchmarks.scenario import ADMIN_EMAIL, ADMIN_PASSWORD, BROWSER, builtin_plugins


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--url", default=f"sqlite:///{WORK / 'bench.sqlite3'}")
    parser.add_argument("--login", action="store_true", help="as the bench organiser")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--header", action="append", default=[], help="Name: value")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--no-cache", action="store_true", help="render cache off (as before it)")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="anonymous page cache off (PUBLIC_PAGE_CACHE_SECONDS=0)"
    )
    args = parser.parse_args()

    from confsite import create_app
    from confsite.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": args.url,
            "SECRET_KEY": "benchmark-secret",
            "WTF_CSRF_ENABLED": False,
            "ATTENDANCE_FLUSH_TIMER": False,
            "PLUGINS": builtin_plugins(),
            "RENDER_CACHE_BYTES": 0 if args.no_cache else 32 << 20,
            "PUBLIC_PAGE_CACHE_SECONDS": 0 if args.no_page_cache else 10,
        },
        instance_path=WORK / "instance",
    )
    client = app.test_client()
    headers = dict(BROWSER)
    headers.update(h.split(": ", 1) for h in args.header)
    if args.login:
        client.post("/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    with app.app_context():
        queries: list[str] = []
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    response = client.get(args.path, headers=headers)  # warm caches
    print(f"{response.status_code}, {len(response.data):,} bytes")
    times = []
    for _ in range(args.repeat):
        queries.clear()
        started = time.perf_counter()
        client.get(args.path, headers=headers)
        times.append(time.perf_counter() - started)
    print(f"{len(queries)} queries, median {median(times) * 1000:.1f} ms over {args.repeat}")
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(args.path, headers=headers)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
