"""The calls plugin's sections of event and series reports: calls and their outcome,
vouchers, matchmaking and survey results."""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from confsite.api import (
    EventStatus,
    Figures,
    Paragraph,
    ReportedActivity,
    ReportScope,
    ReportSection,
    Series,
    Table,
    db,
)

from . import matchmaking, outcomes, surveys
from .forms import zone_of
from .i18n import _
from .models import Call, CallKind, Decision, Submission, SubmissionStatus


def calls_in_scope(scope: ReportScope) -> list[Call]:
    """The calls of the report's event, or of the series and its events in the period."""
    if scope.event is not None:
        return list(
            db.session.scalars(sa.select(Call).where(Call.event_id == scope.event.id).order_by(Call.id))
        )
    event_ids = [e.id for e in scope.events]
    conditions = [Call.series_id == scope.series.id] if scope.series is not None else []
    if event_ids:
        conditions.append(Call.event_id.in_(event_ids))
    if not conditions:
        return []
    found = list(db.session.scalars(sa.select(Call).where(sa.or_(*conditions)).order_by(Call.closes_at)))
    if scope.start or scope.end:
        found = [
            c
            for c in found
            if c.event_id is not None
            or (
                (scope.start is None or c.closes_at.date() >= scope.start)
                and (scope.end is None or c.closes_at.date() <= scope.end)
            )
        ]
    return found


def _tallies(calls: list[Call]) -> dict[int, Counter]:
    rows = db.session.execute(
        sa.select(Submission.call_id, Submission.decision, sa.func.count())
        .where(Submission.call_id.in_([c.id for c in calls]), Submission.status == SubmissionStatus.SUBMITTED)
        .group_by(Submission.call_id, Submission.decision)
    ).all()
    tallies: dict[int, Counter] = {c.id: Counter() for c in calls}
    for call_id, decision, n in rows:
        tallies[call_id][decision] += n
    return tallies


def calls_section(calls: list[Call]) -> ReportSection | None:
    applications = [c for c in calls if not c.is_survey]
    if not applications:
        return None
    tallies = _tallies(applications)
    rows = []
    for call in applications:
        t = tallies[call.id]
        rows.append(
            (
                call.title,
                str(call.kind.label),
                str(sum(t.values())),
                str(t[Decision.ACCEPTED]),
                str(t[Decision.WAITLISTED]),
                str(t[Decision.REJECTED]),
            )
        )
    submitted = sum(sum(t.values()) for t in tallies.values())
    awarded = sum(t[Decision.ACCEPTED] for t in tallies.values())
    blocks = [
        Figures(
            (
                (_("Calls"), str(len(applications))),
                (_("Applications"), str(submitted)),
                (_("Selected or awarded"), str(awarded)),
            )
        ),
        Table(
            (_("Call"), _("Kind"), _("Applications"), _("Accepted"), _("Waiting list"), _("Rejected")),
            tuple(rows),
            caption=_("Calls and their outcome"),
        ),
    ]
    return ReportSection(key="calls", title=_("Calls and applications"), blocks=tuple(blocks), order=60)


def vouchers_section(calls: list[Call]) -> ReportSection | None:
    vouchers = outcomes.vouchers_of(calls)
    if not vouchers:
        return None
    summary = outcomes.voucher_summary(vouchers)
    rows = tuple(
        (
            v.submission.title,
            v.provider,
            f"{v.amount_eur:,}",
            f"{v.cofinancing_percent} %",
            str(v.status.label),
        )
        for v in vouchers
    )
    return ReportSection(
        key="calls-vouchers",
        title=_("Vouchers"),
        blocks=(
            Figures(
                (
                    (_("Vouchers awarded"), str(summary.count)),
                    (_("Total (EUR)"), f"{summary.total_eur:,}"),
                    (_("Co-financed (EUR)"), f"{summary.cofinanced_eur:,}"),
                )
            ),
            Table(
                (_("Project"), _("Competence provider"), _("Amount (EUR)"), _("Co-financing"), _("Status")),
                rows,
                caption=_("Vouchers and their status"),
            ),
        ),
        order=61,
    )


def matchmaking_section(scope: ReportScope) -> ReportSection | None:
    events = [scope.event] if scope.event is not None else list(scope.events)
    figures = matchmaking.figures_of(events)
    rows = [
        (event.title, str(f.profiles), str(f.meetings), str(f.cross_regional_meetings))
        for event in events
        if (f := figures[event.id]).profiles
    ]
    if not rows:
        return None
    return ReportSection(
        key="calls-matchmaking",
        title=_("Matchmaking"),
        blocks=(
            Table(
                (_("Event"), _("Profiles"), _("Meetings held"), _("Across regions")),
                tuple(rows),
                caption=_("Matchmaking at call-for-competences workshops"),
            ),
        ),
        order=62,
    )


def surveys_section(calls: list[Call]) -> ReportSection | None:
    blocks: list = []
    for call in calls:
        if call.kind != CallKind.SURVEY:
            continue
        responses = list(
            db.session.scalars(
                sa.select(Submission).where(
                    Submission.call_id == call.id, Submission.status == SubmissionStatus.SUBMITTED
                )
            )
        )
        blocks.append(Paragraph(_("“%(title)s”: %(n)s responses.", title=call.title, n=len(responses))))
        for result in surveys.results(call, responses):
            if result.counts:
                blocks.append(
                    Table(
                        (_("Answer"), _("Responses")),
                        tuple((str(label), str(n)) for label, n in result.counts),
                        caption=result.question.label,
                    )
                )
    if not blocks:
        return None
    return ReportSection(key="calls-surveys", title=_("Survey results"), blocks=tuple(blocks), order=63)


def monitoring_activities(series: Series) -> list[ReportedActivity]:
    """The series' calls, surveys and matchmaking as partnership-monitoring activities,
    each dated on the day its call closed (matchmaking: the event's first day)."""
    events = [e for e in series.events if e.status == EventStatus.PUBLISHED]
    calls = calls_in_scope(ReportScope(series=series, events=tuple(events)))
    tallies = _tallies(calls) if calls else {}
    found = []
    for call in calls:
        if not call.published:
            continue
        zone = zone_of(call)
        day = call.closes_at.astimezone(ZoneInfo(zone)).date()
        t = tallies[call.id]
        if call.is_survey:
            title = _("Survey “%(title)s”: %(n)s responses", title=call.title, n=sum(t.values()))
        else:
            title = _(
                "%(title)s: %(n)s applications, %(k)s selected",
                title=call.title,
                n=sum(t.values()),
                k=t[Decision.ACCEPTED],
            )
        place = call.event.venue if call.event is not None else ""
        found.append(ReportedActivity(title=title, category="dissemination", day=day, place=place))
    figures = matchmaking.figures_of(events)
    for event in events:
        grid = figures[event.id]
        if grid.meetings:
            found.append(
                ReportedActivity(
                    title=_(
                        "1:1 matchmaking at %(event)s: %(n)s meetings, %(x)s across regions",
                        event=event.title,
                        n=grid.meetings,
                        x=grid.cross_regional_meetings,
                    ),
                    category="workshop",
                    day=event.local(event.start_at).date(),
                    place=event.venue,
                )
            )
    return found


def report_sections(scope: ReportScope) -> list[ReportSection]:
    calls = calls_in_scope(scope)
    found = [
        calls_section(calls),
        vouchers_section(calls),
        matchmaking_section(scope),
        surveys_section(calls),
    ]
    return [s for s in found if s is not None]
