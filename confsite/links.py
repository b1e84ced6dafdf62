"""The site's public addresses, for documents that leave the site (feeds, schedules,
calendar buttons): the one place that knows which route serves what, so services
name a page without knowing routing."""

from __future__ import annotations

from flask import url_for

from confsite.models import Event, Series, Session


def site_home() -> str:
    return url_for("public.home", _external=True)


def event_page(event: Event) -> str:
    return url_for("public.event", slug=event.slug, _external=True)


def session_page(event: Event, session: Session) -> str:
    return url_for("public.session", slug=event.slug, session_id=session.id, _external=True)


def event_ics(event: Event) -> str:
    return url_for("calendar.event_ics", slug=event.slug, _external=True)


def session_ics(event: Event, session: Session) -> str:
    return url_for("calendar.session_ics", slug=event.slug, session_id=session.id, _external=True)


def series_ics(series: Series) -> str:
    return url_for("calendar.series_ics", slug=series.slug, _external=True)


def schedule_xml(event: Event) -> str:
    return url_for("calendar.schedule_xml", slug=event.slug, _external=True)


def personal_ics(token: str) -> str:
    return url_for("calendar.personal_ics", token=token, _external=True)
