"""The take-home sections of event and series reports (the ``report_sections`` hook):
the published messages session by session, then the main outcomes.

Blocks carry plain text derived from the sanitised HTML, so nothing a rapporteur typed
becomes markup in a report.
"""

from __future__ import annotations

from confsite.api import BulletList, Event, Heading, Paragraph, ReportScope, ReportSection, plugin_enabled

from .exports import talk_heading
from .formatting import plain_text
from .queries import by_session, published_event_messages, published_outcomes
from .settings import PLUGIN


def _events_of(scope: ReportScope) -> list[Event]:
    if scope.event is not None:
        return [scope.event]
    return [e for e in scope.events if plugin_enabled(PLUGIN, event=e)]


def report_sections(scope: ReportScope) -> list[ReportSection]:
    events = _events_of(scope)
    several = len(events) > 1
    message_blocks: list = []
    outcome_blocks: list = []
    for event in events:
        sessions = by_session(published_event_messages(event))
        if several and sessions:
            message_blocks.append(Heading(event.title, level=3))
        for item in sessions:
            message_blocks.append(Heading(item.session.title, level=4 if several else 3))
            for group in item.groups:
                if group.talk is not None:
                    message_blocks.append(Paragraph(talk_heading(group.talk), emphasis=True))
                message_blocks.append(BulletList(tuple(plain_text(m.body) for m in group.messages)))
        outcome = published_outcomes(event)
        if outcome is not None:
            if several:
                outcome_blocks.append(Heading(event.title, level=3))
            outcome_blocks += [Paragraph(p) for p in outcome.paragraphs_text]
            if outcome.key_points:
                outcome_blocks.append(BulletList(tuple(plain_text(p) for p in outcome.key_points)))
    sections = []
    if message_blocks:
        sections.append(
            ReportSection("take_home.messages", "Take-home messages", tuple(message_blocks), order=40)
        )
    if outcome_blocks:
        sections.append(ReportSection("take_home.outcomes", "Main outcomes", tuple(outcome_blocks), order=45))
    return sections
