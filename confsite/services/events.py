"""Organisers' changes to series, events and their programmes.

Every change to a session goes through this module so the change log, the iCal
SEQUENCE and the event's ``content_changed_at`` stay right. Each public function here
is one unit of work: it commits what it changed (or rolls everything back and raises
:class:`ProgrammeError`), then tells plugins about the sessions that changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.i18n import _
from confsite.lifecycle import EventPublished
from confsite.models import (
    Event,
    EventStatus,
    Person,
    Registration,
    Room,
    Series,
    Session,
    SessionKind,
    SessionStatus,
    Talk,
    TalkSpeaker,
    User,
    session_chairs,
)
from confsite.name_keys import name_key
from confsite.plugins import notify
from confsite.services.changes import (
    announce,
    record_event_change,
    record_session_change,
    session_snapshot,
    touch_event,
)
from confsite.services.registration import RegistrationError, set_capacity
from confsite.services.transaction import committing

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ProgrammeError(ValueError):
    """A change that cannot be made; the message says why in plain words, and
    ``field`` (when set) names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


Changed = list[tuple[Session, tuple[str, ...]]]


def _commit_and_announce(changed: Changed, user: User | None) -> None:
    """Commit, then tell plugins about each changed session (after the commit, so
    they see the new state)."""
    db.session.commit()
    for session, fields in changed:
        announce(session, fields, user)


# --- slugs and times -------------------------------------------------------------------


def slug_problem(slug: str) -> str | None:
    if not SLUG_PATTERN.match(slug or ""):
        return _("Use lower-case letters, digits and single hyphens only (for example key-area-4).")
    return None


def slug_taken(model: type[Event] | type[Series], slug: str, exclude_id: int | None = None) -> bool:
    query = sa.select(model.id).where(model.slug == slug)
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    return db.session.scalar(query) is not None


def local_to_utc(event_or_zone: Event | str, day: date, at: time) -> datetime:
    """A wall-clock time on a day in the event's zone, as an aware instant."""
    zone = ZoneInfo(event_or_zone.timezone if isinstance(event_or_zone, Event) else event_or_zone)
    return datetime.combine(day, at).replace(tzinfo=zone).astimezone(UTC)


# --- series and events -------------------------------------------------------------------


def create_series(*, slug: str, title: str, description: str) -> Series:
    with committing():
        series = Series(slug=slug, title=title.strip(), description=description)
        db.session.add(series)
    return series


def update_series(series: Series, *, slug: str, title: str, description: str) -> None:
    """Its events' pages show the series, so they are marked as changed too."""
    with committing():
        series.slug, series.title, series.description = slug, title.strip(), description
        for event in series.events:
            touch_event(event)


def delete_series(series: Series) -> None:
    """Its events are kept without a series; roles on it go."""
    with committing():
        db.session.delete(series)


def create_event(values: dict[str, Any], capacity: int | None) -> Event:
    """A new draft event from checked values (``Event`` column names)."""
    with committing():
        event = Event(status=EventStatus.DRAFT, capacity=capacity, **values)
        db.session.add(event)
    return event


# The event's own fields whose changes go into its change log, with who made them.
AUDITED_FIELDS = (
    "title",
    "slug",
    "start_at",
    "end_at",
    "timezone",
    "venue",
    "online_url",
    "description",
    "capacity",
)
AUDIT_TEXT_LIMIT = 300


def _audit_text(value: object) -> str:
    text = value.isoformat() if isinstance(value, datetime) else "" if value is None else str(value)
    return text if len(text) <= AUDIT_TEXT_LIMIT else text[: AUDIT_TEXT_LIMIT - 1] + "…"


def update_event(
    event: Event, values: dict[str, Any], capacity: int | None, user: User | None = None
) -> list[Registration]:
    """Save checked values; a changed capacity promotes people from the waiting list
    (returned) in the same transaction. Raises RegistrationError, writing nothing,
    when the capacity cannot be set. Each changed field is logged, with ``user``."""
    try:
        before = {key: _audit_text(getattr(event, key)) for key in AUDITED_FIELDS}
        for key, value in values.items():
            setattr(event, key, value)
        after = {
            **{key: _audit_text(getattr(event, key)) for key in AUDITED_FIELDS},
            "capacity": _audit_text(capacity),
        }
        for key in AUDITED_FIELDS:
            if before[key] != after[key]:
                record_event_change(event, key, before[key], after[key], user)
        touch_event(event)
        db.session.flush()
        if capacity != event.capacity:
            return set_capacity(event, capacity)  # commits the values with the capacity
    except (RegistrationError, sa.exc.SQLAlchemyError):
        db.session.rollback()
        raise
    db.session.commit()
    return []


def delete_event(event: Event) -> None:
    """The event with its programme and registrations (cancel it to keep the page)."""
    with committing():
        db.session.delete(event)


# --- lifecycle ---------------------------------------------------------------------------


def publish(event: Event, user: User | None) -> None:
    """Draft -> published; commits and tells plugins."""
    if event.status != EventStatus.DRAFT:
        raise ProgrammeError(
            _(
                "Only a draft can be published; this event is %(status)s.",
                status=event.status.translated_label.lower(),
            )
        )
    event.status = EventStatus.PUBLISHED
    touch_event(event)
    db.session.commit()
    notify(EventPublished(event=event, by=user))


def cancel_event(event: Event) -> None:
    """Draft or published -> cancelled (the page stays up and says so). Commits."""
    if event.status == EventStatus.CANCELLED:
        raise ProgrammeError(_("This event is already cancelled."))
    event.status = EventStatus.CANCELLED
    touch_event(event)
    db.session.commit()


# --- sessions ----------------------------------------------------------------------------


@dataclass
class SessionInput:
    title: str
    kind: str
    status: str
    start_at: datetime
    end_at: datetime
    room: Room | None
    description: str = ""
    chairs: tuple[Person, ...] = ()
    # People added to the People list while saving, chairing after ``chairs``.
    new_chairs: tuple[NewSpeaker, ...] = ()


def _apply_session(session: Session, data: SessionInput) -> None:
    if data.end_at <= data.start_at:
        raise ProgrammeError(_("The session must end after it starts."))
    if data.room is not None and data.room.event_id != session.event.id:
        raise ProgrammeError(_("That room belongs to another event."))
    session.title = data.title.strip()
    session.kind = SessionKind(data.kind)
    session.status = SessionStatus(data.status)
    session.start_at, session.end_at = data.start_at, data.end_at
    session.room = data.room
    session.description = data.description.strip()
    if [p.id for p in session.chairs] != [p.id for p in data.chairs]:
        session.chairs = list(data.chairs)
        db.session.flush()
        for position, person in enumerate(data.chairs):  # keep the order given
            db.session.execute(
                sa.update(session_chairs)
                .where(session_chairs.c.session_id == session.id, session_chairs.c.person_id == person.id)
                .values(position=position)
            )


def _with_new_chairs(data: SessionInput) -> SessionInput:
    if not data.new_chairs:
        return data
    added = tuple(_add_new_speaker(new, field="chairs") for new in data.new_chairs)
    return replace(data, chairs=(*data.chairs, *added), new_chairs=())


def create_session(event: Event, data: SessionInput, user: User | None) -> Session:
    with committing():
        data = _with_new_chairs(data)
        last = db.session.scalar(sa.select(sa.func.max(Session.position)).where(Session.event_id == event.id))
        session = Session(
            event=event, position=(last or 0) + 1, title="", start_at=data.start_at, end_at=data.end_at
        )
        db.session.add(session)
        _apply_session(session, data)
        db.session.flush()
        fields = record_session_change(session, None, user=user)
    announce(session, fields, user)
    return session


def update_session(session: Session, data: SessionInput, user: User | None) -> None:
    with committing():
        before = session_snapshot(session)
        data = _with_new_chairs(data)
        _apply_session(session, data)
        db.session.flush()
        fields = record_session_change(session, before, user=user)
    announce(session, fields, user)


def delete_session(session: Session, user: User | None) -> None:
    with committing():
        record_session_change(session, None, user=user, deleted=True)
        db.session.delete(session)


# --- talks -------------------------------------------------------------------------------


def _set_speakers(talk: Talk, speakers: tuple[Person, ...]) -> None:
    if len({p.id for p in speakers}) != len(speakers):
        raise ProgrammeError(_("A speaker is listed twice for the same talk."))
    if [link.person_id for link in talk.speaker_links] == [p.id for p in speakers]:
        return
    talk.speaker_links = []
    db.session.flush()
    talk.speaker_links = [TalkSpeaker(person=p, position=i) for i, p in enumerate(speakers)]


@dataclass
class NewSpeaker:
    """A person to add to the People list while naming them as a speaker."""

    name: str
    organisation_id: int | None = None
    country: str | None = None


def new_speaker_problem(name: str) -> str | None:
    """Why ``name`` cannot be added as a new person (someone has it), or None."""
    name = name.strip()
    taken = db.session.scalar(sa.select(Person.id).where(Person.name_key == name_key(name)))
    if taken is not None:
        return f"{name} is already on the People list: type their name under Speakers instead."
    return None


def _add_new_speaker(new: NewSpeaker, field: str = "new_speaker") -> Person:
    name = new.name.strip()
    problem = new_speaker_problem(name)
    if problem:
        raise ProgrammeError(problem, field=field)
    person = Person(name=name, organisation_id=new.organisation_id, country=new.country)
    db.session.add(person)
    db.session.flush()
    return person


def save_talk(
    session: Session,
    talk: Talk | None,
    *,
    title: str,
    summary: str,
    speakers: tuple[Person, ...],
    new_speaker: NewSpeaker | None,
    user: User | None,
    new_speakers: Sequence[NewSpeaker] = (),
    start_at: datetime | None = None,
) -> Talk:
    """Add a talk to ``session`` (``talk`` None) or change it; ``new_speakers`` (from
    the picker) then ``new_speaker`` (the plain form's field) are added to the People
    list (a name already there is refused) and named last, all or none. ``start_at``
    is the talk's own time, within the session."""
    if start_at is not None and not session.start_at <= start_at < session.end_at:
        raise ProgrammeError(_("A talk starts within its session's times."), field="start")
    with committing():
        for new in new_speakers:
            speakers = (*speakers, _add_new_speaker(new, field="speakers"))
        if new_speaker is not None:
            speakers = (*speakers, _add_new_speaker(new_speaker))
        if talk is None:
            talk = add_talk(session, title, summary, speakers, user, start_at=start_at)
        else:
            update_talk(talk, title, summary, speakers, user, start_at=start_at)
    return talk


def add_talk(
    session: Session,
    title: str,
    summary: str,
    speakers: tuple[Person, ...],
    user: User | None,
    *,
    start_at: datetime | None = None,
) -> Talk:
    with committing():
        before = session_snapshot(session)
        position = max((t.position for t in session.talks), default=-1) + 1
        talk = Talk(
            session=session,
            title=title.strip(),
            summary=summary.strip(),
            position=position,
            start_at=start_at,
        )
        db.session.add(talk)
        _set_speakers(talk, speakers)
        db.session.flush()
        db.session.refresh(session, ["talks"])
        fields = record_session_change(session, before, user=user)
    announce(session, fields, user)
    return talk


def update_talk(
    talk: Talk,
    title: str,
    summary: str,
    speakers: tuple[Person, ...],
    user: User | None,
    *,
    start_at: datetime | None = None,
) -> None:
    session = talk.session
    with committing():
        before = session_snapshot(session)
        talk.title, talk.summary, talk.start_at = title.strip(), summary.strip(), start_at
        _set_speakers(talk, speakers)
        db.session.flush()
        touch_event(session.event)  # a talk title or summary shows on public pages
        fields = record_session_change(session, before, user=user)
    announce(session, fields, user)


def delete_talk(talk: Talk, user: User | None) -> None:
    session = talk.session
    with committing():
        before = session_snapshot(session)
        session.talks.remove(talk)
        db.session.flush()
        for position, other in enumerate(session.talks):
            other.position = position
        touch_event(session.event)
        fields = record_session_change(session, before, user=user)
    announce(session, fields, user)


def move_talk(talk: Talk, offset: int, user: User | None) -> None:
    """Move a talk up (-1) or down (+1) within its session (speaker order is logged)."""
    session = talk.session
    talks = list(session.talks)
    index = talks.index(talk)
    target = index + offset
    if not 0 <= target < len(talks):
        raise ProgrammeError(_("This talk cannot move further in that direction."))
    with committing():
        before = session_snapshot(session)
        talks[index], talks[target] = talks[target], talks[index]
        for position, item in enumerate(talks):
            item.position = position
        session.talks.sort(key=lambda t: t.position)
        touch_event(session.event)
        db.session.flush()
        fields = record_session_change(session, before, user=user)
    announce(session, fields, user)


# --- rooms ---------------------------------------------------------------------------------


def add_room(event: Event, name: str) -> Room:
    name = name.strip()
    if any(r.name.lower() == name.lower() for r in event.rooms):
        raise ProgrammeError(_("This event already has a room called “%(name)s”.", name=name))
    with committing():
        room = Room(event=event, name=name, position=max((r.position for r in event.rooms), default=-1) + 1)
        db.session.add(room)
        touch_event(event)
    return room


def rename_room(room: Room, name: str, user: User | None) -> None:
    """Rename a room; its sessions' places change, so they are logged too."""
    name = name.strip()
    if any(r.id != room.id and r.name.lower() == name.lower() for r in room.event.rooms):
        raise ProgrammeError(_("This event already has a room called “%(name)s”.", name=name))
    try:
        sessions = sessions_in_room(room)
        befores = [(s, session_snapshot(s)) for s in sessions]
        room.name = name
        touch_event(room.event)  # its name heads a timetable column even with no session in it
        db.session.flush()
        changed = [(s, record_session_change(s, before, user=user)) for s, before in befores]
    except BaseException:
        db.session.rollback()
        raise
    _commit_and_announce(changed, user)


def delete_room(room: Room, user: User | None) -> None:
    """Delete a room; its sessions stay, without a room (logged as a room change)."""
    changed: Changed = []
    try:
        for session in sessions_in_room(room):
            before = session_snapshot(session)
            session.room = None
            db.session.flush()
            changed.append((session, record_session_change(session, before, user=user)))
        db.session.delete(room)
        touch_event(room.event)
    except BaseException:
        db.session.rollback()
        raise
    _commit_and_announce(changed, user)


def sessions_in_room(room: Room) -> list[Session]:
    return list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.room_id == room.id)
            .options(
                selectinload(Session.talks).selectinload(Talk.speaker_links).selectinload(TalkSpeaker.person)
            )
        )
    )
