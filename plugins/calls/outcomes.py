"""What accepted applications become: talks in the programme (speakers taken from the
application, nobody retyped), entries of the public best-practice catalogue, and
tracked vouchers. Each function that writes commits its change, or rolls it all back
before its error reaches the caller (``committing``)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from confsite.api import Person, Session, Talk, User, add_talk, committing, db

from .i18n import _
from .models import Call, CallKind, Decision, Submission, Voucher, VoucherStatus
from .services import CallError


def _person_for(user: User | None, name: str, email: str) -> Person:
    """The applicant's person record: linked to their account, else found by e-mail, else new."""
    query = sa.select(Person)
    if user is not None:
        found = db.session.scalar(query.where(Person.user_id == user.id).limit(1))
        if found is not None:
            return found
    found = db.session.scalar(query.where(sa.func.lower(Person.email) == email.lower()).limit(1))
    if found is not None:
        return found
    person = Person(name=name, email=email, user_id=user.id if user else None)
    db.session.add(person)
    db.session.flush()
    return person


def speakers_of(submission: Submission) -> tuple[Person, ...]:
    people: list[Person] = []
    if submission.user is not None:
        people.append(_person_for(submission.user, submission.user.name, submission.user.email))
    for co in submission.coapplicants:
        person = _person_for(None, co["name"], co["email"])
        if person not in people:
            people.append(person)
    return tuple(people)


def make_talk(submission: Submission, session: Session, user: User | None) -> Talk:
    """Put an accepted contribution into ``session`` as a talk (``add_talk`` commits the
    talk and tells feeds and plugins), then commit the link to the submission."""
    if submission.decision != Decision.ACCEPTED:
        raise CallError(_("Only accepted applications go into the programme."))
    if submission.talk_id is not None:
        raise CallError(_("This contribution is already in the programme."))
    call = submission.call
    event_ok = session.event_id == call.event_id or (
        call.series_id is not None and session.event.series_id == call.series_id
    )
    if not event_ok:
        raise CallError(_("Pick a session of the call's own event or series."))
    talk = add_talk(session, submission.title, submission.summary, speakers_of(submission), user)
    with committing():
        submission.talk = talk
    return talk


def publish_in_catalogue(submission: Submission, published: bool) -> None:
    if published and (
        submission.call.kind != CallKind.BEST_PRACTICE or submission.decision != Decision.ACCEPTED
    ):
        raise CallError(_("Only accepted best practices are published in the catalogue."))
    with committing():
        submission.in_catalogue = published


@dataclass
class CatalogueFilter:
    country: str = ""
    topic: str = ""
    text: str = ""


def catalogue(calls: list[Call], filters: CatalogueFilter) -> list[Submission]:
    """Published best practices of these calls, newest decision first."""
    if not calls:
        return []
    query = (
        sa.select(Submission)
        .where(Submission.call_id.in_([c.id for c in calls]), Submission.in_catalogue.is_(True))
        .options(selectinload(Submission.call))
        .order_by(Submission.decided_at.desc(), Submission.id)
    )
    if filters.country:
        query = query.where(Submission.country == filters.country.upper())
    if filters.topic:
        query = query.where(Submission.topic == filters.topic)
    if filters.text:
        like = f"%{filters.text.lower()}%"
        query = query.where(
            sa.or_(sa.func.lower(Submission.title).like(like), sa.func.lower(Submission.summary).like(like))
        )
    return list(db.session.scalars(query))


def catalogue_facets(calls: list[Call]) -> tuple[list[str], list[str]]:
    """Countries and topics present in the catalogue, for its search form."""
    if not calls:
        return [], []
    rows = db.session.execute(
        sa.select(Submission.country, Submission.topic).where(
            Submission.call_id.in_([c.id for c in calls]), Submission.in_catalogue.is_(True)
        )
    ).all()
    return sorted({r.country for r in rows if r.country}), sorted({r.topic for r in rows if r.topic})


# -- vouchers ----------------------------------------------------------------------------


def set_voucher(
    submission: Submission, amount_eur: int, cofinancing_percent: int, provider: str, status: VoucherStatus
) -> Voucher:
    if submission.decision != Decision.ACCEPTED:
        raise CallError(_("Vouchers go to accepted applications only."))
    if amount_eur <= 0:
        raise CallError(_("The amount must be above zero."))
    if not 0 <= cofinancing_percent <= 100:
        raise CallError(_("The co-financing share is a percentage between 0 and 100."))
    with committing():
        voucher = db.session.scalar(sa.select(Voucher).where(Voucher.submission_id == submission.id))
        if voucher is None:
            voucher = Voucher(submission=submission)
            db.session.add(voucher)
        voucher.amount_eur = amount_eur
        voucher.cofinancing_percent = cofinancing_percent
        voucher.provider = provider.strip()
        voucher.status = status
    return voucher


def vouchers_of(calls: list[Call]) -> list[Voucher]:
    if not calls:
        return []
    return list(
        db.session.scalars(
            sa.select(Voucher)
            .join(Submission)
            .where(Submission.call_id.in_([c.id for c in calls]))
            .options(
                selectinload(Voucher.submission).selectinload(Submission.user),
                selectinload(Voucher.submission).selectinload(Submission.call),
            )
            .order_by(Voucher.id)
        )
    )


@dataclass
class VoucherSummary:
    count: int
    total_eur: int
    cofinanced_eur: int
    by_status: dict[str, int]
    by_provider: dict[str, int]


def voucher_summary(vouchers: list[Voucher]) -> VoucherSummary:
    """Totals for the consortium's reports; cancelled vouchers are not counted."""
    live = [v for v in vouchers if v.status != VoucherStatus.CANCELLED]
    by_status: dict[str, int] = {}
    by_provider: dict[str, int] = {}
    for v in live:
        by_status[v.status.label] = by_status.get(v.status.label, 0) + 1
        key = v.provider or _("(not named)")
        by_provider[key] = by_provider.get(key, 0) + v.amount_eur
    return VoucherSummary(
        count=len(live),
        total_eur=sum(v.amount_eur for v in live),
        cofinanced_eur=round(sum(v.amount_eur * v.cofinancing_percent / 100 for v in live)),
        by_status=by_status,
        by_provider=by_provider,
    )
