"""Demo content: reported stream views and some counted page views for the reference
conference (its 65 registrations over 16 countries come with the core demo)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import sqlalchemy as sa
from confsite_plugins.attendance.counting import write_counts
from confsite_plugins.attendance.models import EventPageViews, ManualCount

from confsite.api import Event, Session, db

CONFERENCE = "ka4-conference-2021"
STREAM_SOURCE = "Streaming platform"
# Published "in a nutshell" figures of the conference: views of the stream per day.
STREAM_VIEWS = {date(2021, 7, 13): 194, date(2021, 7, 14): 414}
# Invented page-view counts of the event page in the fortnight around the conference.
EVENT_PAGE_VIEWS = {
    date(2021, 7, 5): 21,
    date(2021, 7, 7): 34,
    date(2021, 7, 9): 40,
    date(2021, 7, 12): 88,
    date(2021, 7, 13): 131,
    date(2021, 7, 14): 97,
    date(2021, 7, 15): 26,
}


def load() -> None:
    event = db.session.scalar(sa.select(Event).where(Event.slug == CONFERENCE))
    if event is None:
        return
    existing = set(
        db.session.scalars(
            sa.select(ManualCount.day).where(
                ManualCount.event_id == event.id, ManualCount.source == STREAM_SOURCE
            )
        )
    )
    for day, views in STREAM_VIEWS.items():
        if day not in existing:
            db.session.add(ManualCount(event_id=event.id, day=day, source=STREAM_SOURCE, count=views))
    db.session.commit()
    already_counted = db.session.scalar(
        sa.select(sa.func.count()).select_from(EventPageViews).where(EventPageViews.event_id == event.id)
    )
    if already_counted:
        return
    counts: Counter = Counter({(event.id, None, day): n for day, n in EVENT_PAGE_VIEWS.items()})
    sessions = db.session.scalars(
        sa.select(Session).where(Session.event_id == event.id).order_by(Session.start_at)
    ).all()
    for position, session in enumerate(sessions):
        local_day = event.local(session.start_at).date()
        counts[(event.id, session.id, local_day)] += 12 + 7 * (position % 3)
    write_counts(counts)
