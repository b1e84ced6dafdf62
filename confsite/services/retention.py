"""How long registrations keep their personal details after an event, and the purge
that anonymises them afterwards (``confsite purge-personal-data``).

The period is a site setting an administrator changes on */admin/privacy*; without
one, ``PERSONAL_DATA_RETENTION_MONTHS`` from the configuration applies (12 months).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from confsite.extensions import db
from confsite.models import Event, OutboxMessage, OutboxStatus, Registration, SiteSetting, utcnow
from confsite.plugins import host
from confsite.services.personal_data import ERASED_DOMAIN, anonymise_registrations

RETENTION_KEY = "retention_months"
MIN_MONTHS, MAX_MONTHS = 1, 120


class RetentionError(ValueError):
    """A retention period that cannot be set; the message says why."""


def default_months() -> int:
    """The configured default (``PERSONAL_DATA_RETENTION_MONTHS``), 12 if unset or wrong."""
    value = current_app.config.get("PERSONAL_DATA_RETENTION_MONTHS", 12)
    try:
        months = int(value)
    except (TypeError, ValueError):
        return 12
    return months if MIN_MONTHS <= months <= MAX_MONTHS else 12


def retention_months() -> int:
    """Months after an event ends during which its registrations keep names and addresses."""
    row = db.session.get(SiteSetting, RETENTION_KEY)
    if row is not None and isinstance(row.value, int) and MIN_MONTHS <= row.value <= MAX_MONTHS:
        return row.value
    return default_months()


def set_retention_months(months: int) -> None:
    """Store the site's retention period (1 to 120 months). Commits."""
    if not isinstance(months, int) or not MIN_MONTHS <= months <= MAX_MONTHS:
        raise RetentionError(f"the retention period must be between {MIN_MONTHS} and {MAX_MONTHS} months")
    row = db.session.get(SiteSetting, RETENTION_KEY)
    if row is None:
        db.session.add(SiteSetting(key=RETENTION_KEY, value=months))
    else:
        row.value = months
        row.updated_at = utcnow()
    db.session.commit()


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` minus whole calendar months (the day clamped to the month's length)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28]
    days += [31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return moment.replace(year=year, month=month, day=min(moment.day, days[month - 1]))


def cutoff(now: datetime | None = None) -> datetime:
    """Events that ended before this instant are past the retention period."""
    return months_before(now or utcnow(), retention_months())


@dataclass
class DueEvent:
    """An event past the retention period with registrations still holding details."""

    slug: str
    title: str
    end_at: datetime
    registrations: int


def _due_filter(limit: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        Event.end_at < limit,
        sa.not_(Registration.email.like("erased-%" + ERASED_DOMAIN)),
    )


def due(now: datetime | None = None) -> list[DueEvent]:
    """What a purge would anonymise now, event by event (oldest first). Reads only."""
    rows = db.session.execute(
        sa.select(Event.slug, Event.title, Event.end_at, sa.func.count(Registration.id))
        .join(Registration, Registration.event_id == Event.id)
        .where(_due_filter(cutoff(now)))
        .group_by(Event.id, Event.slug, Event.title, Event.end_at)
        .order_by(Event.end_at, Event.slug)
    ).all()
    return [DueEvent(slug, title, end_at, count) for slug, title, end_at, count in rows]


# Outbox rows still on their way are never purged, whatever their age.
_DONE_MAIL = sa.not_(OutboxMessage.status.in_([OutboxStatus.QUEUED, OutboxStatus.RETRYING]))


def old_mail(now: datetime | None = None) -> int:
    """How many e-mails of the outbox log (sent, failed or refused) are older than the
    retention period: they hold names and addresses too. Reads only."""
    limit = cutoff(now)
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(_DONE_MAIL, OutboxMessage.created_at < limit)
        )
        or 0
    )


def purge(now: datetime | None = None) -> int:
    """Anonymise every registration of events that ended more than the retention
    period ago (see ``personal_data.anonymise_registrations``: the country, sector,
    status and check-in the attendance figures count stay), then lets plugins do the
    same with their data of those events (``purge_personal_data`` hook); e-mails of the
    outbox log older than the period are deleted. Running it again changes nothing.
    Returns how many registrations were anonymised. Commits once."""
    limit = cutoff(now)
    past_events = sa.select(Event.id).where(Event.end_at < limit).scalar_subquery()
    try:
        count = anonymise_registrations(Registration.event_id.in_(past_events))
        host().call("purge_personal_data", ended_before=limit)
        db.session.execute(sa.delete(OutboxMessage).where(_DONE_MAIL, OutboxMessage.created_at < limit))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return count
