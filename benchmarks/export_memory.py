"""Peak memory and time of the large event's exports, streamed in-process (issue #24:
exports of any size with constant memory).

    .venv/bin/python -m benchmarks.export_memory [--url URL] [--slug bench-large] [--repeat 3]

Uses the database of the last ``make bench`` (``--url``, default the SQLite file in
``.bench/``), signed in as the bench organiser. For each export it prints the bytes
sent, the number of chunks and of SQL queries, the median time of ``--repeat`` reads
(untraced: tracing slows Python down several times) and the peak of memory traced by
``tracemalloc`` during one more read. Every read takes the whole body chunk by chunk, as
a client would (the chunks are counted, not kept). Run on demand; not part of ``make
bench``.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from statistics import median

import sqlalchemy as sa
from flask.testing import FlaskClient

from benchmarks.profile_page import bench_app
from benchmarks.run import WORK
from benchmarks.scenario import ADMIN_EMAIL, ADMIN_PASSWORD

EXPORTS = ("registrations.csv", "registrations.xlsx", "export.json")


def consume(client: FlaskClient, path: str) -> tuple[int, int, int, float]:
    """Status, bytes, chunks and seconds of one export read to its end."""
    started = time.perf_counter()
    response = client.get(path)
    size = chunks = 0
    for chunk in response.response:
        size += len(chunk)
        chunks += 1
    response.close()
    return response.status_code, size, chunks, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=f"sqlite:///{WORK / 'bench.sqlite3'}")
    parser.add_argument("--slug", default="bench-large")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    app = bench_app(args.url)
    client = app.test_client()
    client.post("/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    queries: list[str] = []
    sa.event.listen(sa.Engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    for name in EXPORTS:
        path = f"/manage/events/{args.slug}/{name}"
        consume(client, path)  # warm: imports, per-process caches
        times = []
        for _ in range(args.repeat):
            queries.clear()
            status, size, chunks, seconds = consume(client, path)
            times.append(seconds)
        count = len(queries)
        tracemalloc.start()
        consume(client, path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{name:<20} {status} {size:>9,} bytes in {chunks:>3} chunk(s), {count:>3} queries  "
            f"median {median(times) * 1000:6.0f} ms  peak {peak / 2**20:5.1f} MiB"
        )


if __name__ == "__main__":
    main()
