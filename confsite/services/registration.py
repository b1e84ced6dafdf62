"""Registration: seats, the waiting list, cancellations, promotions and check-in.

Capacity holds under concurrency on SQLite and PostgreSQL because a seat is taken with
one conditional UPDATE (``confirmed_count < capacity``) in the same transaction that
writes the registration: the database serialises those updates, so two requests can
never both take the last seat. Promotion from the waiting list happens in the same
transaction that frees a seat, so a newcomer never jumps the queue.

Functions commit; e-mails and plugin notifications follow the commit
(``confsite.services.notifications``, background jobs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from confsite.countries import normalise_country
from confsite.extensions import db
from confsite.i18n import _, current_language
from confsite.models import (
    Event,
    EventStatus,
    Registration,
    RegistrationAnswer,
    RegistrationStatus,
    Sector,
    User,
    utcnow,
)
from confsite.models.registrations import registration_search_key
from confsite.services import notifications
from confsite.services.accounts import AccountError, normalise_email
from confsite.services.registration_questions import Answer, store_answers
from confsite.services.seat_statements import (
    address_and_queue,
    give_back_seat,
    queue_head,
    row_count,
    seats_taken,
    take_seat,
)

# Column sizes of ``Registration``: longer input is refused, never truncated.
MAX_NAME = 200
MAX_ORGANISATION = 200
# The largest capacity the INTEGER column holds on PostgreSQL.
MAX_CAPACITY = 2**31 - 1


class RegistrationError(ValueError):
    """A registration that cannot be made or changed; the message says why."""


class EventFull(RegistrationError):
    """No seat is left and the caller asked not to be put on the waiting list."""


@dataclass
class Applicant:
    name: str
    email: str
    organisation: str = ""
    country: str | None = None
    sector: Sector | str = Sector.OTHER
    consent: bool = False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def applicant_problems(applicant: Applicant) -> list[str]:
    """Everything wrong with an applicant's details, in plain words (empty = fine).

    The service checks even though forms do, so no caller can write bad rows (and
    PostgreSQL never sees an over-long value).
    """
    problems = []
    if any("\x00" in (text or "") for text in (applicant.name, applicant.email, applicant.organisation)):
        return [_("The details contain a NUL character, which cannot be stored.")]
    name = (applicant.name or "").strip()
    if not name:
        problems.append(_("Please give your name."))
    elif len(name) > MAX_NAME:
        problems.append(_("The name is too long (at most %(max)d characters).", max=MAX_NAME))
    try:
        normalise_email(applicant.email or "")
    except AccountError:
        problems.append(_("Please give a valid e-mail address."))
    if len((applicant.organisation or "").strip()) > MAX_ORGANISATION:
        problems.append(_("The organisation is too long (at most %(max)d characters).", max=MAX_ORGANISATION))
    if applicant.country and normalise_country(applicant.country) != applicant.country.upper():
        problems.append(_("Please choose a country from the list."))
    if applicant.sector not in {s.value for s in Sector}:
        problems.append(_("Please choose a sector from the list."))
    if not applicant.consent:
        problems.append(_("Please agree to the processing of your data to register."))
    return problems


def closed_reason(event: Event, now: datetime | None = None) -> str | None:
    """Why registration is not possible right now, or None if it is open."""
    now = now or utcnow()
    if event.status == EventStatus.DRAFT:
        return _("This event is not published.")
    if event.status == EventStatus.CANCELLED:
        return _("This event has been cancelled.")
    if event.end_at <= now:
        return _("This event is over.")
    if event.registration_opens and now < event.registration_opens:
        return _("Registration has not opened yet.")
    if event.registration_closes and now >= event.registration_closes:
        return _("Registration is closed.")
    return None


def find_registration(event: Event, email: str) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id, Registration.email == email.strip().lower()
        )
    )


def register(
    event: Event,
    applicant: Applicant,
    *,
    user: User | None = None,
    now: datetime | None = None,
    bypass_window: bool = False,
    answers: Iterable[Answer] = (),
    waitlist: bool = True,
) -> tuple[Registration, bool]:
    """Register someone; returns ``(registration, created)``.

    The same e-mail again returns the existing active registration (no second seat).
    A cancelled registration is re-activated. A full event puts them on the waiting
    list. ``bypass_window`` lets organisers add people outside the registration window.
    ``answers`` (to plugins' questions, already checked) are stored with it.
    ``waitlist=False`` raises :class:`EventFull` instead of queueing, with nothing written.
    """
    now = now or utcnow()
    reason = closed_reason(event, now)
    if reason and not (bypass_window and event.status == EventStatus.PUBLISHED):
        raise RegistrationError(reason)
    problems = applicant_problems(applicant)
    if problems:
        raise RegistrationError(" ".join(problems))
    email = normalise_email(applicant.email)
    existing_id, queue_head = db.session.execute(
        address_and_queue(), {"event_id": event.id, "email": email}
    ).one()
    existing = db.session.get(Registration, existing_id) if existing_id is not None else None
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        return existing, False
    if user is not None:
        own = user_registration(event, user)
        if own is not None and own.status != RegistrationStatus.CANCELLED:
            return own, False

    # Seats freed without a promotion (capacity edited directly) go to the queue first;
    # while anyone is still waiting, a newcomer queues behind them without asking for a
    # seat (the full event of a morning rush: two statements fewer per registration).
    promoted_ids, still_waiting = _fill_from_queue(event.id, now, queue_head)
    if still_waiting and not waitlist:
        db.session.rollback()
        raise EventFull(_("The event is full."))
    user_id = user.id if user is not None else (existing.user_id if existing else None)
    details = _details(applicant, user_id, now, waiting=still_waiting)
    try:
        if existing is not None:
            if not _reactivate(existing, details):  # re-registered concurrently: theirs stands
                return existing, False
            registration = existing
            store_answers(registration, answers)  # a re-registration answers afresh
            db.session.flush()
        else:
            registration = _insert(event.id, email, details, answers)
    except IntegrityError:
        # The same address registered concurrently: theirs stands, nothing of ours is kept.
        db.session.rollback()
        found = find_registration(event, email)
        if found is None:
            raise RegistrationError(_("The registration could not be saved. Please try again.")) from None
        return found, False
    if not still_waiting:
        _seat_or_wait(registration, event, now, waitlist)
    _commit_announcing(registration, event)
    _after_promotions(promoted_ids)
    return registration, True


def _insert(event_id: int, email: str, details: dict[str, Any], answers: Iterable[Answer]) -> Registration:
    """Write a new registration and its answers: two INSERT statements, without the
    unit of work, whose bookkeeping cost about a tenth of a registration's CPU.

    The registration comes back from the INSERT's RETURNING as a loaded object of this
    session; a duplicate address raises :class:`IntegrityError`, as a flush would.
    """
    registration = db.session.scalars(
        sa.insert(Registration).returning(Registration),
        [{"event_id": event_id, "email": email, **details}],
    ).one()
    rows = [
        dict(registration_id=registration.id, plugin=a.plugin, key=a.key, label=a.label, value=a.value)
        for a in answers
    ]
    if rows:
        db.session.execute(sa.insert(RegistrationAnswer), rows)
    return registration


def _details(applicant: Applicant, user_id: int | None, now: datetime, *, waiting: bool) -> dict[str, Any]:
    """A registration's columns as ``applicant`` gives them: waiting, or confirmed
    (turned into a waiting one by :func:`_seat_or_wait` when no seat is left)."""
    return {
        "name": applicant.name.strip(),
        "organisation": applicant.organisation.strip(),
        "country": applicant.country.upper() if applicant.country else None,
        "sector": Sector(applicant.sector),
        "user_id": user_id,
        "language": current_language(),
        "consent_at": now,
        "cancelled_at": None,
        "checked_in_at": None,
        # No management link yet (a re-registration's old one stops here): the e-mail
        # job issues it with the message that carries it.
        "manage_token_hash": None,
        "status": RegistrationStatus.WAITLISTED if waiting else RegistrationStatus.CONFIRMED,
        "confirmed_at": None if waiting else now,
        "waitlisted_at": now if waiting else None,
    }


def _seat_or_wait(registration: Registration, event: Event, now: datetime, waitlist: bool) -> None:
    """Take a seat for the registration just written, else put it on the waiting list
    (or, with ``waitlist=False``, roll everything back and raise :class:`EventFull`).

    The seat is taken last, right before the commit: the event row that the
    conditional UPDATE locks then stays locked for the commit alone, not for the
    registration's own writes too, so a morning rush queues on that row as briefly
    as it can. An UPDATE that finds no seat locks nothing.
    """
    if take_seat(event.id):
        return
    if not waitlist:
        db.session.rollback()  # decided by the same conditional UPDATE: no race
        raise EventFull(_("The event is full."))
    registration.status = RegistrationStatus.WAITLISTED
    registration.confirmed_at, registration.waitlisted_at = None, now


def _commit_announcing(registration: Registration, event: Event) -> None:
    """Commit the new registration, with the job that mails it and tells the plugins
    (sent once the commit is done).

    What this session wrote stays loaded (the caller answers with the registration's
    id and status: no re-read); of the event, only the seat counter, changed behind
    the ORM's back, is read again when next used.
    """
    notifications.registration_changed(registration, "created")
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
    session.expire(event, ["confirmed_count"])


def _reactivate(existing: Registration, details: dict) -> bool:
    """Give a cancelled registration its new details, only if it is still cancelled
    (not committed); False, with everything rolled back, if it no longer was.

    A conditional UPDATE, like ``take_seat``: of concurrent re-registrations of one
    address exactly one claims the row; the others roll back, seat included. (Setting
    the status through the ORM let each of them keep a seat.)
    """
    claimed = row_count(
        db.session.execute(
            sa.update(Registration)
            .where(Registration.id == existing.id, Registration.status == RegistrationStatus.CANCELLED)
            .values(
                **details,
                updated_at=details["consent_at"],
                search_key=registration_search_key(details["name"], details["organisation"], existing.email),
            )
            .execution_options(synchronize_session=False)
        )
    )
    if claimed != 1:
        db.session.rollback()
        db.session.refresh(existing)
        return False
    db.session.refresh(existing)  # the claimed row as it now stands, in this transaction
    return True


def waitlist_position(registration: Registration) -> int | None:
    """1-based place in the queue, or None if not waitlisted."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            sa.or_(
                Registration.waitlisted_at < registration.waitlisted_at,
                sa.and_(
                    Registration.waitlisted_at == registration.waitlisted_at,
                    Registration.id < registration.id,
                ),
            ),
        )
    )
    return int(ahead or 0) + 1


NOT_READ = -1  # no registration has this id


def _fill_from_queue(event_id: int, now: datetime, head: int | None = NOT_READ) -> tuple[list[int], bool]:
    """Fill free seats from the head of the waiting list; returns the promoted ids and
    whether anyone is still waiting (no seat was left for them). ``head``: the head of
    the queue when the caller has just read it."""
    promoted: list[int] = []
    while True:
        candidate = db.session.scalar(queue_head(event_id)) if head == NOT_READ else head
        head = NOT_READ
        if candidate is None:
            return promoted, False
        if not take_seat(event_id):
            return promoted, True
        changed = row_count(
            db.session.execute(
                sa.update(Registration)
                .where(Registration.id == candidate, Registration.status == RegistrationStatus.WAITLISTED)
                .values(status=RegistrationStatus.CONFIRMED, confirmed_at=now, updated_at=now)
                .execution_options(synchronize_session=False)
            )
        )
        if changed == 1:
            promoted.append(candidate)
        else:  # someone else promoted or cancelled them meanwhile
            give_back_seat(event_id)


def promote_waiting(event_id: int, now: datetime) -> list[int]:
    """Fill free seats from the waiting list inside the caller's transaction; returns
    the promoted ids."""
    return _fill_from_queue(event_id, now)[0]


def announce_promotions(ids: list[int]) -> list[Registration]:
    """After the commit: tell the promoted people and the plugins."""
    return _after_promotions(ids)


def _after_promotions(ids: list[int]) -> list[Registration]:
    promoted = [found for i in ids if (found := db.session.get(Registration, i)) is not None]
    for registration in promoted:
        db.session.refresh(registration)
        # The e-mail brings a fresh management link, so the promoted person can
        # cancel if they no longer can come.
        notifications.registration_changed(registration, "promoted")
    return promoted


def cancel_registration(registration: Registration, now: datetime | None = None) -> list[Registration]:
    """Cancel; a freed seat goes to the first person waiting. Returns who was promoted."""
    now = now or utcnow()
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationError(_("This registration is already cancelled."))
    held_seat = registration.status == RegistrationStatus.CONFIRMED
    if held_seat:  # the event row first, as on every path (no deadlock)
        give_back_seat(registration.event_id)
    changed = row_count(
        db.session.execute(
            sa.update(Registration)
            .where(Registration.id == registration.id, Registration.status == registration.status)
            .values(status=RegistrationStatus.CANCELLED, cancelled_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    )
    if changed != 1:
        db.session.rollback()  # the seat given back above is restored too
        raise RegistrationError(_("This registration changed meanwhile; reload and try again."))
    promoted_ids = promote_waiting(registration.event_id, now) if held_seat else []
    db.session.commit()
    db.session.refresh(registration)
    notifications.registration_changed(registration, "cancelled")
    return _after_promotions(promoted_ids)


def promote(registration: Registration, now: datetime | None = None) -> None:
    """An organiser confirms a waitlisted person, even beyond capacity if need be."""
    now = now or utcnow()
    if registration.status != RegistrationStatus.WAITLISTED:
        raise RegistrationError(_("Only people on the waiting list can be promoted."))
    # The event row first, like every other path, so concurrent transactions never
    # wait for each other in opposite orders (no deadlock on PostgreSQL).
    db.session.execute(
        sa.update(Event)
        .where(Event.id == registration.event_id)
        .values(**seats_taken(+1))
        .execution_options(synchronize_session=False)
    )
    changed = row_count(
        db.session.execute(
            sa.update(Registration)
            .where(Registration.id == registration.id, Registration.status == RegistrationStatus.WAITLISTED)
            .values(status=RegistrationStatus.CONFIRMED, confirmed_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    )
    if changed != 1:
        db.session.rollback()
        raise RegistrationError(_("This registration changed meanwhile; reload and try again."))
    db.session.commit()
    db.session.refresh(registration)
    notifications.registration_changed(registration, "promoted")


def set_capacity(event: Event, capacity: int | None, now: datetime | None = None) -> list[Registration]:
    """Change the capacity (None = unlimited); raising it promotes from the waiting list.

    Lowering it below the confirmed count confirms nobody new but cancels no one.
    """
    if capacity is not None and capacity < 0:
        raise RegistrationError(_("Capacity cannot be negative (leave it empty for no limit)."))
    if capacity is not None and capacity > MAX_CAPACITY:
        raise RegistrationError(_("Capacity can be at most %(limit)s.", limit=MAX_CAPACITY))
    db.session.execute(
        sa.update(Event)
        .where(Event.id == event.id)
        .values(capacity=capacity)
        .execution_options(synchronize_session=False)
    )
    promoted_ids = promote_waiting(event.id, now or utcnow())
    db.session.commit()
    db.session.refresh(event)
    return _after_promotions(promoted_ids)


def check_in(registration: Registration, *, undo: bool = False, now: datetime | None = None) -> None:
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(_("Only confirmed registrations can be checked in."))
    registration.checked_in_at = None if undo else (now or utcnow())
    db.session.commit()
    notifications.checked_in(registration, undone=undo)


def registration_by_token(event: Event, token: str) -> Registration | None:
    """A guest's registration from the secret in their management link."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id, Registration.manage_token_hash == hash_token(token)
        )
    )


def registration_counts(event: Event) -> dict[RegistrationStatus, int]:
    """How many registrations of the event are in each status (absent = none)."""
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.status)
    ).all()
    return dict(rows)


def seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - event.confirmed_count, 0)


@dataclass(frozen=True)
class CapacityStatus:
    """How full an event is, for its public page."""

    capacity: int | None
    confirmed: int
    waiting: int

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed >= self.capacity


def capacity_status(event: Event) -> CapacityStatus:
    """The page names the waiting list only when the event is full (seats freed go to
    the waiting list at once), so only then is it counted."""
    status = CapacityStatus(event.capacity, event.confirmed_count, 0)
    if not status.is_full:
        return status
    waiting = db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITLISTED
        )
    )
    return replace(status, waiting=int(waiting or 0))


def waitlist_positions(registrations: list[Registration]) -> dict[int, int]:
    """Queue positions of the waitlisted ones among ``registrations`` (one query)."""
    event_ids = {r.event_id for r in registrations if r.status == RegistrationStatus.WAITLISTED}
    if not event_ids:
        return {}
    rows = db.session.execute(
        sa.select(Registration.id, Registration.event_id)
        .where(Registration.event_id.in_(event_ids), Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.event_id, Registration.waitlisted_at, Registration.id)
    ).all()
    positions: dict[int, int] = {}
    counters: dict[int, int] = {}
    for registration_id, event_id in rows:
        counters[event_id] = counters.get(event_id, 0) + 1
        positions[registration_id] = counters[event_id]
    return positions


def user_registration(event: Event, user: User) -> Registration | None:
    """The user's registration for an event, if any: one made with their account, or
    else one an organiser added for their (confirmed) e-mail address, which carries no
    user id."""
    return db.session.scalar(
        sa.select(Registration)
        .where(
            Registration.event_id == event.id,
            sa.or_(
                Registration.user_id == user.id,
                sa.and_(Registration.user_id.is_(None), Registration.email == user.email.lower()),
            ),
        )
        .order_by(Registration.user_id.is_(None), Registration.id.desc())
        .limit(1)
    )


def registration_of(user: User | None, event: Event) -> Registration | None:
    """:func:`user_registration` for plugins: ``user`` may be None (anonymous)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user_registration(event, user)


def is_registered(user: User | None, event: Event) -> bool:
    """Whether ``user`` holds a confirmed seat at ``event`` (the waiting list does not
    count), whoever registered them."""
    found = registration_of(user, event)
    return found is not None and found.status == RegistrationStatus.CONFIRMED


def user_registrations(user: User) -> list[Registration]:
    """All of a user's registrations with their events, soonest event first."""
    return list(
        db.session.scalars(
            sa.select(Registration)
            .join(Event, Event.id == Registration.event_id)
            .where(Registration.user_id == user.id)
            .options(selectinload(Registration.event))
            .order_by(Event.start_at.desc())
        )
    )


def reissue_manage_link(registration: Registration) -> None:
    """E-mail a fresh management link to the registration's address.

    Used when someone registers again with an address already registered: they learn
    nothing on screen (the address may not be theirs) and the owner gets a new link;
    the old link stops working once the new one is issued (by the e-mail job).
    """
    notifications.registration_link(registration)
