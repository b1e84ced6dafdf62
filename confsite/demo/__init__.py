"""The demo: the reference key area (conference + workshop) and a partnership series.

``load_demo()`` is idempotent: rows that exist (matched by slug, name or e-mail) are
left alone, so running ``confsite demo`` twice changes nothing. Plugins add their own
demo content through the ``load_demo_data`` hook.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from confsite.demo import content
from confsite.extensions import db
from confsite.models import (
    Event,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    RoleAssignment,
    RoleName,
    Room,
    Sector,
    Series,
    Session,
    Talk,
    TalkSpeaker,
    User,
    Webhook,
    WebhookDelivery,
)
from confsite.plugins import host
from confsite.services import mailings

DEMO_PASSWORD = "confsite-demo"
# (e-mail, display name, admin?, [(role, "event:slug" | "series:slug")])
DEMO_USERS: list[tuple[str, str, bool, list[tuple[RoleName, str]]]] = [
    ("admin@example.org", "Site Admin", True, []),
    ("organiser@example.org", "Olga Organiser", False, [(RoleName.ORGANISER, "series:regions4permed")]),
    (
        "rapporteur@example.org",
        "Rafa Rapporteur",
        False,
        [(RoleName.RAPPORTEUR, "event:ka4-conference-2021")],
    ),
    ("attendee@example.org", "Ana Attendee", False, []),
]


def _local(value: str, zone: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(zone))


def _instant(spec: dict[str, Any], prefix: str, zone: str, today: date) -> datetime | None:
    """A time from either ``prefix`` (ISO local) or ``prefix_offset_days`` + ``prefix_time``."""
    if spec.get(prefix):
        return _local(spec[prefix], zone)
    offset = spec.get(f"{prefix}_offset_days")
    if offset is None:
        return None
    clock = time.fromisoformat(spec.get(f"{prefix}_time") or "09:00")
    return datetime.combine(today + timedelta(days=offset), clock, tzinfo=ZoneInfo(zone))


def _organisations() -> dict[str, Organisation]:
    existing = {o.name: o for o in db.session.scalars(sa.select(Organisation))}
    result = {}
    for spec in content.ORGANISATIONS:
        org = existing.get(spec["name"])
        if org is None:
            org = Organisation(
                name=spec["name"],
                country=spec.get("country"),
                region=spec.get("region", ""),
                sector=Sector(spec.get("sector", "other")),
            )
            db.session.add(org)
        result[spec["key"]] = org
    return result


def _people(orgs: dict[str, Organisation]) -> dict[str, Person]:
    existing = {p.name: p for p in db.session.scalars(sa.select(Person))}
    result = {}
    for spec in content.PEOPLE:
        person = existing.get(spec["name"])
        if person is None:
            person = Person(
                name=spec["name"],
                position=spec.get("position", ""),
                organisation=orgs.get(spec.get("organisation") or ""),
                country=spec.get("country"),
                bio=spec.get("bio", ""),
            )
            db.session.add(person)
        result[spec["key"]] = person
    return result


def _series() -> dict[str, Series]:
    result = {}
    for spec in content.SERIES:
        series = db.session.scalar(sa.select(Series).where(Series.slug == spec["slug"]))
        if series is None:
            series = Series(slug=spec["slug"], title=spec["title"], description=spec["description"])
            db.session.add(series)
        result[spec["slug"]] = series
    return result


def _event(
    spec: dict[str, Any],
    series: dict[str, Series],
    orgs: dict[str, Organisation],
    people: dict[str, Person],
    today: date,
) -> Event | None:
    if db.session.scalar(sa.select(Event.id).where(Event.slug == spec["slug"])) is not None:
        return None
    zone = spec["timezone"]
    event = Event(
        slug=spec["slug"],
        title=spec["title"],
        kind=spec["kind"],
        format=spec["format"],
        status=spec.get("status", "published"),
        timezone=zone,
        start_at=_instant(spec, "start", zone, today),
        end_at=_instant(spec, "end", zone, today),
        venue=spec.get("venue", ""),
        online_url=spec.get("online_url") or None,
        host=orgs.get(spec.get("host") or ""),
        description=spec.get("description", ""),
        capacity=spec.get("capacity"),
        series=series.get(spec.get("series") or ""),
        registration_opens=_instant(spec, "registration_opens", zone, today),
        registration_closes=_instant(spec, "registration_closes", zone, today),
        join_release_minutes=spec.get("join_release_minutes"),
        reminder_hours=spec.get("reminder_hours", 24),
    )
    db.session.add(event)
    rooms: dict[str, Room] = {}
    for position, s_spec in enumerate(spec.get("sessions", [])):
        room = None
        if s_spec.get("room"):
            room = rooms.get(s_spec["room"])
            if room is None:
                room = rooms[s_spec["room"]] = Room(event=event, name=s_spec["room"], position=len(rooms))
        session = Session(
            event=event,
            title=s_spec["title"],
            kind=s_spec.get("kind", "talks"),
            start_at=_instant(s_spec, "start", zone, today),
            end_at=_instant(s_spec, "end", zone, today),
            room=room,
            description=s_spec.get("description", ""),
            position=position,
            chairs=[people[key] for key in s_spec.get("chairs", [])],
        )
        db.session.add(session)
        for t_pos, t_spec in enumerate(s_spec.get("talks", [])):
            talk = Talk(
                session=session, title=t_spec["title"], summary=t_spec.get("summary", ""), position=t_pos
            )
            talk.speaker_links = [
                TalkSpeaker(person=people[key], position=i) for i, key in enumerate(t_spec["speakers"])
            ]
            db.session.add(talk)
    return event


def _attendees(event: Event) -> None:
    """The reference conference's registrations, spread over the weeks before it."""
    attendees: list[dict[str, Any]] = content.ATTENDEES
    opens = event.registration_opens or (event.start_at - timedelta(days=42))
    span = (event.start_at - opens).total_seconds()
    for index, spec in enumerate(attendees):
        when = opens + timedelta(seconds=span * (index + 1) / (len(attendees) + 1))
        db.session.add(
            Registration(
                event=event,
                name=spec["name"],
                email=spec["email"].lower(),
                organisation=spec.get("organisation", ""),
                country=spec.get("country"),
                sector=Sector(spec.get("sector", "other")),
                status=RegistrationStatus.CONFIRMED,
                consent_at=when,
                confirmed_at=when,
                created_at=when,
                updated_at=when,
                checked_in_at=event.start_at if spec.get("checked_in") else None,
            )
        )
    event.confirmed_count = len(attendees)


def _users() -> None:
    for email, name, admin, roles in DEMO_USERS:
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None:
            continue
        user = User(email=email, display_name=name, is_admin=admin)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        for role, target in roles:
            kind, slug = target.split(":", 1)
            model = Event if kind == "event" else Series
            scope = db.session.scalar(sa.select(model).where(model.slug == slug))
            if scope is not None:
                db.session.add(
                    RoleAssignment(
                        email=email,
                        user=user,
                        role=role,
                        event=scope if kind == "event" else None,
                        series=scope if kind == "series" else None,
                    )
                )


def load_full_demo(today: date | None = None) -> list[str]:
    """The core demo plus every loaded plugin's demo content, committed."""
    created = load_demo(today)
    host().call("load_demo_data")
    db.session.commit()
    return created


def load_demo(today: date | None = None) -> list[str]:
    """Load the core demo; return the slugs of the events it created."""
    today = today or datetime.now(UTC).date()
    orgs = _organisations()
    people = _people(orgs)
    series = _series()
    created = []
    for spec in content.EVENTS:
        event = _event(spec, series, orgs, people, today)
        if event is not None:
            created.append(event.slug)
            if spec["slug"] in content.FIGURES:
                _attendees(event)
    db.session.flush()
    _users()
    _webhook()
    db.session.commit()
    _messages(created)
    return created


def _messages(created: list[str]) -> None:
    """Organisers' messages of events created now (sent by the job queue's worker)."""
    for spec in content.MESSAGES:
        event = db.session.scalar(sa.select(Event).where(Event.slug == spec["event"]))
        if event is not None and event.slug in created:
            mailings.create_mailing(event, spec["audience"], spec["subject"], spec["body"], None)


def _webhook() -> None:
    """The KA4 conference's organisers feed registrations to their mailing tool (a local
    receiver in the demo, so nothing leaves the machine), with a few deliveries on record."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == "ka4-conference-2021"))
    if event is None or db.session.scalar(sa.select(Webhook.id).where(Webhook.event_id == event.id)):
        return
    hook = Webhook(
        event=event,
        url="http://127.0.0.1:8025/mailing-list/confsite",
        topics="registration.created,registration.cancelled,registration.promoted",
        secret="demo-signing-secret-change-me",
    )
    db.session.add(hook)
    for n, (topic, status, code, error) in enumerate(
        (
            ("registration.created", "delivered", 200, ""),
            ("registration.created", "delivered", 200, ""),
            ("registration.cancelled", "failed", None, "Connection refused"),
            ("registration.promoted", "delivered", 204, ""),
        )
    ):
        at = event.start_at - timedelta(days=20 - n * 3)
        db.session.add(
            WebhookDelivery(
                webhook=hook,
                topic=topic,
                payload=json.dumps({"topic": topic, "event": {"slug": event.slug}}),
                status=status,
                attempts=1 if status == "delivered" else 6,
                response_code=code,
                error=error,
                created_at=at,
                last_attempt_at=at,
            )
        )
