"""Loads the calls plugin's demo (see :mod:`.demo_content`) through its services.

Idempotent: a call is recognised by its title, the workshop by its slug, accounts by
e-mail, profiles by (event, user); what exists is left alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from confsite.api import (
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    Series,
    Session,
    SessionKind,
    User,
    create_user,
    db,
    user_by_email,
)

from . import demo_content as content
from . import evaluation, matchmaking, outcomes, services
from .answers import Answers
from .models import Call, CallKind, Decision, FieldKind, VoucherStatus


def _at(text: str, zone: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))


def _user(email: str, name: str) -> User:
    return user_by_email(email) or create_user(email, content.PASSWORD, display_name=name)


def _call(kind: CallKind, spec: dict, zone: str, *, event=None, series=None, **flags) -> Call | None:
    """A new call, or None when the demo already has it."""
    if db.session.scalar(sa.select(Call.id).where(Call.title == spec["title"])) is not None:
        return None
    return services.create_call(
        services.CallInput(
            kind=kind,
            title=spec["title"],
            description=spec["description"],
            eligibility=spec.get("eligibility", ""),
            opens_at=_at(spec["opens"], zone),
            closes_at=_at(spec["closes"], zone),
            published=True,
            allow_coapplicants=flags.get("coapplicants", False),
            anonymous=flags.get("anonymous", False),
            two_stage=flags.get("two_stage", False),
        ),
        event=event,
        series=series,
    )


def _field(call: Call, kind: FieldKind, label: str, **kw) -> None:
    services.add_field(
        call,
        services.FieldInput(
            kind=kind,
            label=label,
            help=kw.get("help", ""),
            required=kw.get("required", False),
            options=kw.get("options", []),
            max_length=kw.get("max_length"),
            file_types=kw.get("file_types", []),
            max_size_kb=kw.get("max_size_kb"),
        ),
    )


def _submitted(call: Call, user: User, title: str, summary: str = "", values: dict | None = None):
    """An application as if sent while the call was open (the demo may load after it closed)."""
    closes = call.closes_at
    call.closes_at = max(closes, datetime.now(ZoneInfo("UTC")) + timedelta(minutes=5))
    opens = call.opens_at
    call.opens_at = min(opens, datetime.now(ZoneInfo("UTC")) - timedelta(minutes=5))
    submission = services.save(
        call, user, Answers(title=title, summary=summary, values=values or {}), None, final=True
    )
    call.closes_at, call.opens_at = closes, opens
    return submission


def _workshop(series: Series | None) -> Event:
    spec = content.WORKSHOP
    event = db.session.scalar(sa.select(Event).where(Event.slug == spec["slug"]))
    if event is not None:
        return event
    zone = spec["timezone"]
    event = Event(
        slug=spec["slug"],
        title=spec["title"],
        description=spec["description"],
        kind=EventKind.WORKSHOP,
        format=EventFormat.IN_PERSON,
        status=EventStatus.PUBLISHED,
        start_at=_at(spec["start"], zone),
        end_at=_at(spec["end"], zone),
        timezone=zone,
        venue=spec["venue"],
        series=series,
    )
    db.session.add(event)
    day = spec["start"][:10]
    for position, (title, kind, start, end) in enumerate(content.WORKSHOP_SESSIONS):
        db.session.add(
            Session(
                event=event,
                title=title,
                kind=SessionKind(kind),
                start_at=_at(f"{day}T{start}", zone),
                end_at=_at(f"{day}T{end}", zone),
                position=position,
            )
        )
    db.session.flush()
    return event


def _matchmaking(event: Event) -> None:
    profiles = {}
    for email, name, region, organisation, needs, offers, trl in content.PARTICIPANTS:
        user = _user(email, name)
        profile = matchmaking.profile_of(event, user)
        if profile is None:
            profile = matchmaking.save_profile(
                event,
                user,
                matchmaking.ProfileInput(name, organisation, region, "Health", trl, needs, offers, ""),
            )
        profiles[email] = profile
    slots = matchmaking.slots(event)
    if not slots:
        start = _at(f"{content.WORKSHOP['start'][:10]}T11:30", event.timezone)
        slots = [
            matchmaking.add_slot(
                event,
                start + timedelta(minutes=30 * i),
                start + timedelta(minutes=30 * i + 25),
                f"Table {i + 1}",
            )
            for i in range(3)
        ]
        for requester, invitee, slot_index, accepted in content.MEETINGS:
            meeting = matchmaking.request_meeting(slots[slot_index], profiles[requester], profiles[invitee])
            if accepted:
                matchmaking.answer_meeting(meeting, profiles[invitee], accept=True)


def _best_practice(series: Series, reviewers: list[User]) -> None:
    spec = content.BEST_PRACTICE
    call = _call(CallKind.BEST_PRACTICE, spec, "Europe/Brussels", series=series)
    if call is None:
        return
    _field(call, FieldKind.LONG_TEXT, "What changed for patients", required=True, max_length=1500)
    _field(call, FieldKind.CHOICE, "Topic", required=True, options=spec["topics"])
    _field(call, FieldKind.COUNTRY, "Country", required=True)
    _field(call, FieldKind.ORGANISATION, "Organisation")
    _field(call, FieldKind.FILE, "Supporting document", file_types=["pdf"], max_size_kb=5120)
    _field(call, FieldKind.CONSENT, "An awarded example may be published in the catalogue", required=True)
    for name, description, weight, scale in spec["criteria"]:
        evaluation.add_criterion(call, name, description, weight, scale)
    for reviewer in reviewers:
        evaluation.add_reviewer(call, reviewer.email)
    db.session.flush()
    keys = {f.label: f"f{f.id}" for f in call.fields}
    for (
        email,
        name,
        title,
        summary,
        country,
        topic,
        scores,
        decision,
        published,
    ) in content.BEST_PRACTICE_ENTRIES:
        values = {
            keys["What changed for patients"]: summary,
            keys["Topic"]: topic,
            keys["Country"]: country,
            keys["An awarded example may be published in the catalogue"]: True,
        }
        submission = _submitted(call, _user(email, name), title, summary, values)
        for reviewer, marks in zip(reviewers, scores, strict=False):
            review = evaluation.assign(submission, reviewer)
            evaluation.score(
                review, dict(zip([c.id for c in call.criteria], marks, strict=True)), "", final=True
            )
        evaluation.decide(submission, Decision(decision), notify=False)
        if published:
            outcomes.publish_in_catalogue(submission, True)
    # The third reviewer stepped aside from one application.
    applications = services.submissions_of(call)
    if applications:
        evaluation.declare_conflict(
            evaluation.assign(applications[0], reviewers[2]), "Works in the same hospital"
        )


def _projects(event: Event, reviewers: list[User]) -> None:
    spec = content.PROJECTS
    call = _call(CallKind.PROJECTS, spec, event.timezone, event=event, two_stage=True, coapplicants=True)
    if call is None:
        return
    _field(call, FieldKind.LONG_TEXT, "Competences you need", required=True, max_length=2000)
    _field(call, FieldKind.CHOICE, "Project phase", options=["TRL 2-5", "TRL 6-9"], required=True)
    for name, description, weight, scale in spec["criteria"]:
        evaluation.add_criterion(call, name, description, weight, scale)
    for reviewer in reviewers:
        evaluation.add_reviewer(call, reviewer.email)
    db.session.flush()
    keys = {f.label: f"f{f.id}" for f in call.fields}
    marks = {"saskia.peeters@example.org": 8, "jerome.vial@example.org": 7, "zdenek.horak@example.org": 5}
    for email, name, _region, organisation, needs, _offers, trl in content.PARTICIPANTS:
        if not needs:
            continue
        values = {
            keys["Competences you need"]: ", ".join(needs),
            keys["Project phase"]: "TRL 6-9" if (trl or 0) >= 6 else "TRL 2-5",
        }
        submission = _submitted(call, _user(email, name), f"{organisation}: next TRL step", "", values)
        for reviewer in reviewers[:2]:
            review = evaluation.assign(submission, reviewer)
            evaluation.score(review, {c.id: marks[email] for c in call.criteria}, "", final=True)
    best = [r.submission.id for r in evaluation.ranking(call)[:2]]
    evaluation.set_shortlist(call, set(best))


def _vouchers(event: Event) -> None:
    call = _call(CallKind.VOUCHERS, content.VOUCHERS, event.timezone, event=event)
    if call is None:
        return
    for email, title, amount, share, provider, status in content.VOUCHER_ENTRIES:
        user = user_by_email(email)
        submission = _submitted(call, user, title)
        evaluation.decide(submission, Decision.ACCEPTED, notify=False)
        outcomes.set_voucher(submission, amount, share, provider, VoucherStatus(status))


def _contribution(event: Event) -> None:
    spec = content.CONTRIBUTION
    call = _call(CallKind.CONTRIBUTIONS, spec, event.timezone, event=event)
    if call is None:
        return
    email, title, summary = spec["accepted"]
    submission = _submitted(call, user_by_email(email), title, summary)
    evaluation.decide(submission, Decision.ACCEPTED, notify=False)
    session = db.session.scalar(
        sa.select(Session).where(Session.event_id == event.id, Session.title == "Contributed experiences")
    )
    if session is not None:
        outcomes.make_talk(submission, session, None)


def _competences(event: Event) -> None:
    spec = content.COMPETENCES
    call = _call(CallKind.COMPETENCES, spec, event.timezone, event=event)
    if call is None:
        return
    _field(call, FieldKind.CHOICE, "Service group", required=True, options=spec["services"])
    _field(call, FieldKind.TEXT, "Typical price range", max_length=200)
    db.session.flush()
    group = f"f{call.fields[0].id}"
    for email, title, summary, service in spec["offers"]:
        _submitted(call, user_by_email(email), title, summary, {group: service})


def _survey(event: Event) -> None:
    spec = content.SURVEY
    call = _call(CallKind.SURVEY, spec, event.timezone, event=event, anonymous=True)
    if call is None:
        return
    _field(call, FieldKind.MULTI_CHOICE, "Barriers your project met", required=True, options=spec["barriers"])
    _field(call, FieldKind.LONG_TEXT, "What would have helped", max_length=1000)
    db.session.flush()
    keys = [f"f{f.id}" for f in call.fields]
    for picked, text in spec["answers"]:
        _submitted(call, None, "", "", {keys[0]: picked, keys[1]: text})


def load() -> None:
    series = db.session.scalar(sa.select(Series).where(Series.slug == content.SERIES))
    event = _workshop(series)
    reviewers = [_user(email, name) for email, name in content.REVIEWERS]
    _matchmaking(event)
    if series is not None:
        _best_practice(series, reviewers)
    _projects(event, reviewers)
    _competences(event)
    _vouchers(event)
    _contribution(event)
    _survey(event)
    db.session.commit()
