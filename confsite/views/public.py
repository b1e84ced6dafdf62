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


def _render_page(template: str, page: PageContext, **context) -> str:  # type: ignore[no-untyped-def]
    """Render a public page with its plugin panels, then tell plugins it was viewed."""
    html = render_template(template, panels=host().panels(page), **context)
    host().call("page_viewed", event=page.event, series=page.series if page.event is None else None, page=page)
    return html


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
    page = PageContext(kind="series", user=_user(), series=found)
    return _render_page("public/series.html", page, series=found, events=events)


@bp.get("/events/<slug>/")
def event(slug: str) -> str:
    found = visible_event_or_404(slug, _user())
    sessions = agenda.load_sessions(found)
    page = PageContext(kind="event", user=_user(), event=found)
    return _render_page("public/event.html", page, event=found, days=agenda.agenda_days(found, sessions))


@bp.get("/events/<slug>/sessions/<int:session_id>")
def session(slug: str, session_id: int) -> str:
    found = visible_event_or_404(slug, _user())
    item = session_of_event_or_404(found, session_id)
    page = PageContext(kind="session", user=_user(), event=found, session=item)
    return _render_page("public/session.html", page, event=found, session=item)


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
    page = PageContext(kind="speaker", user=_user(), event=found, person=person)
    return _render_page(
        "public/speaker.html", page, event=found, person=person, talks=talks, chaired=chaired
    )
