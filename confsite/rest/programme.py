"""Series, events, rooms, sessions, talks and people over HTTP (``/api/v1``).

Reads are public for published and cancelled events; drafts and writes need a token
whose owner organises the event. Writes go through ``confsite.services.events`` like
the organiser forms, so the change log, iCal SEQUENCE and plugin notices follow.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import NoReturn

import sqlalchemy as sa
from flask import abort
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload
from werkzeug.http import http_date

from confsite.countries import normalise_country
from confsite.extensions import db
from confsite.models import (
    Event,
    EventStatus,
    Organisation,
    Person,
    Room,
    Series,
    Session,
    SessionChange,
    Talk,
)
from confsite.name_keys import name_key
from confsite.rest import auth
from confsite.rest import schemas as s
from confsite.rest.problems import invalid
from confsite.services import agenda, people
from confsite.services import events as event_service
from confsite.services.lookup import series_by_slug
from confsite.services.permissions import managed_event_ids

bp = Blueprint(
    "api_programme",
    __name__,
    description="Series, events and their programmes (sessions, talks, rooms, people)",
)

ID_RANGE = 2**31 - 1


# --- helpers -------------------------------------------------------------------------------


def managed_event_or_404(slug: str) -> Event:
    event = auth.event_or_404(slug)
    auth.require_event_manager(event, write=True)
    return event


def _session_or_404(event: Event, session_id: int) -> Session:
    session = db.session.get(Session, session_id, options=agenda.programme_loaders())
    if session is None or session.event_id != event.id:
        abort(404, "No such session in this event.")
    return session


def _people(ids: list[int], field: str) -> tuple[Person, ...]:
    found = {p.id: p for p in db.session.scalars(sa.select(Person).where(Person.id.in_(ids)))} if ids else {}
    missing = [i for i in ids if i not in found]
    if missing:
        invalid(field, f"No person with id {', '.join(map(str, missing))}.")
    return tuple(found[i] for i in ids)


def _unprocessable(field: str, message: str) -> NoReturn:
    """Refuse with a 422 naming ``field`` (services roll back what they began)."""
    invalid(field, message)


def _with_last_modified(event: Event, payload: object) -> tuple:
    return payload, 200, {"Last-Modified": http_date(event.content_changed_at)}


def _visible_events_query() -> sa.Select:
    user = auth.caller()
    token = auth.token()
    public = Event.status != EventStatus.DRAFT
    if user is None:
        return sa.select(Event).where(public)
    ids = managed_event_ids(user)
    mine = sa.true() if ids is None else Event.id.in_(ids)
    if token is not None and token.event_id is not None:
        mine = sa.and_(mine, Event.id == token.event_id)
    if token is not None and token.series_id is not None:
        mine = sa.and_(mine, Event.series_id == token.series_id)
    return sa.select(Event).where(sa.or_(public, mine))


# --- series --------------------------------------------------------------------------------


@bp.route("/series")
class SeriesList(MethodView):
    @bp.etag
    @bp.arguments(s.PageArgs, location="query")
    @bp.response(200, s.SeriesPageSchema)
    def get(self, args: dict) -> dict:
        """Every series, by title."""
        query = sa.select(Series).order_by(Series.title, Series.id)
        total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
        items = db.session.scalars(
            query.limit(args["per_page"]).offset((args["page"] - 1) * args["per_page"])
        )
        return {"items": list(items), "page": args["page"], "per_page": args["per_page"], "total": total}


@bp.route("/series/<slug>")
class SeriesItem(MethodView):
    @bp.etag
    @bp.response(200, s.SeriesSchema)
    def get(self, slug: str) -> Series:
        """One series."""
        series = series_by_slug(slug)
        if series is None:
            abort(404, "No such series.")
        return series


# --- events --------------------------------------------------------------------------------


@bp.route("/events")
class EventList(MethodView):
    @bp.etag
    @bp.arguments(s.EventFilterArgs, location="query")
    @bp.response(200, s.EventPageSchema)
    def get(self, args: dict) -> dict:
        """Events, soonest first; filter by series, status and dates."""
        query = _visible_events_query().options(selectinload(Event.series))
        if "series" in args:
            query = query.join(Series, Series.id == Event.series_id).where(Series.slug == args["series"])
        if "status" in args:
            query = query.where(Event.status == EventStatus(args["status"]))
        if "starts_after" in args:
            query = query.where(Event.end_at >= datetime.combine(args["starts_after"], time.min, tzinfo=UTC))
        if "ends_before" in args:
            query = query.where(Event.start_at <= datetime.combine(args["ends_before"], time.max, tzinfo=UTC))
        total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
        page, per_page = args["page"], args["per_page"]
        items = db.session.scalars(
            query.order_by(Event.start_at, Event.id).limit(per_page).offset((page - 1) * per_page)
        ).all()
        return {"items": items, "page": page, "per_page": per_page, "total": total}

    @bp.arguments(s.EventInput)
    @bp.response(201, s.EventSchema)
    def post(self, data: dict) -> Event:
        """Create an event as a draft (site administrators, or organisers of its series)."""
        series = None
        if data.get("series"):
            series = series_by_slug(data["series"])
            if series is None:
                _unprocessable("series", f"No series called {data['series']!r}.")
        auth.require_series_manager(series)
        if event_service.slug_taken(Event, data["slug"]):
            _unprocessable("slug", "Another event already uses this name.")
        zone = data["timezone"]
        values = {
            "slug": data["slug"],
            "title": data["title"].strip(),
            "kind": data["kind"],
            "format": data["format"],
            "timezone": zone,
            "start_at": s.as_utc(data["start"], zone),
            "end_at": s.as_utc(data["end"], zone),
            "registration_opens": s.as_utc(data.get("registration_opens"), zone),
            "registration_closes": s.as_utc(data.get("registration_closes"), zone),
            "venue": data.get("venue", "").strip(),
            "online_url": data.get("online_url") or None,
            "description": data.get("description", ""),
            "series_id": series.id if series else None,
        }
        return event_service.create_event(values, data.get("capacity"))  # commits


@bp.route("/events/<slug>")
class EventItem(MethodView):
    @bp.etag
    @bp.response(200, s.EventSchema)
    def get(self, slug: str) -> tuple:
        """One event (``Last-Modified`` follows any change to its programme)."""
        event = auth.event_or_404(slug)
        return _with_last_modified(event, event)

    @bp.arguments(s.EventPatch)
    @bp.response(200, s.EventSchema)
    def patch(self, data: dict, slug: str) -> Event:
        """Change an event's title, description, place or dates (organisers)."""
        event = managed_event_or_404(slug)
        values: dict = {
            "start_at": s.as_utc(data["start"], event.timezone) if "start" in data else event.start_at,
            "end_at": s.as_utc(data["end"], event.timezone) if "end" in data else event.end_at,
        }
        if values["end_at"] <= values["start_at"]:
            _unprocessable("end", "The event must end after it starts.")
        for key in ("venue", "description"):
            if key in data:
                values[key] = data[key]
        if "title" in data:
            values["title"] = data["title"].strip()
        if "online_url" in data:
            values["online_url"] = data["online_url"] or None
        event_service.update_event(
            event, values, event.capacity, auth.caller()
        )  # the form's service; commits
        return event


@bp.route("/events/<slug>/publish")
class EventPublish(MethodView):
    @bp.response(200, s.EventSchema)
    def post(self, slug: str) -> Event:
        """Publish a draft: everyone can see it and register (organisers)."""
        event = managed_event_or_404(slug)
        try:
            event_service.publish(event, auth.caller())
        except event_service.ProgrammeError as exc:
            abort(409, str(exc))
        return event


@bp.route("/events/<slug>/changes")
class EventChanges(MethodView):
    @bp.response(200, s.ChangeSchema(many=True))
    def get(self, slug: str) -> list[SessionChange]:
        """The change log of a published programme, newest first (organisers)."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=False)
        return list(
            db.session.scalars(
                sa.select(SessionChange)
                .where(SessionChange.event_id == event.id)
                .options(selectinload(SessionChange.user))
                .order_by(SessionChange.at.desc(), SessionChange.id.desc())
                .limit(500)
            )
        )


# --- rooms ---------------------------------------------------------------------------------


@bp.route("/events/<slug>/rooms")
class RoomList(MethodView):
    @bp.etag
    @bp.response(200, s.RoomSchema(many=True))
    def get(self, slug: str) -> list[Room]:
        """The event's rooms, streams or tracks."""
        return list(auth.event_or_404(slug).rooms)

    @bp.arguments(s.RoomInput)
    @bp.response(201, s.RoomSchema)
    def post(self, data: dict, slug: str) -> Room:
        """Add a room (organisers)."""
        event = managed_event_or_404(slug)
        try:
            return event_service.add_room(event, data["name"])  # commits
        except event_service.ProgrammeError as exc:
            _unprocessable("name", str(exc))


# --- sessions and talks --------------------------------------------------------------------


def _session_input(event: Event, data: dict) -> event_service.SessionInput:
    room = None
    if data.get("room"):
        room = next((r for r in event.rooms if r.name.lower() == data["room"].strip().lower()), None)
        if room is None:
            _unprocessable("room", f"This event has no room called {data['room']!r}: add it first.")
    start, end = s.as_utc(data["start"], event.timezone), s.as_utc(data["end"], event.timezone)
    if end <= start:
        _unprocessable("end", "The session must end after it starts.")
    return event_service.SessionInput(
        title=data["title"],
        kind=data["kind"],
        status=data["status"],
        start_at=start,
        end_at=end,
        room=room,
        description=data.get("description", ""),
        chairs=_people(data.get("chairs", []), "chairs"),
    )


@bp.route("/events/<slug>/sessions")
class SessionList(MethodView):
    @bp.etag
    @bp.response(200, s.SessionSchema(many=True))
    def get(self, slug: str) -> tuple:
        """The programme: sessions in order, with their talks, speakers and chairs."""
        event = auth.event_or_404(slug)
        return _with_last_modified(event, agenda.load_sessions(event))

    @bp.arguments(s.SessionInput)
    @bp.response(201, s.SessionSchema)
    def post(self, data: dict, slug: str) -> Session:
        """Add a session (organisers); logged in the change log once the event is published."""
        event = managed_event_or_404(slug)
        user = auth.caller()
        values = _session_input(event, data)
        try:
            return event_service.create_session(event, values, user)  # commits, tells plugins
        except event_service.ProgrammeError as exc:
            _unprocessable("end", str(exc))


@bp.route("/events/<slug>/sessions/<int:session_id>")
class SessionItem(MethodView):
    @bp.etag
    @bp.response(200, s.SessionSchema)
    def get(self, slug: str, session_id: int) -> Session:
        """One session with its talks."""
        return _session_or_404(auth.event_or_404(slug), session_id)

    @bp.arguments(s.SessionInput)
    @bp.response(200, s.SessionSchema)
    def put(self, data: dict, slug: str, session_id: int) -> Session:
        """Replace a session's details (organisers); changes bump its iCal SEQUENCE."""
        event = managed_event_or_404(slug)
        session = _session_or_404(event, session_id)
        user = auth.caller()
        values = _session_input(event, data)
        try:
            event_service.update_session(session, values, user)  # commits, tells plugins
        except event_service.ProgrammeError as exc:
            _unprocessable("end", str(exc))
        return session

    @bp.response(204)
    def delete(self, slug: str, session_id: int) -> None:
        """Delete a session (organisers); calendars see it cancelled."""
        event = managed_event_or_404(slug)
        session = _session_or_404(event, session_id)
        event_service.delete_session(session, auth.caller())


@bp.route("/events/<slug>/sessions/<int:session_id>/talks")
class TalkList(MethodView):
    @bp.arguments(s.TalkInput)
    @bp.response(201, s.TalkSchema)
    def post(self, data: dict, slug: str, session_id: int) -> Talk:
        """Add a talk with its speakers, in order (organisers)."""
        event = managed_event_or_404(slug)
        session = _session_or_404(event, session_id)
        user = auth.caller()
        speakers = _people(data.get("speakers", []), "speakers")
        try:
            return event_service.add_talk(session, data["title"], data.get("summary", ""), speakers, user)
        except event_service.ProgrammeError as exc:
            _unprocessable("speakers", str(exc))


# --- people --------------------------------------------------------------------------------


@bp.route("/events/<slug>/people")
class EventPeople(MethodView):
    @bp.etag
    @bp.response(200, s.PersonSchema(many=True))
    def get(self, slug: str) -> list[Person]:
        """Everyone who speaks or chairs in the event, by name."""
        return agenda.event_people(auth.event_or_404(slug))


@bp.route("/people")
class PeopleCreate(MethodView):
    @bp.arguments(s.PersonInput)
    @bp.response(201, s.PersonSchema)
    def post(self, data: dict) -> Person:
        """Add a person to name as speaker or chair (organisers of any event)."""
        token = auth.require_token(write=True)
        ids = managed_event_ids(token.user)
        if ids is not None and db.session.scalar(sa.select(sa.func.count()).select_from(ids.subquery())) == 0:
            abort(403, "Only organisers may add people.")
        organisation_id = None
        if data.get("organisation"):
            organisation_id = db.session.scalar(
                sa.select(Organisation.id).where(Organisation.name_key == name_key(data["organisation"]))
            )
            if organisation_id is None:
                _unprocessable("organisation", f"No organisation called {data['organisation']!r}.")
        return people.save_person(
            None,
            name=data["name"],
            position=data.get("position", ""),
            organisation_id=organisation_id,
            country=normalise_country(data.get("country")),
            bio=data.get("bio", ""),
        )
