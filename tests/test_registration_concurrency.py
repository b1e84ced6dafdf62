"""Many people at once: capacity holds on SQLite and on PostgreSQL.

Each thread has its own application context, hence its own database session and
connection, and all threads are released together by a barrier, so their
transactions really do overlap (run with CONFSITE_TEST_DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationStatus
from confsite.services import registration as reg

THREADS = 24


def run_together(app, jobs: list[Callable[[], object]]) -> list[object]:
    """Run ``jobs`` in parallel threads, each in its own app context; return results or errors."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(index: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                results[index] = jobs[index]()
            except Exception as exc:
                results[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a registration thread hung"
    return results


def counts(event_id: int) -> dict[RegistrationStatus, int]:
    db.session.expire_all()
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count(Registration.id))
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    ).all()
    return dict(rows)


def register_job(event_id: int, email: str) -> Callable[[], object]:
    def job() -> object:
        event = db.session.get(Event, event_id)
        registration, created = reg.register(
            event, reg.Applicant(name=email, email=email, country="ES", sector="other", consent=True)
        )
        return registration.status, created

    return job


def test_concurrent_registrations_never_overbook(app, make):
    capacity = 5
    event_id = make.event(capacity=capacity).id
    results = run_together(app, [register_job(event_id, f"a{i}@example.org") for i in range(THREADS)])

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    confirmed_answers = [r for r in results if r == (RegistrationStatus.CONFIRMED, True)]
    assert len(confirmed_answers) == capacity
    assert counts(event_id) == {
        RegistrationStatus.CONFIRMED: capacity,
        RegistrationStatus.WAITLISTED: THREADS - capacity,
    }
    assert db.session.get(Event, event_id).confirmed_count == capacity


def test_concurrent_duplicates_take_one_seat(app, make):
    event_id = make.event(capacity=3).id
    results = run_together(app, [register_job(event_id, "same@example.org") for _ in range(12)])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(1 for r in results if r[1] is True) == 1
    assert counts(event_id) == {RegistrationStatus.CONFIRMED: 1}
    assert db.session.get(Event, event_id).confirmed_count == 1


def test_concurrent_cancellations_promote_each_waiting_person_once(app, make):
    capacity, waiting = 6, 10
    event = make.event(capacity=capacity)
    seats = [
        reg.register(event, reg.Applicant(f"c{i}", f"c{i}@example.org", consent=True))[0].id
        for i in range(capacity)
    ]
    for i in range(waiting):
        reg.register(event, reg.Applicant(f"w{i}", f"w{i}@example.org", consent=True))

    def cancel_job(registration_id: int) -> Callable[[], object]:
        def job() -> object:
            return [r.email for r in reg.cancel_registration(db.session.get(Registration, registration_id))]

        return job

    # Every holder cancels while newcomers keep registering.
    jobs = [cancel_job(i) for i in seats] + [register_job(event.id, f"n{i}@example.org") for i in range(6)]
    results = run_together(app, jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    promoted = [email for r in results[:capacity] for email in r]
    assert sorted(promoted) == sorted(f"w{i}@example.org" for i in range(capacity))
    assert counts(event.id) == {
        RegistrationStatus.CANCELLED: capacity,
        RegistrationStatus.CONFIRMED: capacity,
        RegistrationStatus.WAITLISTED: waiting - capacity + 6,
    }
    assert db.session.get(Event, event.id).confirmed_count == capacity


def test_mixed_traffic_keeps_the_seat_count_true_and_never_deadlocks(app, make):
    """Organiser promotions, cancellations and newcomers all at once."""
    event = make.event(capacity=3)
    confirmed = [
        reg.register(event, reg.Applicant(f"c{i}", f"c{i}@example.org", consent=True))[0].id for i in range(3)
    ]
    waiting = [
        reg.register(event, reg.Applicant(f"w{i}", f"w{i}@example.org", consent=True))[0].id for i in range(8)
    ]

    def by_id(action, registration_id: int) -> Callable[[], object]:
        def job() -> object:
            try:
                return action(db.session.get(Registration, registration_id))
            except reg.RegistrationError as exc:  # lost a race cleanly: allowed
                return exc.args[0]

        return job

    jobs = (
        [by_id(reg.cancel_registration, i) for i in confirmed]
        + [by_id(reg.promote, i) for i in waiting[-4:]]
        + [register_job(event.id, f"n{i}@example.org") for i in range(6)]
    )
    results = run_together(app, jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    by_status = counts(event.id)
    seats = db.session.get(Event, event.id).confirmed_count
    assert seats == by_status[RegistrationStatus.CONFIRMED]
    assert by_status[RegistrationStatus.CANCELLED] == 3
    assert sum(by_status.values()) == 3 + 8 + 6


# --- every status-changing path keeps confirmed_count == confirmed rows (issue 15) ------


def assert_seats_true(event_id: int) -> None:
    confirmed = counts(event_id).get(RegistrationStatus.CONFIRMED, 0)
    assert db.session.get(Event, event_id).confirmed_count == confirmed


def guarded(action, registration_id: int) -> Callable[[], object]:
    def job() -> object:
        try:
            return action(db.session.get(Registration, registration_id))
        except reg.RegistrationError as exc:  # lost a race cleanly: allowed
            return exc.args[0]

    return job


def test_concurrent_re_registrations_after_cancelling_take_one_seat(app, make):
    event = make.event(capacity=5)
    first, _ = reg.register(event, reg.Applicant("Ana", "same@example.org", consent=True))
    reg.cancel_registration(first)
    results = run_together(app, [register_job(event.id, "same@example.org") for _ in range(20)])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(1 for r in results if r[1] is True) == 1
    assert counts(event.id) == {RegistrationStatus.CONFIRMED: 1}
    assert_seats_true(event.id)


def test_concurrent_cancellations_of_one_registration_free_one_seat(app, make):
    event = make.event(capacity=2)
    holder = reg.register(event, reg.Applicant("Ana", "ana@example.org", consent=True))[0].id
    reg.register(event, reg.Applicant("Bo", "bo@example.org", consent=True))
    reg.register(event, reg.Applicant("Cy", "cy@example.org", consent=True))  # waiting
    results = run_together(app, [guarded(reg.cancel_registration, holder) for _ in range(12)])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert counts(event.id) == {RegistrationStatus.CANCELLED: 1, RegistrationStatus.CONFIRMED: 2}
    assert_seats_true(event.id)


def test_concurrent_promotions_of_one_person_take_one_seat(app, make):
    event = make.event(capacity=1)
    reg.register(event, reg.Applicant("Ana", "ana@example.org", consent=True))
    waiting = reg.register(event, reg.Applicant("Bo", "bo@example.org", consent=True))[0].id
    results = run_together(app, [guarded(reg.promote, waiting) for _ in range(12)])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert counts(event.id) == {RegistrationStatus.CONFIRMED: 2}
    assert_seats_true(event.id)


def test_capacity_changes_racing_registrations_and_cancellations_keep_the_count(app, make):
    event = make.event(capacity=2)
    holders = [
        reg.register(event, reg.Applicant(f"c{i}", f"c{i}@example.org", consent=True))[0].id for i in range(2)
    ]
    for i in range(4):
        reg.register(event, reg.Applicant(f"w{i}", f"w{i}@example.org", consent=True))

    def capacity_job(capacity: int) -> Callable[[], object]:
        def job() -> object:
            return reg.set_capacity(db.session.get(Event, event.id), capacity)

        return job

    jobs = (
        [capacity_job(c) for c in (3, 5, 1, 4, 6)]
        + [guarded(reg.cancel_registration, i) for i in holders]
        + [register_job(event.id, f"n{i}@example.org") for i in range(5)]
    )
    results = run_together(app, jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert_seats_true(event.id)
    assert sum(counts(event.id).values()) == 2 + 4 + 5


def test_organiser_adding_someone_who_cancelled_races_their_own_re_registration(app, make):
    """The organiser form (``bypass_window``) and the public form reactivate the same row."""
    event = make.event(capacity=3)
    row, _ = reg.register(event, reg.Applicant("Ana", "ana@example.org", consent=True))
    reg.cancel_registration(row)

    def organiser_job() -> object:
        found = db.session.get(Event, event.id)
        applicant = reg.Applicant("Ana", "ana@example.org", consent=True)
        return reg.register(found, applicant, bypass_window=True)[0].status

    jobs = [organiser_job for _ in range(8)] + [register_job(event.id, "ana@example.org") for _ in range(8)]
    results = run_together(app, jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert counts(event.id) == {RegistrationStatus.CONFIRMED: 1}
    assert_seats_true(event.id)
