"""Matchmaking at call-for-competences workshops: profiles with needs and offers,
suggested matches (needs against offers, favouring partners from another region, as
the MIX blueprint asks), and 1:1 meetings in slots the organiser defines.

Each function that writes commits its change, or rolls it all back before its error
reaches the caller (``committing``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from confsite.api import Event, User, committing, db, utcnow

from .i18n import _
from .models import Meeting, MeetingSlot, MeetingStatus, Profile
from .services import CallError

#: A match with someone from another region counts this much more.
OTHER_REGION_BONUS = 1.5
MAX_TRL = 9


def split_terms(text: str) -> list[str]:
    """Needs and offers are typed as a comma- or line-separated list."""
    seen: list[str] = []
    for part in text.replace("\n", ",").split(","):
        term = " ".join(part.split())
        if term and term.lower() not in {s.lower() for s in seen}:
            seen.append(term[:100])
    return seen


def _norm(terms: list[str]) -> set[str]:
    return {t.lower() for t in terms}


@dataclass
class ProfileInput:
    display_name: str
    organisation: str
    region: str
    sector: str
    trl: int | None
    needs: list[str]
    offers: list[str]
    description: str


def save_profile(event: Event, user: User, data: ProfileInput) -> Profile:
    if data.trl is not None and not 1 <= data.trl <= MAX_TRL:
        raise CallError(_("TRL goes from 1 to 9."))
    if not data.needs and not data.offers:
        raise CallError(_("Name at least one need or one offer, or nobody can be matched with you."))
    with committing():
        profile = profile_of(event, user)
        if profile is None:
            profile = Profile(event_id=event.id, user_id=user.id)
            db.session.add(profile)
        profile.display_name = data.display_name.strip() or user.name
        profile.organisation = data.organisation.strip()
        profile.region = data.region.strip()
        profile.sector = data.sector.strip()
        profile.trl = data.trl
        profile.needs, profile.offers = data.needs, data.offers
        profile.description = data.description.strip()
    return profile


def profile_of(event: Event, user: User | None) -> Profile | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Profile).where(Profile.event_id == event.id, Profile.user_id == user.id)
    )


def in_use(event: Event) -> bool:
    """Whether the event has matchmaking (meeting slots or profiles): one EXISTS query,
    for its pages' panel, which must not load every participant's profile."""
    return bool(
        db.session.scalar(
            sa.select(
                sa.or_(
                    sa.exists().where(MeetingSlot.event_id == event.id),
                    sa.exists().where(Profile.event_id == event.id),
                )
            )
        )
    )


def profiles(event: Event) -> list[Profile]:
    return list(
        db.session.scalars(
            sa.select(Profile).where(Profile.event_id == event.id).order_by(Profile.display_name, Profile.id)
        )
    )


def cross_regional(a: Profile, b: Profile) -> bool:
    return bool(a.region and b.region and a.region.lower() != b.region.lower())


@dataclass
class Match:
    profile: Profile
    score: float
    they_offer: list[str]  # what they offer that I need
    they_need: list[str]  # what they need that I offer
    other_region: bool


def match(me: Profile, other: Profile) -> Match:
    they_offer = sorted(_norm(me.needs) & _norm(other.offers))
    they_need = sorted(_norm(other.needs) & _norm(me.offers))
    base = float(len(they_offer) + len(they_need))
    other_region = cross_regional(me, other)
    return Match(
        other, base * (OTHER_REGION_BONUS if other_region else 1.0), they_offer, they_need, other_region
    )


def suggestions(me: Profile, everyone: list[Profile], limit: int = 20) -> list[Match]:
    """Profiles whose offers meet my needs or whose needs meet my offers, best first."""
    found = [match(me, p) for p in everyone if p.id != me.id]
    found = [m for m in found if m.score > 0]
    found.sort(key=lambda m: (-m.score, m.profile.display_name.lower(), m.profile.id))
    return found[:limit]


# -- slots and meetings ------------------------------------------------------------------


def add_slot(event: Event, start_at: datetime, end_at: datetime, location: str) -> MeetingSlot:
    if end_at <= start_at:
        raise CallError(_("A slot must end after it starts."))
    with committing():
        slot = MeetingSlot(event_id=event.id, start_at=start_at, end_at=end_at, location=location.strip())
        db.session.add(slot)
    return slot


def delete_slot(slot: MeetingSlot) -> None:
    """Remove a slot with the meetings booked in it."""
    with committing():
        db.session.delete(slot)


def slots(event: Event) -> list[MeetingSlot]:
    return list(
        db.session.scalars(
            sa.select(MeetingSlot).where(MeetingSlot.event_id == event.id).order_by(MeetingSlot.start_at)
        )
    )


def _busy(slot: MeetingSlot, profile_ids: set[int], exclude: int | None = None) -> bool:
    query = sa.select(Meeting.id).where(
        Meeting.slot_id == slot.id,
        Meeting.status != MeetingStatus.DECLINED,
        sa.or_(Meeting.requester_id.in_(profile_ids), Meeting.invitee_id.in_(profile_ids)),
    )
    if exclude is not None:
        query = query.where(Meeting.id != exclude)
    return db.session.scalar(query.limit(1)) is not None


def request_meeting(slot: MeetingSlot, requester: Profile, invitee: Profile, message: str = "") -> Meeting:
    """Ask ``invitee`` for a meeting in ``slot``; refused when the slot is taken for either."""
    if requester.id == invitee.id:
        raise CallError(_("You cannot meet yourself."))
    if not (slot.event_id == requester.event_id == invitee.event_id):
        raise CallError(_("That slot belongs to another event."))
    if slot.end_at <= utcnow():
        raise CallError(_("That slot is over."))
    with committing():
        # Lock the slot row (PostgreSQL) so two requests for it are checked one after the other.
        db.session.execute(sa.select(MeetingSlot.id).where(MeetingSlot.id == slot.id).with_for_update())
        if _busy(slot, {requester.id, invitee.id}):
            raise CallError(_("That slot is already taken for you or for them: pick another one."))
        meeting = Meeting(slot=slot, requester=requester, invitee=invitee, message=message.strip()[:1000])
        db.session.add(meeting)
    return meeting


def answer_meeting(meeting: Meeting, profile: Profile, accept: bool) -> None:
    if meeting.invitee_id != profile.id:
        raise CallError(_("Only the person asked can answer this request."))
    if meeting.status != MeetingStatus.REQUESTED:
        raise CallError(_("This request was already answered."))
    with committing():
        meeting.status = MeetingStatus.ACCEPTED if accept else MeetingStatus.DECLINED


def cancel_meeting(meeting: Meeting, profile: Profile) -> None:
    if profile.id not in (meeting.requester_id, meeting.invitee_id):
        raise CallError(_("This is not your meeting."))
    with committing():
        meeting.status = MeetingStatus.DECLINED


def meetings_of(profile: Profile) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .join(MeetingSlot)
            .where(sa.or_(Meeting.requester_id == profile.id, Meeting.invitee_id == profile.id))
            .options(
                selectinload(Meeting.slot), selectinload(Meeting.requester), selectinload(Meeting.invitee)
            )
            .order_by(MeetingSlot.start_at)
        )
    )


def event_meetings(event: Event, status: MeetingStatus | None = MeetingStatus.ACCEPTED) -> list[Meeting]:
    query = (
        sa.select(Meeting)
        .join(MeetingSlot)
        .where(MeetingSlot.event_id == event.id)
        .options(selectinload(Meeting.slot), selectinload(Meeting.requester), selectinload(Meeting.invitee))
        .order_by(MeetingSlot.start_at, MeetingSlot.location, Meeting.id)
    )
    if status is not None:
        query = query.where(Meeting.status == status)
    return list(db.session.scalars(query))


def user_meetings(user: User) -> list[Meeting]:
    """Accepted meetings of ``user`` at every event (for My agenda and the personal feed)."""
    mine = sa.select(Profile.id).where(Profile.user_id == user.id)
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .join(MeetingSlot)
            .where(
                Meeting.status == MeetingStatus.ACCEPTED,
                sa.or_(Meeting.requester_id.in_(mine), Meeting.invitee_id.in_(mine)),
            )
            .options(
                selectinload(Meeting.slot),
                selectinload(Meeting.requester).selectinload(Profile.event),
                selectinload(Meeting.invitee),
            )
            .order_by(MeetingSlot.start_at)
        )
    )


def other_side(meeting: Meeting, user: User) -> Profile:
    return meeting.invitee if meeting.requester.user_id == user.id else meeting.requester


@dataclass
class MatchmakingFigures:
    profiles: int = 0
    meetings: int = 0
    cross_regional_meetings: int = 0


def figures_of(events: list[Event]) -> dict[int, MatchmakingFigures]:
    """Profiles, accepted meetings and cross-regional ones per event, in two queries
    whatever the number of events (reports cover whole series)."""
    ids = [e.id for e in events]
    found = {event_id: MatchmakingFigures() for event_id in ids}
    if not ids:
        return found
    for event_id, n in db.session.execute(
        sa.select(Profile.event_id, sa.func.count())
        .where(Profile.event_id.in_(ids))
        .group_by(Profile.event_id)
    ):
        found[event_id].profiles = n
    requester = aliased(Profile)
    invitee = aliased(Profile)
    rows = db.session.execute(
        sa.select(MeetingSlot.event_id, requester.region, invitee.region)
        .select_from(Meeting)
        .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
        .join(requester, requester.id == Meeting.requester_id)
        .join(invitee, invitee.id == Meeting.invitee_id)
        .where(MeetingSlot.event_id.in_(ids), Meeting.status == MeetingStatus.ACCEPTED)
    )
    for event_id, one, other in rows:
        found[event_id].meetings += 1
        if one and other and one.lower() != other.lower():
            found[event_id].cross_regional_meetings += 1
    return found


@dataclass
class MatchMatrix:
    profiles: list[Profile]
    scores: dict[tuple[int, int], float]
    meetings: int
    cross_regional_meetings: int


def matrix(event: Event) -> MatchMatrix:
    """Every pair's match score, and how many accepted meetings crossed regions."""
    everyone = profiles(event)
    scores = {(a.id, b.id): match(a, b).score for a in everyone for b in everyone if a.id != b.id}
    accepted = event_meetings(event)
    return MatchMatrix(
        profiles=everyone,
        scores=scores,
        meetings=len(accepted),
        cross_regional_meetings=sum(1 for m in accepted if cross_regional(m.requester, m.invitee)),
    )
