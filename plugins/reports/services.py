"""Every write the report pages ask for, each one unit of work: it commits, or rolls
everything back and re-raises :class:`ReportError` (with a message for the user).

The report builder's own settings (texts, template and chosen events, section order,
deliverable metadata and images) are written here; each checks the user is an
organiser of the target. Recommendations, votes, builds and publishing keep their
rules in their own modules (recommendations.py, voting.py, builds.py, publishing.py);
the functions below are the views' way to them and add the commit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import sqlalchemy as sa

from confsite.api import Event, EventStatus, Series, Session, Talk, User, committing, db, enqueue

from . import recommendations as recs
from . import voting
from .builds import request_build, run_build
from .deliverable import DISSEMINATION_LEVELS, Deliverable, image_data_uri, parse_history
from .document_templates import TEMPLATES
from .i18n import _
from .models import PolicyArea, PublishedReport, Recommendation, ReportBuild, ReportSettings
from .publishing import publish
from .targets import NotAllowed, ReportError, Target, is_organiser, settings_of

MOVES = ("up", "down", "hide", "show")


def _settings_for_organiser(user: User, target: Target) -> ReportSettings:
    if not is_organiser(user, target):
        raise NotAllowed(_("Only organisers can change the report."))
    return settings_of(target, create=True)


def _save_texts(
    user: User,
    target: Target,
    *,
    title: str,
    introduction: str,
    capacity_building: str,
    conclusions: str,
    period: tuple[date | None, date | None] | None = None,
) -> ReportSettings:
    """The report's own texts and, for a series, the period it covers."""
    settings = _settings_for_organiser(user, target)
    if period is not None:
        start, end = period
        if start and end and end < start:
            raise ReportError(_("The period must end on or after its start."))
        settings.period_start, settings.period_end = start, end
    settings.title = (title or "").strip()
    settings.introduction = introduction or ""
    settings.capacity_building = capacity_building or ""
    settings.conclusions = conclusions or ""
    return settings


def series_events(target: Target) -> list[Event]:
    """The events a series report can cover: the series' published events."""
    if target.series is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(Event.series_id == target.series.id, Event.status == EventStatus.PUBLISHED)
            .order_by(Event.start_at, Event.id)
        )
    )


def event_area_counts(series: Series) -> list[tuple[Event, int]]:
    """The series' events that have policy areas of their own, with how many, by date."""
    rows = db.session.execute(
        sa.select(Event, sa.func.count(PolicyArea.id))
        .join(PolicyArea, PolicyArea.event_id == Event.id)
        .where(Event.series_id == series.id)
        .group_by(Event.id)
        .order_by(Event.start_at)
    )
    return [(event, count) for event, count in rows]


def _choose_layout(user: User, target: Target, *, template: str, event_ids: list[int]) -> ReportSettings:
    """The document template and, for a series, the events it covers (none chosen:
    every published event in the period)."""
    settings = _settings_for_organiser(user, target)
    if template not in TEMPLATES:
        raise ReportError(_("Unknown document template."))
    allowed = {event.id for event in series_events(target)}
    if any(event_id not in allowed for event_id in event_ids):
        raise ReportError(_("Choose events of this series."))
    settings.template = template
    settings.event_ids = sorted(set(event_ids))
    return settings


def _arrange_section(user: User, target: Target, keys: list[str], key: str, move: str) -> ReportSettings:
    """Move a section up or down, or include/leave it out; saves the whole order."""
    if key not in keys or move not in MOVES:
        raise ReportError(_("Unknown section or action."))
    settings = _settings_for_organiser(user, target)
    keys = list(keys)
    index = keys.index(key)
    if move in ("up", "down"):
        other = index - 1 if move == "up" else index + 1
        if 0 <= other < len(keys):
            keys[index], keys[other] = keys[other], keys[index]
    hidden = set(settings.hidden_sections or [])
    if move == "hide":
        hidden.add(key)
    elif move == "show":
        hidden.discard(key)
    settings.section_order = keys
    settings.hidden_sections = sorted(hidden)
    return settings


def _save_deliverable(
    user: User,
    target: Target,
    values: dict[str, str],
    *,
    history: str = "",
    logo: bytes | None = None,
    emblem: bytes | None = None,
    remove_logo: bool = False,
    remove_emblem: bool = False,
) -> Deliverable:
    """The cover metadata; images are replaced only when a new one is uploaded."""
    settings = _settings_for_organiser(user, target)
    current = Deliverable.from_json(settings.deliverable)
    level = values.get("dissemination_level") or "PU"
    if level not in DISSEMINATION_LEVELS:
        raise ReportError(_("Unknown dissemination level."))
    data = current.to_json()
    text_fields = set(data) - {"history", "logo", "emblem"}
    for name in text_fields:
        if name in values:
            value = (values[name] or "").strip()
            if len(value) > 2000:
                raise ReportError(_("A deliverable field is longer than 2000 characters."))
            data[name] = value
    data["dissemination_level"] = level
    data["history"] = [entry.__dict__ for entry in parse_history(history)]
    if logo:
        data["logo"] = image_data_uri(logo)
    elif remove_logo:
        data["logo"] = ""
    if emblem:
        data["emblem"] = image_data_uri(emblem)
    elif remove_emblem:
        data["emblem"] = ""
    settings.deliverable = data
    return Deliverable.from_json(data)


def save_texts(
    user: User,
    target: Target,
    *,
    title: str,
    introduction: str,
    capacity_building: str,
    conclusions: str,
    period: tuple[date | None, date | None] | None = None,
) -> ReportSettings:
    """Save the report's own texts and, for a series, the period it covers."""
    with committing():
        return _save_texts(
            user,
            target,
            title=title,
            introduction=introduction,
            capacity_building=capacity_building,
            conclusions=conclusions,
            period=period,
        )


def choose_layout(user: User, target: Target, *, template: str, event_ids: list[int]) -> ReportSettings:
    """Save the document template and, for a series, the events it covers."""
    with committing():
        return _choose_layout(user, target, template=template, event_ids=event_ids)


def arrange_section(user: User, target: Target, keys: list[str], key: str, move: str) -> ReportSettings:
    """Move a section up or down, or include/leave it out, and save the whole order."""
    with committing():
        return _arrange_section(user, target, keys, key, move)


def save_deliverable(
    user: User,
    target: Target,
    values: dict[str, str],
    *,
    history: str = "",
    logo: bytes | None = None,
    emblem: bytes | None = None,
    remove_logo: bool = False,
    remove_emblem: bool = False,
) -> Deliverable:
    """Save the cover metadata; images are replaced only when a new one is uploaded."""
    with committing():
        return _save_deliverable(
            user,
            target,
            values,
            history=history,
            logo=logo,
            emblem=emblem,
            remove_logo=remove_logo,
            remove_emblem=remove_emblem,
        )


# -- policy areas and recommendations ------------------------------------------------------
def save_area(
    user: User,
    target: Target,
    *,
    title: str,
    rationale: str,
    position: int | None,
    session: Session | None,
    area: PolicyArea | None,
) -> PolicyArea:
    """Create (``area`` None) or update a policy area of ``target``."""
    with committing():
        return recs.save_area(
            user, target, title=title, rationale=rationale, position=position, session=session, area=area
        )


def create_recommendation(
    user: User,
    area: PolicyArea,
    *,
    text: str,
    addressee: str | None,
    sessions: list[Session],
    talks: list[Talk],
    submit: bool,
) -> Recommendation:
    """Propose a recommendation in ``area`` (a draft, or submitted for review)."""
    with committing():
        return recs.create_recommendation(
            user, area, text=text, addressee=addressee, sessions=sessions, talks=talks, submit=submit
        )


def edit_recommendation(
    user: User,
    rec: Recommendation,
    *,
    text: str,
    addressee: str | None,
    sessions: list[Session],
    talks: list[Talk],
) -> bool:
    """Change a recommendation's text, addressee and links; returns whether anything changed."""
    with committing():
        return recs.edit_recommendation(
            user, rec, text=text, addressee=addressee, sessions=sessions, talks=talks
        )


def act_on_recommendation(
    user: User,
    rec: Recommendation,
    action: str,
    *,
    reason: str | None = None,
    into_id: int | None = None,
    comment: str | None = None,
) -> None:
    """Submit, accept, reject (with ``reason``), merge (into ``into_id``) or, for any
    other action, comment on (with ``comment``) a recommendation. Only reviewers accept, reject and merge; a
    missing reason or comment (None) is refused after that check."""
    with committing():
        if action in ("accept", "reject", "merge"):
            recs.ensure_reviewer(user, rec)
        if action == "submit":
            recs.submit_recommendation(user, rec)
        elif action == "accept":
            recs.accept_recommendation(user, rec)
        elif action == "reject":
            if reason is None:
                raise ReportError(_("Give a reason for rejecting the recommendation."))
            recs.reject_recommendation(user, rec, reason)
        elif action == "merge":
            into = db.session.get(Recommendation, into_id or 0)
            if into is None or into.area_id != rec.area_id:
                raise ReportError(_("Choose a recommendation of the same area to merge into."))
            recs.merge_recommendation(user, rec, into)
        else:
            if comment is None:
                raise ReportError(_("A comment cannot be empty (at most 2000 characters)."))
            recs.add_comment(user, rec, comment)


# -- voting -------------------------------------------------------------------------------
def cast_votes(user: User, target: Target, scores: dict[int, int | None]) -> int:
    """Store the scores of the user's organisation; returns how many were stored."""
    with committing():
        return voting.cast_votes(user, target, scores)


def set_window(user: User, target: Target, opens: datetime, closes: datetime) -> ReportSettings:
    """Set when the vote opens and closes."""
    with committing():
        return voting.set_window(user, target, opens, closes)


def set_quorum(user: User, target: Target, quorum: int) -> ReportSettings:
    """Set how many votes a recommendation needs to be ranked."""
    with committing():
        return voting.set_quorum(user, target, quorum)


def freeze_order(user: User, target: Target, *, frozen: bool = True) -> None:
    """Freeze the final order of the recommendations (``frozen`` False: open it again)."""
    with committing():
        (voting.freeze_order if frozen else voting.unfreeze_order)(user, target)


# -- builds and publishing ------------------------------------------------------------------
def start_build(user: User, target: Target, fmt: str, link: Callable[[ReportBuild], str]) -> ReportBuild:
    """Queue a build of a report file and its background job (sent once committed);
    ``link(build)`` is the address of the build's page, for the requester's e-mail."""
    with committing():
        build = request_build(user, target, fmt)
        db.session.flush()  # the build's id goes into the job and the link
        enqueue(run_build, build.id, link(build))
        return build


def publish_report(user: User, target: Target) -> PublishedReport:
    """Freeze the current report as its next published version."""
    with committing():
        return publish(user, target)
