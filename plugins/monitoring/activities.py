"""A series' activities as a monitoring report sees them: its published events
(refined by their optional monitoring row) plus its stand-alone activities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from confsite_plugins.monitoring.dates import (
    describe,
    normalise_days,
    one_way,
    parse_day_list,
)
from confsite_plugins.monitoring.models import (
    Activity,
    ActivityCategory,
    ActivityDate,
    DatePrecision,
)
from sqlalchemy.orm import selectinload

from confsite.api import (
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    ReportedActivity,
    Series,
    db,
    reported_activities,
)

CATEGORY_OF_KIND: dict[EventKind, ActivityCategory] = {
    EventKind.MEETING: ActivityCategory.MEETING,
    EventKind.WEBINAR: ActivityCategory.MEETING,
    EventKind.WORKSHOP: ActivityCategory.WORKSHOP,
    EventKind.TRAINING: ActivityCategory.WORKSHOP,
    EventKind.CAPACITY_BUILDING: ActivityCategory.WORKSHOP,
    EventKind.CONFERENCE: ActivityCategory.DISSEMINATION,
    EventKind.DISSEMINATION: ActivityCategory.DISSEMINATION,
}


@dataclass(frozen=True)
class ActivityView:
    """One row of a monitoring table, whatever it was built from."""

    title: str
    category: ActivityCategory
    precision: DatePrecision
    days: tuple[date, ...]
    date_text: str  # as written; empty = derived from precision and days
    place: str
    event: Event | None = None
    record: Activity | None = None
    reported_by: str = ""  # a plugin that reported it (monitoring_activities hook)

    @property
    def anchor(self) -> date | None:
        """The day that places the activity in a period (first day it is held, or
        the first day of its month or season); None while undecided."""
        if self.precision == DatePrecision.TBD or not self.days:
            return None
        return self.days[0]

    @property
    def date_label(self) -> str:
        """The date as written, or in words; undecided always reads "To be decided"."""
        return one_way(self.date_text) if self.date_text else describe(self.precision, list(self.days))

    @property
    def place_label(self) -> str:
        return one_way(self.place)

    @property
    def sort_key(self) -> tuple:
        return (self.anchor is None, self.anchor or date.min, self.title.casefold())


def category_of(event: Event) -> ActivityCategory:
    return CATEGORY_OF_KIND[EventKind(event.kind)]


def event_days(event: Event) -> tuple[date, ...]:
    """Every local day from the event's start to its end (an end at midnight
    belongs to the day before)."""
    first = event.local(event.start_at).date()
    last = event.local(event.end_at - timedelta(microseconds=1)).date()
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))


def event_place(event: Event) -> str:
    if event.venue:
        return event.venue
    return "Online" if EventFormat(event.format) == EventFormat.ONLINE else ""


def view_of_event(event: Event, record: Activity | None) -> ActivityView:
    precision = record.precision if record else DatePrecision.DAY
    days = tuple(record.days) if record and record.days else ()
    if precision == DatePrecision.DAY and not days:
        days = event_days(event)
    return ActivityView(
        title=event.title,
        category=(record.category if record and record.category else category_of(event)),
        precision=precision,
        days=days,
        date_text=record.date_text if record else "",
        place=(record.place if record and record.place else event_place(event)),
        event=event,
        record=record,
    )


def view_of_record(record: Activity) -> ActivityView:
    return ActivityView(
        title=record.title,
        category=ActivityCategory(record.category),
        precision=record.precision,
        days=tuple(record.days),
        date_text=record.date_text,
        place=record.place,
        record=record,
    )


def view_of_reported(activity: ReportedActivity) -> ActivityView:
    """An activity another plugin reported (a call, a matchmaking session...)."""
    return ActivityView(
        title=activity.title,
        category=ActivityCategory(activity.category),
        precision=DatePrecision.DAY,
        days=(activity.day,),
        date_text="",
        place=activity.place,
        reported_by=activity.plugin,
    )


def series_activities(series: Series) -> list[ActivityView]:
    """All activities of ``series`` in date order (undecided ones last).

    Only published events count: drafts are not yet real and cancelled events did
    not take place. Three queries whatever the number of activities.
    """
    events = db.session.scalars(
        sa.select(Event).where(Event.series_id == series.id, Event.status == EventStatus.PUBLISHED)
    ).all()
    records = db.session.scalars(
        sa.select(Activity)
        .where(
            sa.or_(
                Activity.series_id == series.id,
                Activity.event_id.in_([e.id for e in events]) if events else sa.false(),
            )
        )
        .options(selectinload(Activity.dates))
    ).all()
    by_event = {r.event_id: r for r in records if r.event_id is not None}
    views = [view_of_event(e, by_event.get(e.id)) for e in events]
    views += [view_of_record(r) for r in records if r.event_id is None]
    views += [view_of_reported(a) for a in reported_activities(series)]
    return sorted(views, key=lambda v: v.sort_key)


def event_record(event: Event) -> Activity | None:
    return db.session.scalar(sa.select(Activity).where(Activity.event_id == event.id))


def save_activity(
    record: Activity,
    *,
    precision: DatePrecision,
    dates_text: str,
    date_text: str,
    place: str,
    category: ActivityCategory | None,
    title: str | None = None,
) -> Activity:
    """Fill ``record`` from form input (added to the session, not committed).

    Raises :class:`DateInputError` before changing anything when the dates do not
    fit the precision.
    """
    has_event = record.event is not None or record.event_id is not None
    days = normalise_days(precision, parse_day_list(dates_text), has_event=has_event)
    if title is not None:
        record.title = title.strip()
    record.category = category
    record.precision = precision
    record.date_text = date_text.strip()
    record.place = place.strip()
    record.dates = [ActivityDate(day=d) for d in days]
    db.session.add(record)
    return record
