"""``python -m benchmarks.run --targets``: the goals checked against a run's results."""

from benchmarks.targets import MET, MISSED, NOT_MEASURED, SKIPPED, Goal, evaluate, report


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
    return [o.status for o in evaluate(data, GOALS)]


def test_goals_met_and_the_uncached_goal_skipped_in_a_cached_run() -> None:
    data = payload(
        row("agenda (600 sessions)", 0.3), row("agenda, uncompressed", 0.01), row("timetable", 0.1, 200)
    )
    assert statuses(data) == [MET, SKIPPED, MET, MET, MET]
    assert report(evaluate(data, GOALS)) == 0


def test_a_missed_bound_fails_on_the_worst_matching_row() -> None:
    data = payload(
        row("agenda (600 sessions)", 0.3), row("agenda (6000 sessions)", 0.2), row("timetable", 0.1, 250)
    )
    assert statuses(data) == [MISSED, SKIPPED, MISSED, MET, MET]
    assert report(evaluate(data, GOALS)) == 1


def test_a_goal_without_results_is_not_measured_and_fails() -> None:
    data = payload(row("agenda (600 sessions)", 0.3), row("timetable", 0.1, 20, database="sqlite"))
    assert statuses(data)[2] == NOT_MEASURED
    assert report(evaluate(data, GOALS)) == 1


def test_uncached_run_checks_the_uncached_goal_and_memory_and_the_rush() -> None:
    data = payload(
        row("agenda (600 sessions)", 0.05, rss=151), row("timetable", 0.1), page_cache=False, rush_ok=False
    )
    assert statuses(data) == [SKIPPED, MISSED, MET, MISSED, MISSED]
