"""The figures of an event: the reference conference's published numbers, and a fixed
number of SQL queries whatever the event's size."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import sqlalchemy as sa
from confsite_plugins.attendance.figures import collect_figures
from confsite_plugins.attendance.models import EventPageViews, SessionPageViews

from confsite.extensions import db
from confsite.models import Registration, Sector
from confsite.testing import count_queries
from tests.attendance.conftest import COUNTRY_SPREAD, add_registrations
from tests.factories import utc


def test_reference_figures(reference_with_streams):
    event = reference_with_streams.event
    figures = collect_figures([event])
    assert (figures.countries, figures.confirmed, figures.speakers) == (16, 65, 11)
    assert (figures.waitlisted, figures.cancelled) == (3, 3)
    assert figures.checked_in == 33 and round(figures.attendance_rate, 3) == round(33 / 65, 3)
    assert figures.sessions == 4  # the coffee break is not a session
    assert dict(figures.by_country) == COUNTRY_SPREAD
    assert sum(n for _s, n in figures.by_sector) == 65
    assert {s for s, _n in figures.by_sector} == set(Sector)
    assert [(m.day, m.source, m.count) for m in figures.manual] == [
        (date(2021, 7, 13), "Streaming platform", 194),
        (date(2021, 7, 14), "Streaming platform", 414),
    ]
    assert figures.page_views == 0  # reported numbers are never added to counted views
    cumulative = figures.cumulative_confirmed
    assert cumulative[-1][1] == 65 and len(cumulative) == len({d for d, _n in cumulative})
    assert all(a[1] < b[1] for a, b in itertools.pairwise(cumulative))


def test_registration_days_are_local_days(app, make):
    event = make.event(timezone="Europe/Madrid", start_at=utc(2021, 7, 13, 7, 0))
    add_registrations(event, {"ES": 1})
    registration = db.session.scalar(sa.select(Registration).where(Registration.event_id == event.id))
    registration.confirmed_at = utc(2021, 6, 30, 22, 30)  # 00:30 on 1 July in Madrid
    db.session.commit()
    assert collect_figures([event]).confirmed_per_day == [(date(2021, 7, 1), 1)]


def _fill(event, registrations: int, counter_days: int) -> None:
    """``registrations`` in bulk, and view counters for the event page and its sessions."""
    add_registrations(event, {"ES": registrations // 2, "IT": registrations - registrations // 2})
    sessions = [s.id for s in event.sessions]
    first = date(2021, 1, 1)
    db.session.execute(
        sa.insert(EventPageViews),
        [
            {"event_id": event.id, "day": first + timedelta(days=d), "views": d + 1}
            for d in range(counter_days)
        ],
    )
    if sessions:
        db.session.execute(
            sa.insert(SessionPageViews),
            [
                {"session_id": s, "event_id": event.id, "day": first + timedelta(days=d), "views": 2}
                for s in sessions
                for d in range(counter_days)
            ],
        )
    db.session.commit()


def test_figures_cost_a_fixed_number_of_queries(app, make):
    small = make.event()
    make.talk(make.session(small), [make.person()])
    _fill(small, registrations=4, counter_days=2)
    large = make.event()
    for _ in range(10):
        make.talk(make.session(large), [make.person(), make.person()])
    _fill(large, registrations=500, counter_days=300)  # 300 + 3,000 counters
    db.session.expire_all()
    assert small.start_at and large.start_at  # load the events themselves outside the count

    with count_queries() as small_queries:
        small_figures = collect_figures([small])
    with count_queries() as large_queries:
        large_figures = collect_figures([large])
    assert large_figures.confirmed == 500 and large_figures.speakers == 20
    assert large_figures.page_views == sum(range(1, 301)) + 10 * 300 * 2
    assert small_figures.confirmed == 4
    assert len(large_queries) == len(small_queries) == 10, large_queries


def test_dashboard_costs_the_same_for_small_and_large_events(app, make, client, auth):
    organiser = make.user()
    small, large = make.event(), make.event()
    for event in (small, large):
        make.role(organiser, "organiser", event=event)
        make.talk(make.session(event), [make.person()])
    _fill(small, registrations=2, counter_days=1)
    _fill(large, registrations=500, counter_days=1000)
    auth.login(organiser.email)
    counts = []
    for event in (small, large):
        db.session.expire_all()
        with count_queries() as queries:
            assert client.get(f"/manage/events/{event.slug}/attendance/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
