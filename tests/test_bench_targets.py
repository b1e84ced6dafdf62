"""``python -m benchmarks.run --targets``: the goals checked against a run's results."""

from benchmarks.targets import MET, MISSED, NOT_MEASURED, SKIPPED, Goal, SweepGoal, evaluate, report


def row(
    target: str, ratio: float, p95: float = 10.0, rss: float = 100.0, database: str = "postgresql"
) -> dict:
    return {
        "database": database,
        "target": target,
        "ratio_to_hello": ratio,
        "p95_ms": p95,
        "peak_rss_mb": rss,
    }


def payload(*rows: dict, page_cache: bool = True, rush_ok: bool = True) -> dict:
    return {
        "settings": {"page_cache": page_cache},
        "results": list(rows),
        "registration_rush": {
            "postgresql": {"ok": rush_ok, "confirmed": 200, "waitlisted": 300, "http_5xx": 0}
        },
    }


GOALS = (
    Goal("agenda (", "ratio_to_hello", at_least=0.25, page_cache=True),
    Goal("agenda (", "ratio_to_hello", at_least=0.10, page_cache=False),
    Goal("timetable", "p95_ms", at_most=250),
    Goal("", "peak_rss_mb", at_most=150),
)


def statuses(data: dict) -> list[str]:
    return [o.status for o in evaluate(data, GOALS, ())]


def test_goals_met_and_the_uncached_goal_skipped_in_a_cached_run() -> None:
    data = payload(
        row("agenda (600 sessions)", 0.3), row("agenda, uncompressed", 0.01), row("timetable", 0.1, 200)
    )
    assert statuses(data) == [MET, SKIPPED, MET, MET, MET]
    assert report(evaluate(data, GOALS, ())) == 0


def test_a_missed_bound_fails_on_the_worst_matching_row() -> None:
    data = payload(
        row("agenda (600 sessions)", 0.3), row("agenda (6000 sessions)", 0.2), row("timetable", 0.1, 250)
    )
    assert statuses(data) == [MISSED, SKIPPED, MISSED, MET, MET]
    assert report(evaluate(data, GOALS, ())) == 1


def test_a_goal_without_results_is_not_measured_and_fails() -> None:
    data = payload(row("agenda (600 sessions)", 0.3), row("timetable", 0.1, 20, database="sqlite"))
    assert statuses(data)[2] == NOT_MEASURED
    assert report(evaluate(data, GOALS, ())) == 1


def test_uncached_run_checks_the_uncached_goal_and_memory_and_the_rush() -> None:
    data = payload(
        row("agenda (600 sessions)", 0.05, rss=151), row("timetable", 0.1), page_cache=False, rush_ok=False
    )
    assert statuses(data) == [SKIPPED, MISSED, MET, MISSED, MISSED]


def swept(page: str, size: int, rps: float, rss: float = 100.0) -> dict:
    return {**row(f"{page} [{size}]", 0.1, rss=rss), "size": size, "requests_per_s": rps}


SWEEP = (SweepGoal("session page", flat=True), SweepGoal("agenda", flat=False))


def sweep_statuses(*rows: dict) -> list[str]:
    return [o.status for o in evaluate(payload(*rows), (Goal("", "peak_rss_mb", at_most=150),), SWEEP)]


def test_sweep_flat_page_may_not_slow_down_with_size_but_the_agenda_may_grow_linearly() -> None:
    rows = (
        swept("session page", 60, 500),
        swept("session page", 600, 480),
        swept("session page", 6000, 400),
        swept("agenda", 60, 300),
        swept("agenda", 600, 60),  # 5 times the cost for 10 times the sessions: linear is fine
        swept("agenda", 6000, 7),
    )
    assert sweep_statuses(*rows) == [MET, MET, MET, MET]
    slower = (swept("session page", 60, 500), swept("session page", 6000, 250), *rows[3:])
    assert sweep_statuses(*slower)[1] == MISSED
    quadratic = (*rows[:3], swept("agenda", 60, 300), swept("agenda", 600, 10))
    assert sweep_statuses(*quadratic)[2] == MISSED


def test_sweep_rows_count_for_memory_but_not_for_the_large_events_goals() -> None:
    rows = (
        row("session page", 0.3),
        swept("session page", 60, 500),
        swept("session page", 6000, 490, rss=160),
        swept("agenda", 60, 300),
    )
    outcomes = evaluate(
        payload(*rows),
        (Goal("session page", "ratio_to_hello", at_least=0.25), Goal("", "peak_rss_mb", at_most=150)),
        SWEEP,
    )
    assert [o.status for o in outcomes] == [MET, MISSED, MET, NOT_MEASURED, MET]


def test_the_runner_counts_workers_as_idle_beside_a_targets_steady_background_load(monkeypatch):
    """Between warm-up rounds the runner waits for the workers to be idle; with guests
    registering meanwhile they never are, and it used to wait out its whole limit."""
    import itertools

    from benchmarks import run

    clock = itertools.count()
    monkeypatch.setattr(run.time, "time", lambda: next(clock) * 0.3)
    monkeypatch.setattr(run.time, "sleep", lambda seconds: None)
    ticks_per_quiet = 0.2 * 0.3 * run.os.sysconf("SC_CLK_TCK")  # a fifth of a core busy
    busy = itertools.count()
    server = object.__new__(run.Gunicorn)
    monkeypatch.setattr(server, "_cpu_ticks", lambda: [int(next(busy) * ticks_per_quiet)] * 2, raising=False)

    started = run.time.time()
    server.wait_idle(background_cores=0.5)
    assert run.time.time() - started < 2  # a round or two of 0.3 s

    started = run.time.time()
    server.wait_idle(limit=30.0)  # without the allowance: busy until the limit
    assert run.time.time() - started >= 30.0
