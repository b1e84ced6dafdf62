"""The bench's targets, checked against a run's results (``python -m benchmarks.run --targets``).

Each goal names result rows by the start of their target name (``"agenda ("`` is the
agenda of the large event, not ``"agenda, uncompressed"``) on PostgreSQL, the database
the targets are set for, and a bound on one figure: the throughput as a share of the
hello-world ceiling of the same run, the p95 latency, or the peak RSS per worker. Every
matching row must meet it. A goal no row matches is *not measured*, which counts as a
miss (a page dropped from the bench must not pass silently); a goal that needs the page
cache on (or off) is *skipped* in a run made the other way. The goals are those of
docs/performance.md: the first round's, and Performance II's (issue #24).

The size sweep (results with a ``size``) has goals of its own (:data:`SWEEP_GOALS`): the
cost of one request (the inverse of the throughput) of a page showing a fixed amount
may grow by at most half from the smallest event to the largest; that of a page showing
the whole programme at most in proportion to the sessions (with the same leeway). The
peak RSS goal covers every row, the sweep's 6,000-session event included.

``python -m benchmarks.targets [results.json]`` checks a results file already written
(default ``benchmarks/results/latest.json``) without running the bench again.
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATABASE = "postgresql"
MET, MISSED, NOT_MEASURED, SKIPPED = "met", "MISSED", "NOT MEASURED", "skipped"


@dataclass(frozen=True)
class Goal:
    target: str  # start of the result rows' target name, case-insensitive
    metric: str  # "ratio_to_hello", "p95_ms" or "peak_rss_mb"
    at_least: float | None = None
    at_most: float | None = None
    page_cache: bool | None = None  # only in runs with the page cache on (True) / off (False)

    def describe(self) -> str:
        bound = (
            f">= {self.at_least:.0%} of hello world"
            if self.metric == "ratio_to_hello" and self.at_least is not None
            else f">= {self.at_least}"
            if self.at_least is not None
            else f"< {self.at_most} {'ms' if self.metric == 'p95_ms' else 'MB'}"
        )
        where = {True: ", page cache on", False: ", page cache off", None: ""}[self.page_cache]
        label = {"ratio_to_hello": "", "p95_ms": " p95", "peak_rss_mb": " peak RSS per worker"}[self.metric]
        return f"{self.target.rstrip(' (') or 'every page'}{label} {bound}{where}"

    def meets(self, value: float) -> bool:
        if self.at_least is not None and value < self.at_least:
            return False
        return not (self.at_most is not None and value >= self.at_most)


PUBLIC_PAGES = (
    "home",
    "agenda (",
    "session page",
    "speaker page",
    "speakers list",
    "series page",
    "personal feed",
    "event .ics (full)",
    "schedule.xml",
    "schedule.json",
)
ORGANISER_PAGES = (
    "event dashboard",
    "registrations list",
    "registrations search",
    "check-in search",
    "timetable",
    "attendance dashboard",
    "change log",
)
GOALS: tuple[Goal, ...] = (
    *(Goal(page, "ratio_to_hello", at_least=0.25, page_cache=True) for page in PUBLIC_PAGES),
    # The morning registration opens: the agenda read while guests register.
    Goal("agenda, registrations meanwhile", "ratio_to_hello", at_least=0.25, page_cache=True),
    Goal("agenda (", "ratio_to_hello", at_least=0.10, page_cache=False),
    Goal("session page", "ratio_to_hello", at_least=0.15, page_cache=False),
    Goal("event .ics (304 poll)", "ratio_to_hello", at_least=0.60),
    Goal("registration POST", "ratio_to_hello", at_least=0.10),
    *(Goal(page, "p95_ms", at_most=250) for page in ORGANISER_PAGES),
    Goal("", "peak_rss_mb", at_most=150),  # every row: the largest worker of the run
)


# The size sweep: pages whose content does not grow with the event, and pages that
# show the whole programme (or all its speakers).
FLAT_PAGES = ("session page", "speaker page", "event .ics (304 poll)", "registration POST")
GROWING_PAGES = (
    "agenda",
    "speakers list",
    "event .ics (full)",
    "event .ics (full, gzip)",
    "schedule.xml",
    "schedule.json",
)
LEEWAY = 1.5  # measurement noise on 2 shared cores


@dataclass(frozen=True)
class SweepGoal:
    page: str
    flat: bool  # else: grows at most linearly with the sessions

    def describe(self) -> str:
        how = "stays flat" if self.flat else "grows at most linearly"
        return f"{self.page} across event sizes {how}"

    def bound(self, smaller: int, larger: int) -> float:
        return LEEWAY * (1 if self.flat else larger / smaller)


SWEEP_GOALS = tuple(SweepGoal(p, flat=True) for p in FLAT_PAGES) + tuple(
    SweepGoal(p, flat=False) for p in GROWING_PAGES
)


@dataclass(frozen=True)
class Outcome:
    goal: str
    status: str
    measured: str


def evaluate(
    payload: dict[str, Any], goals: tuple[Goal, ...] = GOALS, sweep_goals: tuple[SweepGoal, ...] = SWEEP_GOALS
) -> list[Outcome]:
    """Each goal's outcome in a results payload (benchmarks/results/*.json), plus the
    registration rush, which must be exact wherever it ran."""
    everything = [r for r in payload.get("results", []) if r.get("database") == DATABASE]
    rows = [r for r in everything if r.get("size") is None]  # the large event's targets
    page_cache = payload.get("settings", {}).get("page_cache", True)
    outcomes = []
    for goal in goals:
        if goal.page_cache is not None and goal.page_cache != page_cache:
            outcomes.append(Outcome(goal.describe(), SKIPPED, "run made with the page cache the other way"))
            continue
        matching = [
            r
            for r in (everything if goal.metric == "peak_rss_mb" else rows)
            if r["target"].lower().startswith(goal.target.lower()) and r.get(goal.metric) is not None
        ]
        if not matching:
            outcomes.append(Outcome(goal.describe(), NOT_MEASURED, "no such result in this run"))
            continue
        worst = min if goal.at_least is not None else max
        value = worst(float(r[goal.metric]) for r in matching)
        unit = {"ratio_to_hello": "", "p95_ms": " ms", "peak_rss_mb": " MB"}[goal.metric]
        shown = f"{value:.1%}" if goal.metric == "ratio_to_hello" else f"{value:.1f}{unit}"
        names = sorted({r["target"] for r in matching})
        measured = shown if len(names) == 1 else f"{shown} (worst of {len(names)} rows)"
        outcomes.append(Outcome(goal.describe(), MET if goal.meets(value) else MISSED, measured))
    outcomes += [sweep_outcome(goal, everything) for goal in sweep_goals]
    for database, rush in payload.get("registration_rush", {}).items():
        summary = (
            f"{rush.get('confirmed')} confirmed, {rush.get('waitlisted')} waitlisted, "
            f"{rush.get('http_5xx')} 5xx"
        )
        outcomes.append(
            Outcome(f"registration rush on {database} exact", MET if rush.get("ok") else MISSED, summary)
        )
    return outcomes


def sweep_outcome(goal: SweepGoal, rows: list[dict[str, Any]]) -> Outcome:
    """How one page's cost per request grew between consecutive sizes of the sweep."""
    at = {
        int(r["size"]): float(r["requests_per_s"])
        for r in rows
        if r.get("size") is not None and r["target"].rsplit(" [", 1)[0] == goal.page
    }
    sizes = sorted(n for n, rps in at.items() if rps > 0)
    if len(sizes) < 2:
        return Outcome(goal.describe(), NOT_MEASURED, "fewer than two sizes in this run")
    steps = []
    ok = True
    for smaller, larger in itertools.pairwise(sizes):
        growth = at[smaller] / at[larger]  # cost per request = 1 / throughput
        ok = ok and growth <= goal.bound(smaller, larger)
        steps.append(f"{smaller:,}→{larger:,}: cost ×{growth:.2f} (bound ×{goal.bound(smaller, larger):g})")
    return Outcome(goal.describe(), MET if ok else MISSED, "; ".join(steps))


def report(outcomes: list[Outcome]) -> int:
    """Print one line per goal; the exit status: 1 when a goal is missed or not measured."""
    for outcome in outcomes:
        print(f"  {outcome.status:12} {outcome.goal}: {outcome.measured}")
    failed = [o for o in outcomes if o.status in (MISSED, NOT_MEASURED)]
    met = sum(o.status == MET for o in outcomes)
    skipped = len(outcomes) - met - len(failed)
    print(f"targets: {met} met, {len(failed)} missed or not measured, {skipped} skipped")
    return 1 if failed else 0


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "results" / "latest.json"
    return report(evaluate(json.loads(path.read_text())))


if __name__ == "__main__":
    sys.exit(main())
