"""The monitoring plugin's writes, each one unit of work: the partnership profile of a
series, its stand-alone activities and an event's monitoring details. Views call these
and never touch the session; the rules (an untouched details form removes the record)
live here, not in the views."""

from __future__ import annotations

from datetime import date

from confsite.api import Event, Series, db

from .activities import save_activity
from .models import Activity, ActivityCategory, DatePrecision
from .narrative import save_period_report
from .profile import ProfileData, save_profile


def save_series_profile(series: Series, data: ProfileData) -> None:
    """Replace the series' partnership profile with ``data``."""
    save_profile(series, data)
    db.session.commit()


def save_period_narrative(
    series: Series, start: date, end: date, *, texts: dict[str, str], comments: dict[str, str]
) -> None:
    """Replace what the lead regions wrote for ``series`` and the period ``start``–``end``."""
    try:
        save_period_report(series, start, end, texts, comments)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()


def save_series_activity(
    series: Series,
    record: Activity | None,
    *,
    title: str,
    category: ActivityCategory,
    precision: DatePrecision,
    dates_text: str,
    date_text: str,
    place: str,
) -> Activity:
    """Create (``record`` None) or change a stand-alone activity of ``series``.
    Raises ``DateInputError`` with nothing written when the dates do not parse."""
    try:
        saved = save_activity(
            record or Activity(series=series),
            precision=precision,
            dates_text=dates_text,
            date_text=date_text,
            place=place,
            category=category,
            title=title,
        )
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return saved


def delete_series_activity(record: Activity) -> None:
    db.session.delete(record)
    db.session.commit()


def save_event_details(
    event: Event,
    record: Activity | None,
    *,
    category: ActivityCategory | None,
    precision: DatePrecision,
    dates_text: str,
    date_text: str,
    place: str,
) -> None:
    """Store how the partnership report lists ``event``. Details left as they come
    (no category, day precision, no dates, text or place) mean "as the event says":
    the record is removed rather than kept empty."""
    untouched = (
        category is None
        and precision == DatePrecision.DAY
        and not dates_text.strip()
        and not date_text.strip()
        and not place.strip()
    )
    try:
        if untouched:
            if record is not None:
                db.session.delete(record)
        else:
            save_activity(
                record or Activity(event=event),
                precision=precision,
                dates_text=dates_text,
                date_text=date_text,
                place=place,
                category=category,
            )
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
