"""Public pages: home, series, event agenda, sessions and speakers."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.hooktypes import PageContext
from confsite.models import Event, EventStatus, Person, Series, utcnow
from confsite.plugins import host
from confsite.services import agenda
from confsite.services.lookup import series_by_slug, session_of_event_or_404, visible_event_or_404

bp = Blueprint("public", __name__)


def _user():  # type: ignore[no-untyped-def]
    return current_user if current_user.is_authenticated else None


@bp.get("/")
def home() -> str:
    events = db.session.scalars(
        sa.select(Event)
        .where(Event.status != EventStatus.DRAFT)
        .options(selectinload(Event.series))
        .order_by(Event.start_at)
    ).all()
    now = utcnow()
    upcoming = [e for e in events if e.end_at >= now]
    past = sorted((e for e in events if e.end_at < now), key=lambda e: e.start_at, reverse=True)
    return render_template("public/home.html", upcoming=upcoming, past=past)


@bp.get("/series/<slug>/")
def series(slug: str) -> str:
    found = series_by_slug(slug)
    if found is None:
        abort(404)
    events = [e for e in found.events if e.status != EventStatus.DRAFT]
    panels = host().panels(PageContext(kind="series", user=_user(), series=found))
    return render_template("public/series.html", series=found, events=events, panels=panels)


@bp.get("/events/<slug>/")
def event(slug: str) -> str:
    found = visible_event_or_404(slug, _user())
    sessions = agenda.load_sessions(found)
    panels = host().panels(PageContext(kind="event", user=_user(), event=found))
    return render_template(
        "public/event.html",
        event=found,
        days=agenda.agenda_days(found, sessions),
        panels=panels,
    )


@bp.get("/events/<slug>/sessions/<int:session_id>")
def session(slug: str, session_id: int) -> str:
    found = visible_event_or_404(slug, _user())
    item = session_of_event_or_404(found, session_id)
    panels = host().panels(PageContext(kind="session", user=_user(), event=found, session=item))
    return render_template("public/session.html", event=found, session=item, panels=panels)


@bp.get("/events/<slug>/speakers/")
def speakers(slug: str) -> str:
    found = visible_event_or_404(slug, _user())
    return render_template(
        "public/speakers.html", event=found, people=agenda.event_people(found)
    )


@bp.get("/events/<slug>/speakers/<int:person_id>")
def speaker(slug: str, person_id: int) -> str:
    found = visible_event_or_404(slug, _user())
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    talks, chaired = agenda.person_in_event(found, person)
    if not talks and not chaired:
        abort(404)
    panels = host().panels(PageContext(kind="speaker", user=_user(), event=found, person=person))
    return render_template(
        "public/speaker.html", event=found, person=person, talks=talks, chaired=chaired,
        panels=panels,
    )
