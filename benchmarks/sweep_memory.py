"""Peak memory of one worker serving the size sweep's pages one after the other (issue
#24: peak RSS per worker under 150 MB on the 6,000-session event).

    .venv/bin/python -m benchmarks.sweep_memory [--url URL] [--event bench-6000] [--repeat 3]

``benchmarks.memory`` gives each page a fresh process with every cache off; a worker of
the bench's size sweep (``benchmarks.run.size_sweep``) instead serves the sweep's pages
(``benchmarks.scenario.sweep_targets``) in that order with the page cache off and the
render cache at its default size, so its peak is reached with the earlier pages' agenda
fragment and feeds still kept. This script does the same in one process, in process
(the test client), and prints the peak RSS (``VmHWM``) after each page. The registration
POST, last in the sweep, is left out: the database is only read. The feeds are loaded as
the sweep loads them (no ``Accept-Encoding``) and, with ``--gzip-feeds``, a second time
as calendar apps do (``Accept-Encoding: gzip``).
"""

from __future__ import annotations

import argparse
import gc
import sys

from benchmarks.memory import BROWSER, default_url, page_paths, status_mb


def sweep_pages(paths: dict[str, str], gzip_feeds: bool) -> list[tuple[str, str, dict[str, str]]]:
    """The sweep's GETs, in its order: (name, path, headers)."""
    feeds = ("event .ics", "schedule.xml", "schedule.json")
    pages = [
        ("agenda", paths["agenda"], BROWSER),
        ("session page", paths["session page"], BROWSER),
        ("speaker page", paths["speaker page"], BROWSER),
        ("speakers list", paths["speakers list"], BROWSER),
        *((name, paths[name], {}) for name in feeds),
    ]
    if gzip_feeds:
        pages += [(f"{name} (gzip)", paths[name], {"Accept-Encoding": "gzip"}) for name in feeds]
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="the bench database (default: the PostgreSQL one of make bench)")
    parser.add_argument("--event", default="bench-6000", help="slug of the event (default bench-6000)")
    parser.add_argument("--repeat", type=int, default=3, help="loads of each page (default 3)")
    parser.add_argument("--gzip-feeds", action="store_true", help="load the feeds with gzip too")
    args = parser.parse_args()

    from benchmarks.profile_page import bench_app

    url = args.url or default_url()
    paths = page_paths(url, args.event)
    app = bench_app(url, page_cache=False)  # as the sweep; the render cache keeps its default
    print(f"{args.event}, {args.repeat} loads per page, page cache off, render cache on")
    print(f"after create_app: {status_mb('VmRSS')['VmRSS']:.0f} MB")
    client = app.test_client()
    for name, path, headers in sweep_pages(paths, args.gzip_feeds):
        sizes = set()
        for _ in range(args.repeat):
            response = client.get(path, headers=headers)
            sizes.add((response.status_code, len(response.get_data())))
            response.close()
            del response
        found = status_mb("VmRSS", "VmHWM")
        shown = ", ".join(f"{status} {size / 1024:.0f} KB" for status, size in sorted(sizes))
        print(
            f"{name:<22} {shown:<18} RSS {found['VmRSS']:4.0f} MB  peak {found['VmHWM']:4.0f} MB", flush=True
        )
    gc.collect()
    print(f"peak RSS (VmHWM): {status_mb('VmHWM')['VmHWM']:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
