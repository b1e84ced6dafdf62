"""``make bench-cluster``: two app hosts and a job worker behind HAProxy, checked under load.

Topology (all on loopback, docs/operations.md "Several app hosts"): two gunicorn masters
on ports of their own, each with its own workers and its own instance folder, as two
machines would run them; one ``confsite`` job worker; HAProxy (from Debian, installed
with apt-get when missing) balancing round-robin over the two with health checks; one
PostgreSQL database created for the run and dropped after it; one Redis with a queue name
unique to the run (its keys are deleted after it). Then four checks, each PASS or FAIL
with its figures:

a. registration rush through the balancer: 500 guests, 200 seats -> exactly 200
   confirmed, 300 waitlisted, seat counter equal to the rows;
b. an organiser edit made through host A shows on every worker of both hosts within 1 s,
   and the event's .ics ETag changes on both;
c. host B is killed while guests register through the balancer: every acknowledged
   registration is in the database and, once the health check has noticed, every
   request is answered by host A;
d. a log-in made through host A works on host B, a CSRF token from host A is accepted by
   host B (and a forged one refused), and the failed-log-in limit (database) and the API
   limit (Redis) count across hosts.

Bounded in time and count; processes and the database are removed at the end, also on
failure or Ctrl-C. Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from benchmarks.http import Browser, Response

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench" / "cluster"
BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
PG_DB = "confsite_bench_cluster"
SECRET = "cluster-benchmark-secret"
ADMIN_EMAIL, ADMIN_PASSWORD = "bench@example.org", "bench-password-1"
EDIT_SLUG, OPEN_SLUG = "cluster-edit", "cluster-open"
VISIBLE_WITHIN = 1.0  # seconds, check b
HOST_HEADER = "X-Cluster-Host"
API_LIMIT, API_WINDOW, API_EXTRA = 120, 60, 10  # confsite's API_RATE_LIMIT and _WINDOW defaults


# --- pure helpers (tests/test_bench_cluster.py) ------------------------------------------


class _FormReader(HTMLParser):
    """Collects what a browser would submit from each POST form of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        form = self._form
        name = a.get("name")
        if form is None or not name:
            if tag == "option" and form is not None and self._select:
                self._option(form, a)
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            form[name] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select, self._first_option = name, None
        elif tag == "textarea":
            self._textarea = name
            form[name] = ""

    def _option(self, form: dict[str, str], a: dict[str, str]) -> None:
        assert self._select is not None
        value = a.get("value", "")
        if self._first_option is None:
            self._first_option = value
        if "selected" in a:
            form[self._select] = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            if self._form is not None and self._select not in self._form and self._first_option is not None:
                self._form[self._select] = self._first_option
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            self._form[self._textarea] += data


def form_fields(html: str) -> dict[str, str]:
    """The name -> value pairs the largest POST form of ``html`` submits as it stands
    (the edit form, not the header's log-out button), so a check can change one field
    and send the rest back unchanged."""
    reader = _FormReader()
    reader.feed(html)
    return max(reader.forms, key=len, default={})


def header(headers: dict[str, str], name: str) -> str | None:
    """A response header by name, whatever its case (HAProxy sends names in lower case)."""
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


def haproxy_config(port: int, backends: dict[str, int], check_path: str, host: str) -> str:
    """HAProxy's configuration: round-robin over ``backends`` (name -> port), health
    checks every 500 ms (down after 2 failures), a failed connection retried on the
    other server, and the answering server named in a response header."""
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{p} check inter 500ms fall 2 rise 2" for name, p in backends.items()
    )
    return f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout check 5s
    retries 3
    option redispatch

frontend site
    bind 127.0.0.1:{port}
    default_backend app

backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri {check_path} ver HTTP/1.1 hdr Host {host}
    http-check expect status 200
    http-response set-header {HOST_HEADER} %s
{servers}
"""


class Direct(Browser):
    """A browser talking to one host directly, with the ``Host`` header the balancer
    passes on (the site answers only its own host name, and feeds' ETags include it)."""

    def __init__(self, base: str, host: str) -> None:
        super().__init__(base)
        self.host = host

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        return super().request(method, path, data, {"Host": self.host, **(headers or {})})


@dataclass
class Check:
    name: str
    ok: bool
    figures: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        return f"{'PASS' if self.ok else 'FAIL'}  {self.name}: {json.dumps(self.figures)}"


# --- processes -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float, proc: subprocess.Popen) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def wait_until_up(balancer: str, seconds: float) -> None:
    """Until both hosts answer through the balancer (their health checks passed)."""
    seen: set[str] = set()
    deadline = time.time() + seconds
    while time.time() < deadline and seen != {"A", "B"}:
        resp = Browser(balancer).request("GET", "/favicon.ico")
        if resp.status < 500:
            seen.add(header(resp.headers, HOST_HEADER) or "-")
        time.sleep(0.2)
    if seen != {"A", "B"}:
        raise RuntimeError(f"the balancer did not reach both hosts in {seconds} s (seen: {seen})")


def ensure_haproxy() -> str:
    found = shutil.which("haproxy")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("haproxy is missing: install Debian's haproxy (apt-get install haproxy)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "haproxy"], check=True, env=env
    )
    # Debian's package starts its own service where an init system runs; ours is separate.
    return shutil.which("haproxy") or "/usr/sbin/haproxy"


class Processes:
    """Every process the run starts, each in its own process group, stopped at the end."""

    def __init__(self) -> None:
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        with log.open("ab") as out:
            proc = subprocess.Popen(
                cmd, env={**os.environ, **env}, cwd=ROOT, stdout=out, stderr=out, start_new_session=True
            )
        self.procs[name] = proc
        return proc

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs[name]
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for name, proc in list(self.procs.items()):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill(name)


# --- data ---------------------------------------------------------------------------------


def create_database() -> str:
    from benchmarks.run import fresh_postgres_database

    return fresh_postgres_database(PG_ADMIN_URL, PG_DB)


def drop_database() -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"))
    admin.dispose()


def prepare(url: str) -> None:
    """Migrate and add the organiser and the three events the checks use."""
    from benchmarks import scenario
    from benchmarks.generate import bench_user
    from confsite import create_app
    from confsite.database import upgrade_database
    from confsite.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": SECRET,
            "BASE_URL": "http://127.0.0.1",
            "MAIL_BACKEND": "file",
            "ATTENDANCE_FLUSH_TIMER": False,
            "PLUGINS": scenario.builtin_plugins(),
        },
        instance_path=WORK / "prepare",
    )
    with app.app_context():
        upgrade_database()
        bench_user(ADMIN_EMAIL, ADMIN_PASSWORD)
        for slug, title, capacity in (
            (scenario.SEATS_SLUG, "Cluster workshop", scenario.SEATS),
            (EDIT_SLUG, "Cluster edit check", None),
            (OPEN_SLUG, "Cluster open day", None),
        ):
            db.session.add(scenario.workshop(slug, title, capacity))
        db.session.commit()
        db.engine.dispose()


def count_rows(url: str, sql: str, params: dict[str, Any]) -> Any:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text(sql), params).all()
    engine.dispose()
    return rows


# --- checks -------------------------------------------------------------------------------


def check_rush(balancer: str, url: str) -> Check:
    from benchmarks import scenario

    result = scenario.registration_rush(balancer, url, {"seats": scenario.SEATS_SLUG})
    return Check(
        "a. registration rush, 500 guests for 200 seats, through the balancer", result.pop("ok"), result
    )


def check_edit_visible(balancer: str, hosts: dict[str, str], workers: int) -> Check:
    """Edit the event's title through host A; poll every host until 1 s has passed."""
    host = balancer.split("//", 1)[1]
    page, feed = f"/events/{EDIT_SLUG}/", f"/events/{EDIT_SLUG}/calendar.ics"
    spread = 3 * workers  # enough requests that every worker of a host answers some

    def warm(base: str) -> None:
        for _ in range(spread):
            Direct(base, host).request("GET", page)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(warm, [b for b in hosts.values() for _ in range(2)]))
    etags_before = {
        name: header(Direct(base, host).request("GET", feed).headers, "ETag") for name, base in hosts.items()
    }

    organiser = Direct(hosts["A"], host)
    organiser.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    fields = form_fields(organiser.request("GET", f"/manage/events/{EDIT_SLUG}/edit").body)
    new_title = f"Cluster edit {uuid.uuid4().hex[:8]}"
    fields["title"] = new_title
    answer = organiser.request("POST", f"/manage/events/{EDIT_SLUG}/edit", fields)
    saved = time.perf_counter()
    first_seen: dict[str, float | None] = dict.fromkeys(hosts)
    lock = threading.Lock()

    def poll(name: str) -> None:
        base = hosts[name]
        while time.perf_counter() - saved < VISIBLE_WITHIN:
            body = Direct(base, host).request("GET", page).body
            if new_title in body:
                with lock:
                    seen = time.perf_counter() - saved
                    earlier = first_seen[name]
                    if earlier is None or seen < earlier:
                        first_seen[name] = seen
            time.sleep(0.02)

    with ThreadPoolExecutor(4 * len(hosts)) as pool:
        list(pool.map(poll, [n for n in hosts for _ in range(4)]))
    time.sleep(max(0.0, VISIBLE_WITHIN - (time.perf_counter() - saved)))

    def stale_after(base: str) -> int:
        return sum(new_title not in Direct(base, host).request("GET", page).body for _ in range(spread))

    stale = {name: stale_after(base) for name, base in hosts.items()}
    etags_after = {
        name: header(Direct(base, host).request("GET", feed).headers, "ETag") for name, base in hosts.items()
    }
    figures = {
        "edit_status": answer.status,
        "first_seen_ms": {n: (round(s * 1000) if s is not None else None) for n, s in first_seen.items()},
        "requests_after_1s_per_host": spread,
        "stale_after_1s": stale,
        "etag_before": etags_before,
        "etag_after": etags_after,
    }
    ok = (
        answer.status in (302, 303)
        and all(s is not None for s in first_seen.values())
        and not any(stale.values())
        and all(etags_before[n] and etags_after[n] and etags_before[n] != etags_after[n] for n in hosts)
        and len(set(etags_after.values())) == 1
    )
    return Check(
        "b. organiser edit through host A visible on every host within 1 s, .ics ETag changed", ok, figures
    )


def check_host_loss(balancer: str, url: str, procs: Processes, seconds: float, clients: int) -> Check:
    """Guests register through the balancer; host B is killed a third of the way in."""
    path = f"/events/{OPEN_SLUG}/register"
    acknowledged: list[str] = []
    outcomes: list[tuple[float, str, str]] = []  # (time, outcome, answering host)
    lock = threading.Lock()
    started = time.perf_counter()
    killed_at = seconds / 3

    def guest(worker: int) -> None:
        n = 0
        while time.perf_counter() - started < seconds:
            n += 1
            email = f"loss-{worker}-{n}@bench.example.org"
            browser = Browser(balancer)
            outcome, host = "error", "-"
            try:
                token = browser.csrf_token(path)
                resp = browser.request(
                    "POST",
                    path,
                    {
                        "csrf_token": token,
                        "name": f"Loss {worker} {n}",
                        "email": email,
                        "organisation": "Bench",
                        "country": "FR",
                        "sector": "academia",
                        "consent": "y",
                    },
                )
                host = header(resp.headers, HOST_HEADER) or "-"
                outcome = "acknowledged" if resp.status in (302, 303) else f"http {resp.status}"
            except Exception as exc:  # a refused or cut connection counts as not acknowledged
                outcome = type(exc).__name__
            with lock:
                outcomes.append((time.perf_counter() - started, outcome, host))
                if outcome == "acknowledged":
                    acknowledged.append(email)

    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(guest, i) for i in range(clients)]
        time.sleep(killed_at)
        procs.kill("host-B")
        for future in futures:
            future.result()
    stored = {
        row[0]
        for row in count_rows(
            url,
            "SELECT r.email FROM registrations r JOIN events e ON e.id = r.event_id WHERE e.slug = :slug",
            {"slug": OPEN_SLUG},
        )
    }
    lost = [e for e in acknowledged if e not in stored]
    settle = killed_at + 3.0  # health checks: 2 failures 500 ms apart, with margin
    after = [o for o in outcomes if o[0] >= settle]
    figures = {
        "clients": clients,
        "seconds": seconds,
        "host_B_killed_at_s": round(killed_at, 1),
        "requests": len(outcomes),
        "acknowledged": len(acknowledged),
        "acknowledged_missing_from_database": len(lost),
        "rows_in_database": len(stored),
        "not_acknowledged": dict(Counter(o[1] for o in outcomes if o[1] != "acknowledged")),
        "answered_by_before_kill": dict(Counter(o[2] for o in outcomes if o[0] < killed_at)),
        f"answered_by_from_{settle:.0f}s": dict(Counter(o[2] for o in after)),
        f"failures_from_{settle:.0f}s": sum(o[1] != "acknowledged" for o in after),
    }
    ok = (
        not lost
        and len(acknowledged) > 0
        and bool(after)
        and all(o[1] == "acknowledged" and o[2] == "A" for o in after)
        and {"A", "B"} <= {o[2] for o in outcomes if o[0] < killed_at}
    )
    return Check(
        "c. host B killed under load: no acknowledged registration lost, balancer routes around", ok, figures
    )


def check_sessions(balancer: str, hosts: dict[str, str]) -> Check:
    """Log in on A, act on B; CSRF tokens and the failed-log-in limit across hosts."""
    host = balancer.split("//", 1)[1]
    on_a = Direct(hosts["A"], host)
    on_a.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    on_b = Direct(hosts["B"], host)
    on_b.jar = on_a.jar  # the same browser, now answered by the other host
    on_b.opener = on_a.opener
    on_b.base = hosts["B"]
    session_on_b = on_b.request("GET", f"/manage/events/{EDIT_SLUG}/edit").status
    fields = form_fields(on_a.request("GET", f"/manage/events/{EDIT_SLUG}/edit").body)
    fields["venue"] = "Room 2 (posted through host B)"
    posted = on_b.request("POST", f"/manage/events/{EDIT_SLUG}/edit", fields)
    forged = on_b.request(
        "POST", f"/manage/events/{EDIT_SLUG}/edit", {**fields, "csrf_token": "forged", "venue": "Forged"}
    )
    venue_shown = (
        "Room 2 (posted through host B)"
        in Direct(hosts["A"], host).request("GET", f"/events/{EDIT_SLUG}/").body
    )

    address = f"throttle-{uuid.uuid4().hex[:6]}@bench.example.org"
    statuses = []
    for attempt in range(7):
        base = hosts["A" if attempt % 2 == 0 else "B"]
        guesser = Direct(base, host)
        token = guesser.csrf_token("/login")
        statuses.append(
            guesser.request(
                "POST", "/login", {"csrf_token": token, "email": address, "password": "wrong-1"}
            ).status
        )
    api = api_limit_across_hosts(hosts, host)
    figures = {
        "login_on_A_then_manage_page_on_B": session_on_b,
        "edit_with_A_token_posted_to_B": posted.status,
        "edit_with_forged_token_posted_to_B": forged.status,
        "edit_shown_on_A": venue_shown,
        "failed_logins_alternating_A_B": statuses,
        "api_requests_alternating_A_B": api,
    }
    ok = (
        session_on_b == 200
        and posted.status in (302, 303)
        and forged.status == 400
        and venue_shown
        and statuses == [200] * 5 + [429] * 2
        and api == {"200": API_LIMIT, "429": API_EXTRA}
    )
    return Check("d. sessions, CSRF tokens and rate limits whichever host answers", ok, figures)


def api_limit_across_hosts(hosts: dict[str, str], host: str) -> dict[str, int]:
    """Anonymous API requests alternating A and B: the per-address limit (counted in
    Redis) lets exactly ``API_LIMIT`` through in one window, whichever host counts."""
    left = API_WINDOW - time.time() % API_WINDOW
    if left < 20:  # a fixed window: start a fresh one rather than straddle two
        time.sleep(left + 0.5)
    answers = Counter(
        str(Direct(hosts["AB"[i % 2]], host).request("GET", "/api/v1/events").status)
        for i in range(API_LIMIT + API_EXTRA)
    )
    return dict(answers)


# --- the run ------------------------------------------------------------------------------


@contextlib.contextmanager
def cluster(workers: int) -> Iterator[tuple[str, dict[str, str], str, Processes]]:
    """Start database, hosts, job worker and balancer; remove all of them afterwards."""
    haproxy = ensure_haproxy()
    if os.environ.get("BENCH_SKIP_INSTALL") != "1" and not (BIN / "gunicorn").exists():
        subprocess.run([str(BIN / "pip"), "install", "--quiet", "-e", ".[bench]"], check=True, cwd=ROOT)
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    procs = Processes()
    RUNNING.append(procs)
    queue = f"confsite-cluster-{uuid.uuid4().hex[:8]}"
    url = ""
    try:
        print("preparing the database", PG_DB, flush=True)
        url = create_database()
        prepare(url)
        lb_port = free_port()
        balancer = f"http://127.0.0.1:{lb_port}"
        from benchmarks import scenario

        common = {
            "CONFSITE_DATABASE_URL": url,
            "CONFSITE_SECRET_KEY": SECRET,
            "CONFSITE_MAIL_BACKEND": "file",
            "CONFSITE_REDIS_URL": REDIS_URL,
            "CONFSITE_BASE_URL": balancer,
            "CONFSITE_PLUGINS": scenario.builtin_plugins(),
            "BENCH_JOBS_QUEUE_NAME": queue,
        }
        hosts: dict[str, str] = {}
        ports: dict[str, int] = {}
        for name in ("A", "B"):
            port = free_port()
            env = {**common, "BENCH_INSTANCE_PATH": str(WORK / f"host-{name}")}
            cmd = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}"]
            cmd += ["--log-level", "warning", "--timeout", "60", "benchmarks.wsgi:app"]
            proc = procs.start(f"host-{name}", cmd, env, WORK / f"host-{name}.log")
            wait_for_port(port, 90, proc)
            hosts[name], ports[name] = f"http://127.0.0.1:{port}", port
        worker_env = {**common, "BENCH_INSTANCE_PATH": str(WORK / "jobs")}
        procs.start(
            "jobs",
            [sys.executable, "-m", "benchmarks.cluster", "--job-worker"],
            worker_env,
            WORK / "jobs.log",
        )
        config = WORK / "haproxy.cfg"
        config.write_text(haproxy_config(lb_port, ports, "/", f"127.0.0.1:{lb_port}"))
        lb = procs.start("haproxy", [haproxy, "-db", "-f", str(config)], {}, WORK / "haproxy.log")
        wait_for_port(lb_port, 30, lb)
        wait_until_up(balancer, 60)
        print(f"balancer {balancer} -> A {hosts['A']}, B {hosts['B']}; {workers} workers each; queue {queue}")
        yield balancer, hosts, url, procs
    finally:
        procs.stop_all()
        if url:
            drop_database()
        with contextlib.suppress(Exception):
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(f"*{queue}*"))
            if keys:
                client.delete(*keys)
        print("stopped every process, dropped", PG_DB, flush=True)


RUNNING: list[Processes] = []


def interrupted(signum: int, _frame: object) -> None:
    print(f"signal {signum}: stopping", flush=True)
    for procs in RUNNING:
        procs.stop_all()
    raise KeyboardInterrupt


def run_job_worker() -> None:
    """The job worker of the cluster: the wsgi module's app (same overrides as the hosts)."""
    from benchmarks.wsgi import app
    from confsite.jobs import queue

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with app.app_context():
        queue.worker(app, workers=2)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host")
    parser.add_argument("--load-seconds", type=float, default=12, help="length of check c")
    parser.add_argument("--clients", type=int, default=8, help="concurrent guests in check c")
    parser.add_argument("--output", default="cluster", help="name of the results file")
    parser.add_argument("--job-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job_worker:
        run_job_worker()
        return 0
    # Ctrl-C or SIGTERM: stop the servers at once (so the checks' threads fail fast
    # instead of waiting for answers), then unwind; the finally blocks drop the database.
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    checks: list[Check] = []
    started = time.perf_counter()
    with cluster(args.workers) as (balancer, hosts, url, procs):
        steps = (
            lambda: check_rush(balancer, url),
            lambda: check_edit_visible(balancer, hosts, args.workers),
            lambda: check_sessions(balancer, hosts),
            lambda: check_host_loss(balancer, url, procs, args.load_seconds, args.clients),
        )
        for step in steps:
            try:
                checks.append(step())
            except Exception as exc:
                checks.append(Check(f"check {len(checks) + 1} raised", False, {"error": repr(exc)}))
            print(checks[-1].line(), flush=True)
        outbox = sum(1 for _ in (WORK / "jobs").rglob("*.eml"))
    summary = {
        "workers_per_host": args.workers,
        "seconds": round(time.perf_counter() - started, 1),
        "emails_sent_by_job_worker": outbox,
        "checks": [{"name": c.name, "ok": c.ok, **c.figures} for c in checks],
    }
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{args.output}.json").write_text(json.dumps(summary, indent=2))
    failed = [c for c in checks if not c.ok]
    print(
        f"{len(checks) - len(failed)} of {len(checks)} checks passed in {summary['seconds']} s; "
        f"job worker sent {outbox} e-mails; {results / (args.output + '.json')}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
