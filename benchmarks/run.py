"""``make bench``: serve confsite with gunicorn on PostgreSQL and SQLite, load it with wrk.

For each database: build the large event, start gunicorn (2 x cores workers), run wrk
for every target over loopback (bounded in time), read each worker's peak RSS, and fire
the concurrent-registration check. A bare Flask "hello world" served the same way in
the same run gives the ceiling; every throughput is also given as a ratio to it.
Results: benchmarks/results/latest.json and latest.md (``--output`` names them).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
WORK = ROOT / ".bench"
BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_DB = "confsite_bench"
# The job queue and the shared limits on Redis, as in production; each run its own queue
# name (no worker runs: the queued e-mails are dropped with the queue at the end).
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
WORKERS = 2 * (os.cpu_count() or 1)


@dataclass
class Target:
    name: str
    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    # A form body; scenario.UNIQUE in it becomes a number unique to each request.
    body: str | None = None
    connections: int | None = None  # wrk's connections for this target (default: the run's)
    size: int | None = None  # the event's sessions, for the size sweep's targets
    # Other load running through the measurement (and its warm-up), e.g. registrations.
    meanwhile: Callable[[], AbstractContextManager[None]] | None = None
    # Cores' worth of worker CPU that load keeps busy: below it the workers count as idle.
    meanwhile_cores: float = 0.0


@dataclass
class Result:
    database: str
    target: str
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    non_2xx_3xx: int
    peak_rss_mb: float
    ratio_to_hello: float | None = None
    connections: int | None = None
    size: int | None = None  # set on the size sweep's results: the event's sessions


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return shutil.which("wrk") or "wrk"
    sys.exit("wrk is missing: install Debian's wrk (apt-get install wrk)")


class Gunicorn:
    def __init__(self, app_spec: str, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-w",
                str(WORKERS),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                app_spec,
            ],
            env={**os.environ, **env},
            cwd=ROOT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn for {app_spec} did not start")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def peak_rss_mb(self) -> float:
        """Largest VmHWM (peak resident set) among the workers, in MB."""
        peaks = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return max(peaks, default=0.0)

    def drain(self, background_cores: float = 0.0) -> None:
        """Wait until requests wrk left queued are answered, so they do not slow the
        next target: one request per worker goes to the back of the queue.
        ``background_cores``: CPU the workers use for steady load beside wrk's (a
        target's ``meanwhile``), which does not count as a backlog."""
        from benchmarks.http import Browser

        def one(_: int) -> None:
            # A worker still busy past the timeout: the next target just waits less.
            with contextlib.suppress(OSError):
                Browser(self.url).request("GET", "/favicon.ico")

        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(one, range(WORKERS)))
        self.wait_idle(background_cores=background_cores)

    def wait_idle(self, quiet: float = 0.3, limit: float = 120.0, background_cores: float = 0.0) -> None:
        """Wait until the workers have used no more CPU than ``background_cores`` for
        ``quiet`` seconds (none at all by default). The requests above may all be
        answered by the workers already free while another still serves what wrk left
        queued (a request of a closed connection is served all the same): several
        seconds each for the 6,000-session speakers list."""
        deadline = time.time() + limit
        allowed = background_cores * quiet * os.sysconf("SC_CLK_TCK")
        before = sum(self._cpu_ticks())
        while time.time() < deadline:
            time.sleep(quiet)
            now = sum(self._cpu_ticks())
            if now - before <= allowed:
                return
            before = now

    def _cpu_ticks(self) -> list[int]:
        """Each worker's CPU time so far (user + system, in clock ticks)."""
        ticks = []
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks.append(int(fields[11]) + int(fields[12]))  # utime, stime
        return ticks

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # workers stuck in a long request
            self.proc.kill()
            self.proc.wait(timeout=30)


def run_wrk(wrk: str, url: str, target: Target, seconds: int, connections: int) -> dict:
    cmd = [
        wrk,
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "benchmarks" / "wrk_report.lua"),
    ]
    for name, value in target.headers.items():
        cmd += ["-H", f"{name}: {value}"]
    env = {**os.environ, "WRK_METHOD": target.method, "WRK_RUN_ID": uuid.uuid4().hex[:8]}
    if target.body is not None:
        env["WRK_BODY_TEMPLATE"] = target.body
    out = subprocess.run(
        [*cmd, url + target.path], capture_output=True, text=True, timeout=seconds + 60, env=env
    )
    line = next((text for text in out.stdout.splitlines() if text.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result for {target.name}: {out.stdout}\n{out.stderr}")
    data = json.loads(line[len("WRK_JSON ") :])
    data["requests_per_s"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


# Warm-up rounds at most, and the gain in throughput from one round to the next below
# which the workers count as warm.
WARMUP_ROUNDS = 6
WARM_GAIN = 1.1


def warm_up(server: Gunicorn, wrk: str, target: Target, seconds: int, load: int) -> None:
    """Unmeasured load until the throughput settles: every worker has filled its
    per-process caches, as on a site that has been running for a while. One round is
    not always enough: a worker builds a 6,000-session feed for several seconds, and
    the drain after a round may be answered by the workers already done while others
    still build."""
    previous = 0.0
    for _ in range(WARMUP_ROUNDS):
        rate = run_wrk(wrk, server.url, target, seconds, load)["requests_per_s"]
        server.drain(target.meanwhile_cores)
        if previous and rate <= previous * WARM_GAIN:
            return
        previous = rate


def measure(  # noqa: PLR0917  (one call site, arguments named there)
    database: str,
    server: Gunicorn,
    wrk: str,
    targets: list[Target],
    seconds: int,
    connections: int,
    warmup: int = 0,
) -> list[Result]:
    results = []
    for target in targets:
        load = target.connections or connections
        with target.meanwhile() if target.meanwhile else contextlib.nullcontext():
            if warmup:
                warm_up(server, wrk, target, warmup, load)
            data = run_wrk(wrk, server.url, target, seconds, load)
        server.drain()
        results.append(
            Result(
                database,
                target.name,
                round(data["requests_per_s"], 1),
                data["p50_ms"],
                data["p95_ms"],
                data["p99_ms"],
                data["errors"],
                data["non_2xx_3xx"],
                round(server.peak_rss_mb(), 1),
                connections=load,
                size=target.size,
            )
        )
        print(
            f"  {database:10} {target.name:28} {results[-1].requests_per_s:9.1f} req/s "
            f"p95 {data['p95_ms']:.1f} ms errors {data['errors']}",
            flush=True,
        )
    return results


def fresh_postgres_database(admin_url: str, name: str) -> str:
    """Drop and re-create the database ``name`` on the server of ``admin_url``; its URL."""
    import sqlalchemy as sa

    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def database_url(kind: str) -> str:
    if kind == "postgresql":
        return fresh_postgres_database(PG_ADMIN_URL, PG_DB)
    WORK.mkdir(exist_ok=True)
    for path in WORK.glob("bench.sqlite3*"):
        path.unlink()
    return f"sqlite:///{WORK / 'bench.sqlite3'}"


def prepare(url: str, sizes: tuple[int, ...]) -> dict:
    """Migrate, generate the events and whatever the targets need; return facts."""
    from benchmarks import scenario

    return scenario.prepare(url, WORK, sizes)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=8, help="measured wrk duration per target")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured seconds of load before each target")
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument(
        "--no-render-cache",
        action="store_true",
        help="serve with the render cache off (how the pages did before it)",
    )
    parser.add_argument(
        "--no-page-cache", action="store_true", help="serve with the anonymous page cache off"
    )
    parser.add_argument(
        "--no-feed-shortcut",
        action="store_true",
        help="let the views answer feed polls (no feed poll shortcut)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="only the targets whose names contain one of these comma-separated words",
    )
    parser.add_argument(
        "--targets",
        action="store_true",
        help="check the results against the bench's goals (benchmarks/targets.py); "
        "exit status 1 when one is missed",
    )
    parser.add_argument(
        "--sizes",
        default="60,600,6000",
        help="the size sweep on PostgreSQL: events of these numbers of sessions (empty: no sweep)",
    )
    parser.add_argument("--sweep-seconds", type=int, default=5, help="measured seconds per sweep target")
    parser.add_argument("--output", default="latest", help="name of the results files")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    wrk = ensure_wrk()
    from benchmarks import scenario

    results: list[Result] = []
    checks: dict[str, dict] = {}
    hello = Gunicorn("benchmarks.hello:app", {})
    try:
        print("hello world ceiling", flush=True)
        ceiling = measure(
            "bare-flask",
            hello,
            wrk,
            [Target("hello world", "/")],
            args.seconds,
            args.connections,
            args.warmup,
        )
    finally:
        hello.stop()
    results += ceiling
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    chosen = [word for word in args.only.split(",") if word]
    sizes = tuple(int(n) for n in args.sizes.split(",") if n) if not chosen else ()
    for kind in args.databases.split(","):
        print(f"{kind}: preparing the events", flush=True)
        url = database_url(kind)
        sweep = sizes if kind == "postgresql" else ()
        facts = prepare(url, sweep)
        env = {
            "CONFSITE_DATABASE_URL": url,
            "CONFSITE_SECRET_KEY": "benchmark-secret",
            "CONFSITE_MAIL_BACKEND": "file",
            "BENCH_INSTANCE_PATH": str(WORK / "instance"),
            "CONFSITE_PLUGINS": scenario.builtin_plugins(),
            "CONFSITE_REDIS_URL": REDIS_URL,
            "BENCH_JOBS_QUEUE_NAME": queue,
        }
        if args.no_render_cache:
            env["BENCH_RENDER_CACHE_BYTES"] = "0"
        if args.no_page_cache:
            env["BENCH_PUBLIC_PAGE_CACHE_SECONDS"] = "0"
        if args.no_feed_shortcut:
            env["BENCH_FEED_POLL_SHORTCUT"] = "0"
        server = Gunicorn("benchmarks.wsgi:app", env)
        try:
            targets = [
                t
                for t in scenario.targets(server.url, facts)
                if not chosen or any(word in t.name for word in chosen)
            ]
            results += measure(kind, server, wrk, targets, args.seconds, args.connections, args.warmup)
            if not chosen:
                print(f"{kind}: 500 concurrent registrations for 200 seats", flush=True)
                checks[kind] = scenario.registration_rush(server.url, url, facts)
                print(f"  {checks[kind]}", flush=True)
        finally:
            server.stop()
        if sweep:
            results += size_sweep(kind, wrk, env, facts, sweep, args)
    drop_queue(queue)
    hello_rps = ceiling[0].requests_per_s
    for result in results:
        result.ratio_to_hello = round(result.requests_per_s / hello_rps, 3) if hello_rps else None
    settings = {
        "seconds": args.seconds,
        "warmup": args.warmup,
        "connections": args.connections,
        "render_cache": not args.no_render_cache,
        "page_cache": not args.no_page_cache,
        "feed_shortcut": not args.no_feed_shortcut,
        "sizes": list(sizes),
        "sweep_seconds": args.sweep_seconds,
    }
    payload = write(results, checks, settings, args.output)
    if args.targets:
        from benchmarks import targets

        sys.exit(targets.report(targets.evaluate(payload)))


def drop_queue(name: str) -> None:
    """Remove the run's queued jobs (and any other key of its queue) from Redis."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"*{name}*"))
    if keys:
        client.delete(*keys)


def size_sweep(
    kind: str, wrk: str, env: dict[str, str], facts: dict, sizes: tuple[int, ...], args: argparse.Namespace
) -> list[Result]:
    """The public pages and the registration of each event size, served with the page
    cache off (its hits cost the same at every size; what grows is the render), by
    fresh workers, so that the peak RSS of the largest size is its own."""
    from benchmarks import scenario

    results: list[Result] = []
    for size in sizes:
        print(f"{kind}: size sweep, event of {size} sessions", flush=True)
        server = Gunicorn("benchmarks.wsgi:app", {**env, "BENCH_PUBLIC_PAGE_CACHE_SECONDS": "0"})
        try:
            targets = scenario.sweep_targets(server.url, facts, size)
            results += measure(kind, server, wrk, targets, args.sweep_seconds, args.connections, args.warmup)
        finally:
            server.stop()
    return results


def machine() -> dict:
    cpu = next(
        (
            row.split(":", 1)[1].strip()
            for row in Path("/proc/cpuinfo").read_text().splitlines()
            if row.startswith("model name")
        ),
        "unknown",
    )
    mem = next(
        (
            row.split(":", 1)[1].strip()
            for row in Path("/proc/meminfo").read_text().splitlines()
            if row.startswith("MemTotal")
        ),
        "unknown",
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "python": sys.version.split()[0],
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def write(results: list[Result], checks: dict[str, dict], settings: dict, name: str = "latest") -> dict:
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "workers": WORKERS,
        "machine": machine(),
        "settings": settings,
        "results": [asdict(r) for r in results],
        "registration_rush": checks,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2))
    lines = [
        "| database | target | req/s | ratio to hello | p50 ms | p95 ms | p99 ms | errors "
        "| peak RSS/worker MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.size is not None:
            continue
        load = f" ({r.connections} connections)" if r.connections != settings["connections"] else ""
        lines.append(
            f"| {r.database} | {r.target}{load} | {r.requests_per_s:.1f} | {r.ratio_to_hello:.1%} | "
            f"{r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {r.peak_rss_mb:.0f} |"
        )
    lines.append("")
    lines.append(
        f"- {WORKERS} gunicorn sync workers; wrk 2 threads, {settings['connections']} connections, "
        f"warm-up in rounds of {settings['warmup']} s until steady + "
        f"{settings['seconds']} s measured per target; "
        f"machine: {payload['machine']}"
    )
    for kind, check in checks.items():
        lines.append(f"- {kind} registration rush: {json.dumps(check)}")
    swept = [asdict(r) for r in results if r.size is not None]
    if swept:
        from benchmarks import sizes

        lines += ["", sizes.table(swept)]
        (RESULTS / f"{name}-sizes.svg").write_text(sizes.chart(swept))
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"written: {RESULTS / (name + '.json')}, {RESULTS / (name + '.md')}")
    return payload


if __name__ == "__main__":
    main()
