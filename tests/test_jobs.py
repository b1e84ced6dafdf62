"""The job queue: sent after commit, retried with back-off, dead letters kept and
shown, run against the configured broker (Redis under CI, SQLite otherwise)."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from huey import RedisHuey, SqliteHuey

from confsite import jobs
from confsite.extensions import db
from confsite.jobs import queue
from confsite.models import Series

CALLS: list[str] = []


@jobs.job(retries=2, retry_delay=60, backoff=2.0)
def _record(word: str) -> None:
    CALLS.append(word)


FLAKY: dict[str, int] = {}


@jobs.job(retries=2, retry_delay=60, backoff=2.0)
def _fails_until(key: str, successes_after: int) -> None:
    FLAKY[key] = FLAKY.get(key, 0) + 1
    if FLAKY[key] <= successes_after:
        raise RuntimeError(f"attempt {FLAKY[key]} of {key} failed")
    CALLS.append(key)


@pytest.fixture(autouse=True)
def _clean() -> None:
    CALLS.clear()
    FLAKY.clear()


def test_broker_is_redis_under_ci_and_sqlite_otherwise(app):
    huey = queue.app_queue(app).huey
    if os.environ.get("CI", "").lower() == "true":
        assert isinstance(huey, RedisHuey)
        assert app.config["REDIS_URL"].endswith("/1")  # the database number this suite owns
        assert huey.storage.conn.ping()  # a missing Redis fails the suite, never skips it
    else:
        assert isinstance(huey, SqliteHuey)


def test_a_job_is_sent_when_the_transaction_commits_and_dropped_on_rollback(app):
    db.session.add(Series(slug="s1", title="S"))
    jobs.enqueue(_record, "kept")
    assert jobs.queue_counts()["pending"] == 0  # not before the commit
    db.session.commit()
    db.session.add(Series(slug="s2", title="S"))
    jobs.enqueue(_record, "dropped")
    db.session.rollback()
    assert jobs.queue_counts()["pending"] == 1
    assert jobs.run_pending(app) == 1
    assert CALLS == ["kept"]


def _wait_before_retry(app) -> float:
    """Seconds between now and the scheduled retry of the only job waiting."""
    [task] = queue.app_queue(app).huey.scheduled()
    return (task.eta - datetime.now(UTC).replace(tzinfo=None)).total_seconds()


def test_failures_are_retried_with_back_off(app):
    jobs.enqueue(_fails_until, "flaky", 2)
    jobs.run_pending(app)
    assert FLAKY["flaky"] == 1
    assert 50 < _wait_before_retry(app) <= 60
    jobs.run_pending(app)  # not yet due
    assert FLAKY["flaky"] == 1
    jobs.run_pending(app, now=datetime.now(UTC) + timedelta(seconds=61))
    assert FLAKY["flaky"] == 2
    assert 110 < _wait_before_retry(app) <= 120  # the wait doubled
    jobs.run_pending(app, now=datetime.now(UTC) + timedelta(seconds=121))
    assert FLAKY["flaky"] == 3 and CALLS == ["flaky"]
    assert jobs.queue_counts() == {"pending": 0, "scheduled": 0}
    assert jobs.dead_letters() == []


def test_a_job_failing_every_attempt_lands_in_the_dead_letter_list(app, client, auth, make):
    jobs.enqueue(_fails_until, "hopeless", 99)
    moment = datetime.now(UTC)
    for _ in range(4):
        jobs.run_pending(app, now=moment)
        moment += timedelta(hours=1)
    assert FLAKY["hopeless"] == 3  # the first attempt and two retries
    [dead] = jobs.dead_letters()
    assert dead.name.endswith("_fails_until") and "attempt 3 of hopeless failed" in dead.error
    assert dead.attempts == 3

    make.user("admin@example.org", admin=True)
    make.user("someone@example.org")
    auth.login("someone@example.org")
    assert client.get("/admin/jobs").status_code == 403
    assert client.post(f"/admin/jobs/dead/{dead.id}/retry").status_code == 403
    auth.login("admin@example.org")
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "attempt 3 of hopeless failed" in page and "_fails_until" in page

    FLAKY["hopeless"] = 99  # whatever was wrong is fixed: the next attempt succeeds
    response = client.post(f"/admin/jobs/dead/{dead.id}/retry")
    assert response.status_code == 302
    assert jobs.dead_letters() == []
    jobs.run_pending(app)
    assert CALLS == ["hopeless"]
    assert client.post("/admin/jobs/dead/999999/retry").status_code == 404


def test_jobs_cli_runs_and_reports(app, runner):
    jobs.enqueue(_record, "from the cli")
    result = runner.invoke(args=["jobs", "status"])
    assert result.exit_code == 0 and "pending: 1" in result.output
    result = runner.invoke(args=["jobs", "run"])
    # ours and the periodic jobs due this minute (at least the minutely one)
    ran = re.search(r"Ran (\d+) job\(s\)\.", result.output)
    assert result.exit_code == 0 and ran is not None and int(ran.group(1)) >= 2
    assert CALLS == ["from the cli"]
    missing = runner.invoke(args=["jobs", "retry", "424242"])
    assert missing.exit_code != 0 and "no dead job #424242" in missing.output


def test_unknown_jobs_are_refused_when_asked_for(app):
    with pytest.raises(LookupError):
        jobs.enqueue("no.such.job")
