"""Small builders of test data. Each commits, so views see the rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from confsite import testing
from confsite.extensions import db
from confsite.models import (
    Event,
    Organisation,
    Person,
    RoleAssignment,
    RoleName,
    Room,
    Series,
    Session,
    Talk,
    TalkSpeaker,
    User,
)

PASSWORD = testing.PASSWORD
_seq = count(1)


def _n() -> int:
    return next(_seq)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Series and events come from confsite.testing, the builders plugin authors use, so the
# suite and plugins' own tests make the same data (a published online event a month
# ahead, in the demo's Europe/Madrid).
series = testing.sample_series
event = testing.sample_event
registration = testing.sample_registration


def organisation(**kw: Any) -> Organisation:
    n = _n()
    item = Organisation(name=kw.pop("name", f"Organisation {n}"), **kw)
    db.session.add(item)
    db.session.commit()
    return item


def person(**kw: Any) -> Person:
    n = _n()
    item = Person(name=kw.pop("name", f"Person {n}"), **kw)
    db.session.add(item)
    db.session.commit()
    return item


def room(event: Event, name: str = "Main hall") -> Room:
    item = Room(event=event, name=name)
    db.session.add(item)
    db.session.commit()
    return item


def session(event: Event, **kw: Any) -> Session:
    n = _n()
    start = kw.pop("start_at", event.start_at + timedelta(hours=1))
    item = Session(
        event=event,
        title=kw.pop("title", f"Session {n}"),
        start_at=start,
        end_at=kw.pop("end_at", start + timedelta(hours=1)),
        **kw,
    )
    db.session.add(item)
    db.session.commit()
    return item


def talk(session: Session, speakers: list[Person] = (), **kw: Any) -> Talk:
    n = _n()
    item = Talk(session=session, title=kw.pop("title", f"Talk {n}"), **kw)
    item.speaker_links = [TalkSpeaker(person=p, position=i) for i, p in enumerate(speakers)]
    db.session.add(item)
    db.session.commit()
    return item


def user(email: str | None = None, *, admin: bool = False, **kw: Any) -> User:
    """A committed user who logs in with PASSWORD; other columns in ``kw``."""
    item = testing.sample_user(email, admin=admin)
    if kw:
        for key, value in kw.items():
            setattr(item, key, value)
        db.session.commit()
    return item


def role(
    user: User,
    role: RoleName | str,
    *,
    event: Event | None = None,
    series: Series | None = None,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    item = RoleAssignment(
        email=user.email,
        user=user,
        role=RoleName(role),
        event=event,
        series=series,
        organisation=organisation,
    )
    db.session.add(item)
    db.session.commit()
    return item
