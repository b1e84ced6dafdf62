"""Report builds of the large benchmark event (600 sessions, 1,500 talks, 5,000
registrations, 100,000 view counters): the HTML preview page and the PDF, DOCX and
Markdown exports, each timed through the web routes as the organiser would load them.

Run: ``.venv/bin/python -m benchmarks.report_builds`` (SQLite in a temporary folder,
or ``CONFSITE_DATABASE_URL`` for an empty PostgreSQL database). Targets: preview under
1 s, PDF under 10 s (docs/performance.md).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from statistics import median

from benchmarks.generate import SLUG, bench_user, generate
from confsite import create_app
from confsite.database import upgrade_database
from confsite.extensions import db

TARGETS = {"preview": 1.0, "pdf": 10.0}


def _timed(label: str, action: Callable[[], object], repeat: int) -> float:
    """Median wall-clock seconds of ``repeat`` runs. The process's CPU seconds are printed
    beside them: on a shared machine the wall clock also counts time spent waiting for a
    core, the CPU time does not."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    value = median(times)
    load = os.getloadavg()[0]
    print(
        f"{label:<34} median {value:7.2f} s  CPU {median(cpu):7.2f} s  (n={repeat}, load {load:.1f})",
        flush=True,
    )
    return value


def main() -> None:
    url = os.environ.get("CONFSITE_DATABASE_URL")
    folder = tempfile.mkdtemp(prefix="confsite-report-bench-")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{folder}/bench.sqlite3",
            "WTF_CSRF_ENABLED": False,
            "BASE_URL": "http://localhost",
            "ATTENDANCE_FLUSH_TIMER": False,
        },
        instance_path=folder,
    )
    with app.app_context():
        upgrade_database()
        generate()
        bench_user()
        db.session.remove()
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": "bench-password-1"})
    base = f"/manage/events/{SLUG}/reports"

    def get(path: str) -> None:
        response = client.get(base + path)
        assert response.status_code == 200, (path, response.status_code)

    results = {
        "preview": _timed("HTML preview (page)", lambda: get("/preview"), 5),
        "html": _timed("HTML export", lambda: get("/export/html"), 3),
        "md": _timed("Markdown export", lambda: get("/export/md"), 3),
        "docx": _timed("DOCX export", lambda: get("/export/docx"), 1),
        "pdf": _timed("PDF export", lambda: get("/export/pdf"), 1),
    }
    for name, limit in TARGETS.items():
        verdict = "met" if results[name] < limit else "MISSED"
        print(f"target {name}: under {limit:.0f} s -> {verdict}")


if __name__ == "__main__":
    main()
