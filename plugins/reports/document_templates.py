"""Document templates: which sections a report has, and in which order.

- ``standard``: every enabled plugin's sections, in the organiser's order (they may
  leave any out).
- ``key-area``: the structure of a consortium's key-area deliverable: overview; one
  chapter per chosen event with its facts, its own "in a nutshell" figures and charts,
  one section per session (chair, speakers, narrative, each talk's take-home
  messages), the policy areas discussed in its panels with their key recommendations,
  and its main outcomes; then capacity building, co-creation and the key message to
  policy makers. Other plugins' sections (fact sheets, activity tables…) are not part
  of it.
- ``monitoring``: the six-monthly monitoring report of a partnership series, made
  of the monitoring plugin's sections only.

Templates only rearrange what plugins publish through ``report_sections``: the
blocks are regrouped by their headings, never read from another plugin's tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from confsite.api import (
    Block,
    BulletList,
    Event,
    Heading,
    Paragraph,
    ReportScope,
    ReportSection,
    _,
    _l,
    load_sessions,
    report_sections,
    scope_for_event,
)

from .models import ReportSettings
from .report import area_blocks, paragraphs
from .targets import areas_in_scope
from .voting import METHOD, rankings


@dataclass(frozen=True)
class DocumentTemplate:
    key: str
    label: object  # lazy string
    description: object
    sections: Callable[[ReportScope, ReportSettings | None], list[ReportSection]]


def _standard(scope: ReportScope, settings: ReportSettings | None) -> list[ReportSection]:
    return report_sections(scope)


def _groups(blocks: Iterable[Block], level: int) -> list[tuple[str, list[Block]]]:
    """Split blocks at headings of ``level``: (heading text, blocks under it); blocks
    before the first such heading come under ""."""
    groups: list[tuple[str, list[Block]]] = [("", [])]
    for block in blocks:
        if isinstance(block, Heading) and block.level == level:
            groups.append((block.text, []))
        else:
            groups[-1][1].append(block)
    return [(title, items) for title, items in groups if title or items]


def _talk_messages(blocks: list[Block]) -> tuple[dict[str, BulletList], list[Block]]:
    """A session's take-home blocks: per talk (the emphasised line naming the talk,
    then its list), and the messages not tied to a talk."""
    per_talk: dict[str, BulletList] = {}
    loose: list[Block] = []
    current = ""
    for block in blocks:
        if isinstance(block, Paragraph) and block.emphasis:
            current = block.text
        elif isinstance(block, BulletList) and current:
            per_talk[current] = block
            current = ""
        else:
            loose.append(block)
    return per_talk, loose


def _find_messages(per_talk: dict[str, BulletList], talk_title: str) -> BulletList | None:
    for label, messages in per_talk.items():
        if label == talk_title or label.startswith(talk_title + " — "):
            return messages
    return None


def _session_blocks(programme: list[Block], messages: list[Block]) -> list[Block]:
    """A session's programme blocks with each talk's take-home messages after it."""
    per_talk, loose = _talk_messages(messages)
    out: list[Block] = []
    talks = _groups(programme, 4)
    for title, blocks in talks:
        if title:
            out.append(Heading(title, 4))
        out.extend(blocks)
        found = _find_messages(per_talk, title) if title else None
        if found is not None:
            out.append(Paragraph(_("Take-home messages"), emphasis=True))
            out.append(found)
    if loose:
        out.append(Heading(_("Take-home messages of the session"), 4))
        out.extend(loose)
    return out


def _event_chapter(event: Event) -> ReportSection:
    sections = {s.key: s for s in report_sections(scope_for_event(event))}
    blocks: list[Block] = []
    overview = sections.get("overview")
    if overview is not None:  # the event's facts and description, without its title
        blocks.extend(b for b in overview.blocks if not (isinstance(b, Heading) and b.text == event.title))
    attendance = sections.get("attendance")
    if attendance is not None:
        blocks.append(Heading(_("The event in a nutshell"), 3))
        blocks.extend(attendance.blocks)
    programme = sections.get(f"programme-{event.slug}")
    messages = (
        dict(_groups(sections["take_home.messages"].blocks, 3)) if "take_home.messages" in sections else {}
    )
    areas = areas_in_scope(scope_for_event(event))
    ranked = rankings(areas)
    areas_by_session: dict[str, list] = {}
    loose_areas = []
    titles = {session.id: session.title for session in load_sessions(event)}
    for area in areas:
        if area.session_id in titles:
            areas_by_session.setdefault(titles[area.session_id], []).append(area)
        else:
            loose_areas.append(area)
    if programme is not None:
        for title, session_blocks in _groups(programme.blocks, 3):
            if not title:
                continue
            blocks.append(Heading(title, 3))
            blocks.extend(_session_blocks(session_blocks, messages.get(title, [])))
            for area in areas_by_session.get(title, []):
                blocks.append(Heading(_("Policy area: %(title)s", title=area.title), 4))
                blocks.extend(
                    Heading(b.text, 5) if _is_heading(b, 4) else b
                    for b in area_blocks(area, ranked[area.id])[1:]
                )
    for area in loose_areas:
        blocks.extend(area_blocks(area, ranked[area.id]))
    if areas:
        blocks.append(Paragraph(_("How the order was set: %(method)s", method=METHOD)))
    outcomes = sections.get("take_home.outcomes")
    if outcomes is not None:
        blocks.append(Heading(_("Main outcomes"), 3))
        blocks.extend(outcomes.blocks)
    return ReportSection(f"event-{event.slug}", event.title, tuple(blocks), order=20)


def _is_heading(block: Block, level: int) -> bool:
    return isinstance(block, Heading) and block.level == level


def _key_area(scope: ReportScope, settings: ReportSettings | None) -> list[ReportSection]:
    own = {s.key: s for s in report_sections(scope)}
    chapters: list[ReportSection] = []
    if settings is not None and settings.introduction.strip():
        chapters.append(
            ReportSection("introduction", _("Overview"), paragraphs(settings.introduction), order=5)
        )
    elif "overview" in own:
        chapters.append(own["overview"])
    chapters.extend(_event_chapter(event) for event in scope.events)
    if "capacity-building" in own:
        chapters.append(own["capacity-building"])
    if "co-creation" in own:
        chapters.append(own["co-creation"])
    if settings is not None and settings.conclusions.strip():
        chapters.append(
            ReportSection(
                "conclusions", _("Key message to policy makers"), paragraphs(settings.conclusions), order=900
            )
        )
    return chapters


def _monitoring(scope: ReportScope, settings: ReportSettings | None) -> list[ReportSection]:
    """The partnership monitoring report (seeds 000/001): only the monitoring plugin's
    sections (executive summary, fact sheet, activity tables with their comments,
    progress report, SDG matrix, self-evaluation, previous versions), in its order."""
    sections = [s for s in report_sections(scope) if s.key.startswith("monitoring-")]
    return sorted(sections, key=lambda s: s.order)


TEMPLATES = {
    t.key: t
    for t in (
        DocumentTemplate(
            "standard",
            _l("Standard: every plugin's sections"),
            _l("All sections the enabled plugins contribute, in your order."),
            _standard,
        ),
        DocumentTemplate(
            "key-area",
            _l("Key-area report (EU deliverable)"),
            _l(
                "Overview, one chapter per chosen event (in a nutshell, sessions with their "
                "take-home messages, policy areas and key recommendations, main outcomes), "
                "capacity building, co-creation and the key message to policy makers."
            ),
            _key_area,
        ),
        DocumentTemplate(
            "monitoring",
            _l("Partnership monitoring report"),
            _l(
                "For a partnership series: executive summary, fact sheet, past and future "
                "activities, progress report, SDG matrix, self-evaluation and previous versions."
            ),
            _monitoring,
        ),
    )
}


def template_of(settings: ReportSettings | None) -> DocumentTemplate:
    key = settings.template if settings is not None else "standard"
    return TEMPLATES.get(key, TEMPLATES["standard"])
